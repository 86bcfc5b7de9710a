using G = ManagedLite.Schema.Generated;

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

    public static StridedSliceOptions Parse(OptionsTable table)
    {
        if (table.Get<G.StridedSliceOptions>(G.BuiltinOptions.StridedSliceOptions) is not G.StridedSliceOptions o)
            return new();
        return new()
        {
            BeginMask = o.BeginMask,
            EndMask = o.EndMask,
            EllipsisMask = o.EllipsisMask,
            NewAxisMask = o.NewAxisMask,
            ShrinkAxisMask = o.ShrinkAxisMask,
            Offset = o.Offset,
        };
    }
}
