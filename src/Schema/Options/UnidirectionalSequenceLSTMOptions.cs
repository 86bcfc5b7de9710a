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

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static UnidirectionalSequenceLSTMOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("UnidirectionalSequenceLSTMOptions.Parse") : new();
}
