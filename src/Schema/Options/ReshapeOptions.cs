namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReshapeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ReshapeOptions : IBuiltinOptions<ReshapeOptions>
{
    public int[]? NewShape { get; init; } = null;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static ReshapeOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("ReshapeOptions.Parse") : new();
}
