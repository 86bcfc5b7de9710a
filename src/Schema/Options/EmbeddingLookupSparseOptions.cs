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
        int v = (sbyte)o.Combiner;
        if (v < 0 || v > (int)CombinerType.Sqrtn)
            throw new ModelFormatException($"builtin_options(EmbeddingLookupSparseOptions).combiner: {v} is not a CombinerType");
        return new() { Combiner = (CombinerType)v };
    }
}
