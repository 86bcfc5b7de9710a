namespace ManagedLite.Schema;

/// <summary>TFLite <c>ResizeNearestNeighborOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ResizeNearestNeighborOptions : IBuiltinOptions<ResizeNearestNeighborOptions>
{
    public bool AlignCorners { get; init; } = false;
    public bool HalfPixelCenters { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static ResizeNearestNeighborOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("ResizeNearestNeighborOptions.Parse") : new();
}
