using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReverseSequenceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ReverseSequenceOptions : IBuiltinOptions<ReverseSequenceOptions>
{
    public int SeqDim { get; init; } = 0;
    public int BatchDim { get; init; } = 0;

    public static ReverseSequenceOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ReverseSequenceOptions>(G.BuiltinOptions.ReverseSequenceOptions) is not G.ReverseSequenceOptions o)
            return new();
        return new()
        {
            SeqDim = o.SeqDim,
            BatchDim = o.BatchDim,
        };
    }
}
