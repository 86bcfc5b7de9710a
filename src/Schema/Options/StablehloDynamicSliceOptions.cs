using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloDynamicSliceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloDynamicSliceOptions : IBuiltinOptions<StablehloDynamicSliceOptions>
{
    public long[] SliceSizes { get; init; } = [];

    public static StablehloDynamicSliceOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloDynamicSliceOptions>(G.BuiltinOptions2.StablehloDynamicSliceOptions) is not G.StablehloDynamicSliceOptions)
            return new();
        return new()
        {
            SliceSizes = table.Longs(S.StablehloDynamicSliceOptions.SliceSizes, "StablehloDynamicSliceOptions", "slice_sizes"),
        };
    }
}
