using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloCustomCallOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloCustomCallOptions : IBuiltinOptions<StablehloCustomCallOptions>
{
    public string CallTargetName { get; init; } = "";
    public bool HasSideEffect { get; init; } = false;
    public string BackendConfig { get; init; } = "";
    public int ApiVersion { get; init; } = 0;
    public int[] CalledComputations { get; init; } = [];
    public ReadOnlyMemory<byte> CustomAttributes { get; init; }

    public static StablehloCustomCallOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloCustomCallOptions>(G.BuiltinOptions2.StablehloCustomCallOptions) is not G.StablehloCustomCallOptions o)
            return new();
        return new()
        {
            CallTargetName = table.String(S.StablehloCustomCallOptions.CallTargetName, "StablehloCustomCallOptions", "call_target_name"),
            HasSideEffect = o.HasSideEffect,
            BackendConfig = table.String(S.StablehloCustomCallOptions.BackendConfig, "StablehloCustomCallOptions", "backend_config"),
            ApiVersion = o.ApiVersion,
            CalledComputations = table.Ints(S.StablehloCustomCallOptions.CalledComputations, "StablehloCustomCallOptions", "called_computations"),
            CustomAttributes = table.Bytes(S.StablehloCustomCallOptions.CustomAttributes),
        };
    }
}
