using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>MulOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record MulOptions : IBuiltinOptions<MulOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    public static MulOptions Parse(OptionsTable table)
    {
        if (table.Get<G.MulOptions>(G.BuiltinOptions.MulOptions) is not G.MulOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "MulOptions"),
        };
    }
}
