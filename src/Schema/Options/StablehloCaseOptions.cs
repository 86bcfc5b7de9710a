using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloCaseOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloCaseOptions : IBuiltinOptions<StablehloCaseOptions>
{
    public int[] BranchSubgraphIndices { get; init; } = [];

    public static StablehloCaseOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloCaseOptions>(G.BuiltinOptions2.StablehloCaseOptions) is not G.StablehloCaseOptions)
            return new();
        return new()
        {
            BranchSubgraphIndices = table.Ints(S.StablehloCaseOptions.BranchSubgraphIndices, "StablehloCaseOptions", "branch_subgraph_indices"),
        };
    }
}
