using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SequenceRNNOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SequenceRNNOptions : IBuiltinOptions<SequenceRNNOptions>
{
    public bool TimeMajor { get; init; } = false;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static SequenceRNNOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SequenceRNNOptions>(G.BuiltinOptions.SequenceRNNOptions) is not G.SequenceRNNOptions o)
            return new();
        return new()
        {
            TimeMajor = o.TimeMajor,
            FusedActivation = table.Activation(o.FusedActivationFunction, "SequenceRNNOptions"),
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
