using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>TransposeConvOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record TransposeConvOptions : IBuiltinOptions<TransposeConvOptions>
{
    public Padding Padding { get; init; } = Padding.Same;
    public int StrideW { get; init; } = 0;
    public int StrideH { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public TensorType QuantizedBiasType { get; init; } = TensorType.Float32;

    public static TransposeConvOptions Parse(OptionsTable table)
    {
        if (table.Get<G.TransposeConvOptions>(G.BuiltinOptions.TransposeConvOptions) is not G.TransposeConvOptions o)
            return new();
        return new()
        {
            Padding = table.ToPadding(o.Padding, "TransposeConvOptions"),
            StrideW = o.StrideW,
            StrideH = o.StrideH,
            FusedActivation = table.Activation(o.FusedActivationFunction, "TransposeConvOptions"),
            QuantizedBiasType = table.ToTensorType(o.QuantizedBiasType, "TransposeConvOptions", "quantized_bias_type"),
        };
    }
}
