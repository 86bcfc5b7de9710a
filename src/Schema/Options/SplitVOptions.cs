namespace ManagedLite.Schema;

/// <summary>TFLite <c>SplitVOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SplitVOptions : IBuiltinOptions<SplitVOptions>
{
    public int NumSplits { get; init; } = 0;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SplitVOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SplitVOptions.Parse") : new();
}
