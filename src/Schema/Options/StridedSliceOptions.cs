namespace ManagedLite.Schema;

/// <summary>TFLite <c>StridedSliceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StridedSliceOptions : IBuiltinOptions<StridedSliceOptions>
{
    public int BeginMask { get; init; } = 0;
    public int EndMask { get; init; } = 0;
    public int EllipsisMask { get; init; } = 0;
    public int NewAxisMask { get; init; } = 0;
    public int ShrinkAxisMask { get; init; } = 0;
    public bool Offset { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static StridedSliceOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("StridedSliceOptions.Parse") : new();
}
