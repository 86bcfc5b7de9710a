using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SplitOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SplitOptions : IBuiltinOptions<SplitOptions>
{
    public int NumSplits { get; init; } = 0;

    public static SplitOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SplitOptions>(G.BuiltinOptions.SplitOptions) is not G.SplitOptions o)
            return new();
        return new()
        {
            NumSplits = o.NumSplits,
        };
    }
}
