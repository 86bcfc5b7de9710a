using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloConcatenateOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloConcatenateOptions : IBuiltinOptions<StablehloConcatenateOptions>
{
    public long Dimension { get; init; } = 0;

    public static StablehloConcatenateOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloConcatenateOptions>(G.BuiltinOptions2.StablehloConcatenateOptions) is not G.StablehloConcatenateOptions o)
            return new();
        return new()
        {
            Dimension = o.Dimension,
        };
    }
}
