using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ConcatEmbeddingsOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ConcatEmbeddingsOptions : IBuiltinOptions<ConcatEmbeddingsOptions>
{
    public int NumChannels { get; init; } = 0;
    public int[] NumColumnsPerChannel { get; init; } = [];
    public int[] EmbeddingDimPerChannel { get; init; } = [];

    public static ConcatEmbeddingsOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ConcatEmbeddingsOptions>(G.BuiltinOptions.ConcatEmbeddingsOptions) is not G.ConcatEmbeddingsOptions o)
            return new();
        return new()
        {
            NumChannels = o.NumChannels,
            NumColumnsPerChannel = table.Ints(S.ConcatEmbeddingsOptions.NumColumnsPerChannel, "ConcatEmbeddingsOptions", "num_columns_per_channel"),
            EmbeddingDimPerChannel = table.Ints(S.ConcatEmbeddingsOptions.EmbeddingDimPerChannel, "ConcatEmbeddingsOptions", "embedding_dim_per_channel"),
        };
    }
}
