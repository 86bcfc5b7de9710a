using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloReduceWindowOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloReduceWindowOptions : IBuiltinOptions<StablehloReduceWindowOptions>
{
    public long[] WindowDimensions { get; init; } = [];
    public long[] WindowStrides { get; init; } = [];
    public long[] BaseDilations { get; init; } = [];
    public long[] WindowDilations { get; init; } = [];
    public long[] Padding { get; init; } = [];
    public int BodySubgraphIndex { get; init; } = 0;

    public static StablehloReduceWindowOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloReduceWindowOptions>(G.BuiltinOptions2.StablehloReduceWindowOptions) is not G.StablehloReduceWindowOptions o)
            return new();
        return new()
        {
            WindowDimensions = table.Longs(S.StablehloReduceWindowOptions.WindowDimensions, "StablehloReduceWindowOptions", "window_dimensions"),
            WindowStrides = table.Longs(S.StablehloReduceWindowOptions.WindowStrides, "StablehloReduceWindowOptions", "window_strides"),
            BaseDilations = table.Longs(S.StablehloReduceWindowOptions.BaseDilations, "StablehloReduceWindowOptions", "base_dilations"),
            WindowDilations = table.Longs(S.StablehloReduceWindowOptions.WindowDilations, "StablehloReduceWindowOptions", "window_dilations"),
            Padding = table.Longs(S.StablehloReduceWindowOptions.Padding, "StablehloReduceWindowOptions", "padding"),
            BodySubgraphIndex = o.BodySubgraphIndex,
        };
    }
}
