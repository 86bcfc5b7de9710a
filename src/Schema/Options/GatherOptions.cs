namespace ManagedLite.Schema;

/// <summary>TFLite <c>GatherOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record GatherOptions : IBuiltinOptions<GatherOptions>
{
    public int Axis { get; init; } = 0;
    public int BatchDims { get; init; } = 0;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static GatherOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("GatherOptions.Parse") : new();
}
