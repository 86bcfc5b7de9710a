using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ResizeNearestNeighborOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ResizeNearestNeighborOptions : IBuiltinOptions<ResizeNearestNeighborOptions>
{
    public bool AlignCorners { get; init; } = false;
    public bool HalfPixelCenters { get; init; } = false;

    public static ResizeNearestNeighborOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ResizeNearestNeighborOptions>(G.BuiltinOptions.ResizeNearestNeighborOptions) is not G.ResizeNearestNeighborOptions o)
            return new();
        return new()
        {
            AlignCorners = o.AlignCorners,
            HalfPixelCenters = o.HalfPixelCenters,
        };
    }
}
