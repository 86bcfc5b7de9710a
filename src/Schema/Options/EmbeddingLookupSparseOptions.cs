using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>EmbeddingLookupSparseOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record EmbeddingLookupSparseOptions : IBuiltinOptions<EmbeddingLookupSparseOptions>
{
    public CombinerType Combiner { get; init; } = CombinerType.Sum;

    public static EmbeddingLookupSparseOptions Parse(OptionsTable table)
    {
        if (table.Get<G.EmbeddingLookupSparseOptions>(G.BuiltinOptions.EmbeddingLookupSparseOptions) is not G.EmbeddingLookupSparseOptions o)
            return new();
        return new()
        {
            Combiner = (CombinerType)table.EnumValue((long)o.Combiner, 2, "EmbeddingLookupSparseOptions", "combiner", "CombinerType"),
        };
    }
}
