using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloSortOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloSortOptions : IBuiltinOptions<StablehloSortOptions>
{
    public long Dimension { get; init; } = 0;
    public bool IsStable { get; init; } = false;
    public int ComparatorSubgraphIndex { get; init; } = 0;

    public static StablehloSortOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloSortOptions>(G.BuiltinOptions2.StablehloSortOptions) is not G.StablehloSortOptions o)
            return new();
        return new()
        {
            Dimension = o.Dimension,
            IsStable = o.IsStable,
            ComparatorSubgraphIndex = o.ComparatorSubgraphIndex,
        };
    }
}
