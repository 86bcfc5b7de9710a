using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>L2NormOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record L2NormOptions : IBuiltinOptions<L2NormOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    public static L2NormOptions Parse(OptionsTable table)
    {
        if (table.Get<G.L2NormOptions>(G.BuiltinOptions.L2NormOptions) is not G.L2NormOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "L2NormOptions"),
        };
    }
}
