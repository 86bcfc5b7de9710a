using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloBroadcastInDimOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloBroadcastInDimOptions : IBuiltinOptions<StablehloBroadcastInDimOptions>
{
    public long[] BroadcastDimensions { get; init; } = [];

    public static StablehloBroadcastInDimOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloBroadcastInDimOptions>(G.BuiltinOptions2.StablehloBroadcastInDimOptions) is not G.StablehloBroadcastInDimOptions)
            return new();
        return new()
        {
            BroadcastDimensions = table.Longs(S.StablehloBroadcastInDimOptions.BroadcastDimensions, "StablehloBroadcastInDimOptions", "broadcast_dimensions"),
        };
    }
}
