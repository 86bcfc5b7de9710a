using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DivOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DivOptions : IBuiltinOptions<DivOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    public static DivOptions Parse(OptionsTable table)
    {
        if (table.Get<G.DivOptions>(G.BuiltinOptions.DivOptions) is not G.DivOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "DivOptions"),
        };
    }
}
