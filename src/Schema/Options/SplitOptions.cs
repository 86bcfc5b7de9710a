namespace ManagedLite.Schema;

/// <summary>TFLite <c>SplitOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SplitOptions : IBuiltinOptions<SplitOptions>
{
    public int NumSplits { get; init; } = 0;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SplitOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SplitOptions.Parse") : new();
}
