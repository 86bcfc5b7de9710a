namespace ManagedLite.Schema;

/// <summary>TFLite <c>FullyConnectedOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record FullyConnectedOptions : IBuiltinOptions<FullyConnectedOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int WeightsFormat { get; init; } = 0;
    public bool KeepNumDims { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static FullyConnectedOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("FullyConnectedOptions.Parse") : new();
}
