using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>Conv2DOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record Conv2DOptions : IBuiltinOptions<Conv2DOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;
    public TensorType QuantizedBiasType { get; init; } = TensorType.Float32;

    public static Conv2DOptions Parse(OptionsTable table)
    {
        if (table.Get<G.Conv2DOptions>(G.BuiltinOptions.Conv2DOptions) is not G.Conv2DOptions o)
            return new();
        return new()
        {
            Padding = table.ToPadding(o.Padding, "Conv2DOptions"),
            StrideW = o.StrideW,
            StrideH = o.StrideH,
            FusedActivation = table.Activation(o.FusedActivationFunction, "Conv2DOptions"),
            DilationW = o.DilationWFactor,
            DilationH = o.DilationHFactor,
            QuantizedBiasType = table.ToTensorType(o.QuantizedBiasType, "Conv2DOptions", "quantized_bias_type"),
        };
    }
}
