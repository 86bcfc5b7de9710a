using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>WhileOptions</c>; property defaults are the schema's defaults. Subgraph indices are range-checked by ModelReader.</summary>
public sealed record WhileOptions : IBuiltinOptions<WhileOptions>
{
    public int CondSubgraphIndex { get; init; } = 0;
    public int BodySubgraphIndex { get; init; } = 0;

    public static WhileOptions Parse(OptionsTable table)
    {
        if (table.Get<G.WhileOptions>(G.BuiltinOptions.WhileOptions) is not G.WhileOptions o)
            return new();
        return new()
        {
            CondSubgraphIndex = o.CondSubgraphIndex,
            BodySubgraphIndex = o.BodySubgraphIndex,
        };
    }
}
