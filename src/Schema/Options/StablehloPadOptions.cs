using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloPadOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloPadOptions : IBuiltinOptions<StablehloPadOptions>
{
    public long[] EdgePaddingLow { get; init; } = [];
    public long[] EdgePaddingHigh { get; init; } = [];
    public long[] InteriorPadding { get; init; } = [];

    public static StablehloPadOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloPadOptions>(G.BuiltinOptions2.StablehloPadOptions) is not G.StablehloPadOptions)
            return new();
        return new()
        {
            EdgePaddingLow = table.Longs(S.StablehloPadOptions.EdgePaddingLow, "StablehloPadOptions", "edge_padding_low"),
            EdgePaddingHigh = table.Longs(S.StablehloPadOptions.EdgePaddingHigh, "StablehloPadOptions", "edge_padding_high"),
            InteriorPadding = table.Longs(S.StablehloPadOptions.InteriorPadding, "StablehloPadOptions", "interior_padding"),
        };
    }
}
