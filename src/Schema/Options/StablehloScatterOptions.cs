using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloScatterOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloScatterOptions : IBuiltinOptions<StablehloScatterOptions>
{
    public bool IndicesAreSorted { get; init; } = false;
    public long[] UpdateWindowDims { get; init; } = [];
    public long[] InsertedWindowDims { get; init; } = [];
    public long[] ScatterDimsToOperandDims { get; init; } = [];
    public long IndexVectorDim { get; init; } = 0;
    public bool UniqueIndices { get; init; } = false;
    public int UpdateComputationSubgraphIndex { get; init; } = 0;

    public static StablehloScatterOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloScatterOptions>(G.BuiltinOptions2.StablehloScatterOptions) is not G.StablehloScatterOptions o)
            return new();
        return new()
        {
            IndicesAreSorted = o.IndicesAreSorted,
            UpdateWindowDims = table.Longs(S.StablehloScatterOptions.UpdateWindowDims, "StablehloScatterOptions", "update_window_dims"),
            InsertedWindowDims = table.Longs(S.StablehloScatterOptions.InsertedWindowDims, "StablehloScatterOptions", "inserted_window_dims"),
            ScatterDimsToOperandDims = table.Longs(S.StablehloScatterOptions.ScatterDimsToOperandDims, "StablehloScatterOptions", "scatter_dims_to_operand_dims"),
            IndexVectorDim = o.IndexVectorDim,
            UniqueIndices = o.UniqueIndices,
            UpdateComputationSubgraphIndex = o.UpdateComputationSubgraphIndex,
        };
    }
}
