using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BidirectionalSequenceRNNOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BidirectionalSequenceRNNOptions : IBuiltinOptions<BidirectionalSequenceRNNOptions>
{
    public bool TimeMajor { get; init; } = false;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool MergeOutputs { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static BidirectionalSequenceRNNOptions Parse(OptionsTable table)
    {
        if (table.Get<G.BidirectionalSequenceRNNOptions>(G.BuiltinOptions.BidirectionalSequenceRNNOptions) is not G.BidirectionalSequenceRNNOptions o)
            return new();
        return new()
        {
            TimeMajor = o.TimeMajor,
            FusedActivation = table.Activation(o.FusedActivationFunction, "BidirectionalSequenceRNNOptions"),
            MergeOutputs = o.MergeOutputs,
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
