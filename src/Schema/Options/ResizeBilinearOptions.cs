using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ResizeBilinearOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ResizeBilinearOptions : IBuiltinOptions<ResizeBilinearOptions>
{
    public bool AlignCorners { get; init; } = false;
    public bool HalfPixelCenters { get; init; } = false;

    public static ResizeBilinearOptions Parse(OptionsTable table)
    {
        if (table.Get<G.ResizeBilinearOptions>(G.BuiltinOptions.ResizeBilinearOptions) is not G.ResizeBilinearOptions o)
            return new();
        return new()
        {
            AlignCorners = o.AlignCorners,
            HalfPixelCenters = o.HalfPixelCenters,
        };
    }
}
