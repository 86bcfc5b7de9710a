using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloWhileOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloWhileOptions : IBuiltinOptions<StablehloWhileOptions>
{
    public int CondSubgraphIndex { get; init; } = 0;
    public int BodySubgraphIndex { get; init; } = 0;

    public static StablehloWhileOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloWhileOptions>(G.BuiltinOptions2.StablehloWhileOptions) is not G.StablehloWhileOptions o)
            return new();
        return new()
        {
            CondSubgraphIndex = o.CondSubgraphIndex,
            BodySubgraphIndex = o.BodySubgraphIndex,
        };
    }
}
