namespace ManagedLite.Kernels.Quantization;

/// <summary>Fused activation as seen by quantized kernels; the values equal TFLite's schema values, so a schema enum casts directly.</summary>
public enum QuantizedActivation : sbyte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}
