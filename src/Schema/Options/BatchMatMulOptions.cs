namespace ManagedLite.Schema;

/// <summary>TFLite <c>BatchMatMulOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BatchMatMulOptions : IBuiltinOptions<BatchMatMulOptions>
{
    public bool AdjX { get; init; } = false;
    public bool AdjY { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static BatchMatMulOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("BatchMatMulOptions.Parse") : new();
}
