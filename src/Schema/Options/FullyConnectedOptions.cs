using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>FullyConnectedOptions</c>; property defaults are the schema's defaults.</summary>
/// <remarks>WeightsFormat: 0 = DEFAULT, 1 = SHUFFLED4x16INT8.</remarks>
public sealed record FullyConnectedOptions : IBuiltinOptions<FullyConnectedOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public int WeightsFormat { get; init; } = 0;
    public bool KeepNumDims { get; init; } = false;
    public bool AsymmetricQuantizeInputs { get; init; } = false;
    public TensorType QuantizedBiasType { get; init; } = TensorType.Float32;

    public static FullyConnectedOptions Parse(OptionsTable table)
    {
        if (table.Get<G.FullyConnectedOptions>(G.BuiltinOptions.FullyConnectedOptions) is not G.FullyConnectedOptions o)
            return new();
        return new()
        {
            FusedActivation = table.Activation(o.FusedActivationFunction, "FullyConnectedOptions"),
            WeightsFormat = (int)table.EnumValue((sbyte)o.WeightsFormat, 1, "FullyConnectedOptions", "weights_format", "FullyConnectedOptionsWeightsFormat"),
            KeepNumDims = o.KeepNumDims,
            AsymmetricQuantizeInputs = o.AsymmetricQuantizeInputs,
            QuantizedBiasType = table.ToTensorType(o.QuantizedBiasType, "FullyConnectedOptions", "quantized_bias_type"),
        };
    }
}
