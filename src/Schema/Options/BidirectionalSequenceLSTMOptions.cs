using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BidirectionalSequenceLSTMOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BidirectionalSequenceLSTMOptions : IBuiltinOptions<BidirectionalSequenceLSTMOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public float CellClip { get; init; } = 0f;
    public float ProjClip { get; init; } = 0f;
    public bool MergeOutputs { get; init; } = false;
    public bool TimeMajor { get; init; } = true;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    public static BidirectionalSequenceLSTMOptions Parse(OptionsTable table)
    {
        if (table.Get<G.BidirectionalSequenceLSTMOptions>(G.BuiltinOptions.BidirectionalSequenceLSTMOptions) is not G.BidirectionalSequenceLSTMOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "BidirectionalSequenceLSTMOptions"),
            CellClip = o.CellClip,
            ProjClip = o.ProjClip,
            MergeOutputs = o.MergeOutputs,
            TimeMajor = o.TimeMajor,
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
        };
    }
}
