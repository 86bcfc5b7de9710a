using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>Pool2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record Pool2DOptions : IBuiltinOptions<Pool2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public int FilterWidth { get; init; } = 0;
    public int FilterHeight { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    public static Pool2DOptions Parse(OptionsTable table)
    {
        if (table.Get<G.Pool2DOptions>(G.BuiltinOptions.Pool2DOptions) is not G.Pool2DOptions o)
            return new();
        return new()
        {
            Padding = table.ToPadding(o.Padding, "Pool2DOptions"),
            StrideW = o.StrideW,
            StrideH = o.StrideH,
            FilterWidth = o.FilterWidth,
            FilterHeight = o.FilterHeight,
            FusedActivation = table.Activation(o.FusedActivationFunction, "Pool2DOptions"),
        };
    }
}
