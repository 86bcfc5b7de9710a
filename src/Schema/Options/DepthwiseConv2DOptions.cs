using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DepthwiseConv2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DepthwiseConv2DOptions : IBuiltinOptions<DepthwiseConv2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public int DepthMultiplier { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;

    public static DepthwiseConv2DOptions Parse(OptionsTable table)
    {
        if (table.Get<G.DepthwiseConv2DOptions>(G.BuiltinOptions.DepthwiseConv2DOptions) is not G.DepthwiseConv2DOptions o)
            return new();
        return new()
        {
            Padding = table.ToPadding(o.Padding, "DepthwiseConv2DOptions"),
            StrideW = o.StrideW,
            StrideH = o.StrideH,
            DepthMultiplier = o.DepthMultiplier,
            FusedActivation = table.Activation(o.FusedActivationFunction, "DepthwiseConv2DOptions"),
            DilationW = o.DilationWFactor,
            DilationH = o.DilationHFactor,
        };
    }
}
