using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ConcatenationOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ConcatenationOptions : IBuiltinOptions<ConcatenationOptions>
{
    public int Axis { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    public static ConcatenationOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ConcatenationOptions>(G.BuiltinOptions.ConcatenationOptions) is not G.ConcatenationOptions o)
            return new();
        return new()
        {
            Axis = o.Axis,
            FusedActivation = table.Activation(o.FusedActivationFunction, "ConcatenationOptions"),
        };
    }
}
