using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StableHLOCompositeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StableHLOCompositeOptions : IBuiltinOptions<StableHLOCompositeOptions>
{
    public string Name { get; init; } = "";
    public int DecompositionSubgraphIndex { get; init; } = 0;
    public ReadOnlyMemory<byte> CompositeAttributes { get; init; }
    public CustomOptionsFormat CompositeAttributesFormat { get; init; } = CustomOptionsFormat.FlexBuffers;
    public int Version { get; init; } = 0;

    public static StableHLOCompositeOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StableHLOCompositeOptions>(G.BuiltinOptions2.StableHLOCompositeOptions) is not G.StableHLOCompositeOptions o)
            return new();
        return new()
        {
            Name = table.String(S.StableHLOCompositeOptions.Name, "StableHLOCompositeOptions", "name"),
            DecompositionSubgraphIndex = o.DecompositionSubgraphIndex,
            CompositeAttributes = table.Bytes(S.StableHLOCompositeOptions.CompositeAttributes),
            CompositeAttributesFormat = (CustomOptionsFormat)table.EnumValue((long)o.CompositeAttributesFormat, 0, "StableHLOCompositeOptions", "composite_attributes_format", "CustomOptionsFormat"),
            Version = o.Version,
        };
    }
}
