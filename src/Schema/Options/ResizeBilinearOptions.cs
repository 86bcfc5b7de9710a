namespace ManagedLite.Schema;

/// <summary>TFLite <c>ResizeBilinearOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ResizeBilinearOptions : IBuiltinOptions<ResizeBilinearOptions>
{
    public bool AlignCorners { get; init; } = false;
    public bool HalfPixelCenters { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static ResizeBilinearOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("ResizeBilinearOptions.Parse") : new();
}
