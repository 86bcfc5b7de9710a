using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>IfOptions</c>; property defaults are the schema's defaults. Subgraph indices are range-checked by ModelReader.</summary>
public sealed record IfOptions : IBuiltinOptions<IfOptions>
{
    public int ThenSubgraphIndex { get; init; } = 0;
    public int ElseSubgraphIndex { get; init; } = 0;

    public static IfOptions Parse(OptionsTable table)
    {
        if (table.Get<G.IfOptions>(G.BuiltinOptions.IfOptions) is not G.IfOptions o)
            return new();
        return new()
        {
            ThenSubgraphIndex = o.ThenSubgraphIndex,
            ElseSubgraphIndex = o.ElseSubgraphIndex,
        };
    }
}
