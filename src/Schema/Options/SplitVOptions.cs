using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SplitVOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SplitVOptions : IBuiltinOptions<SplitVOptions>
{
    public int NumSplits { get; init; } = 0;

    public static SplitVOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SplitVOptions>(G.BuiltinOptions.SplitVOptions) is not G.SplitVOptions o)
            return new();
        return new()
        {
            NumSplits = o.NumSplits,
        };
    }
}
