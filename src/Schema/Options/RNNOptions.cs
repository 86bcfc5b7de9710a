using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>RNNOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record RNNOptions : IBuiltinOptions<RNNOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static RNNOptions Parse(OptionsTable table)
    {
        if (table.Get<G.RNNOptions>(G.BuiltinOptions.RNNOptions) is not G.RNNOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "RNNOptions"),
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
