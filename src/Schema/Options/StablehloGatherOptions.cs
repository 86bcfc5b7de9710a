using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloGatherOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloGatherOptions : IBuiltinOptions<StablehloGatherOptions>
{
    public long[] OffsetDims { get; init; } = [];
    public long[] CollapsedSliceDims { get; init; } = [];
    public long[] StartIndexMap { get; init; } = [];
    public long IndexVectorDim { get; init; } = 0;
    public long[] SliceSizes { get; init; } = [];
    public bool IndicesAreSorted { get; init; } = false;

    public static StablehloGatherOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloGatherOptions>(G.BuiltinOptions2.StablehloGatherOptions) is not G.StablehloGatherOptions o)
            return new();
        return new()
        {
            OffsetDims = table.Longs(S.StablehloGatherOptions.OffsetDims, "StablehloGatherOptions", "offset_dims"),
            CollapsedSliceDims = table.Longs(S.StablehloGatherOptions.CollapsedSliceDims, "StablehloGatherOptions", "collapsed_slice_dims"),
            StartIndexMap = table.Longs(S.StablehloGatherOptions.StartIndexMap, "StablehloGatherOptions", "start_index_map"),
            IndexVectorDim = o.IndexVectorDim,
            SliceSizes = table.Longs(S.StablehloGatherOptions.SliceSizes, "StablehloGatherOptions", "slice_sizes"),
            IndicesAreSorted = o.IndicesAreSorted,
        };
    }
}
