using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnidirectionalSequenceLSTMOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record UnidirectionalSequenceLSTMOptions : IBuiltinOptions<UnidirectionalSequenceLSTMOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public float CellClip { get; init; } = 0f;
    public float ProjClip { get; init; } = 0f;
    public bool TimeMajor { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;
    public bool DiagonalRecurrentTensors { get; init; } = false;

    public static UnidirectionalSequenceLSTMOptions Parse(OptionsTable table)
    {
        if (table.Get<G.UnidirectionalSequenceLSTMOptions>(G.BuiltinOptions.UnidirectionalSequenceLSTMOptions) is not G.UnidirectionalSequenceLSTMOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "UnidirectionalSequenceLSTMOptions"),
            CellClip = o.CellClip,
            ProjClip = o.ProjClip,
            TimeMajor = o.TimeMajor,
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
            DiagonalRecurrentTensors = o.DiagonalRecurrentTensors,
        };
    }
}
