using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>StablehloSliceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record StablehloSliceOptions : IBuiltinOptions<StablehloSliceOptions>
{
    public long[] StartIndices { get; init; } = [];
    public long[] LimitIndices { get; init; } = [];
    public long[] Strides { get; init; } = [];

    public static StablehloSliceOptions Parse(OptionsTable table)
    {
        if (table.Get2<G.StablehloSliceOptions>(G.BuiltinOptions2.StablehloSliceOptions) is not G.StablehloSliceOptions)
            return new();
        return new()
        {
            StartIndices = table.Longs(S.StablehloSliceOptions.StartIndices, "StablehloSliceOptions", "start_indices"),
            LimitIndices = table.Longs(S.StablehloSliceOptions.LimitIndices, "StablehloSliceOptions", "limit_indices"),
            Strides = table.Longs(S.StablehloSliceOptions.Strides, "StablehloSliceOptions", "strides"),
        };
    }
}
