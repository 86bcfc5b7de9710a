using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloReduceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloReduceOptions : IBuiltinOptions<StablehloReduceOptions>
{
    public long[] Dimensions { get; init; } = [];
    public int BodySubgraphIndex { get; init; } = 0;

    public static StablehloReduceOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloReduceOptions>(G.BuiltinOptions2.StablehloReduceOptions) is not G.StablehloReduceOptions o)
            return new();
        return new()
        {
            Dimensions = table.Longs(S.StablehloReduceOptions.Dimensions, "StablehloReduceOptions", "dimensions"),
            BodySubgraphIndex = o.BodySubgraphIndex,
        };
    }
}
