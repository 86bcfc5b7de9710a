using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SkipGramOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SkipGramOptions : IBuiltinOptions<SkipGramOptions>
{
    public int NgramSize { get; init; } = 0;
    public int MaxSkipSize { get; init; } = 0;
    public bool IncludeAllNgrams { get; init; } = false;

    public static SkipGramOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SkipGramOptions>(G.BuiltinOptions.SkipGramOptions) is not G.SkipGramOptions o)
            return new();
        return new()
        {
            NgramSize = o.NgramSize,
            MaxSkipSize = o.MaxSkipSize,
            IncludeAllNgrams = o.IncludeAllNgrams,
        };
    }
}
