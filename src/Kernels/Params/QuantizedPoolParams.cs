namespace ManagedLite.Kernels.Params;

/// <summary>
/// Quantized AVERAGE_POOL_2D / MAX_POOL_2D over NHWC: input [Batches, InputHeight, InputWidth, Depth],
/// output [Batches, OutputHeight, OutputWidth, Depth]. Input and output share scale and zero point
/// (TFLite requires it), so there is no requantization, only the activation clamp.
/// </summary>
public readonly record struct QuantizedPoolParams
{
    public int Batches { get; init; }
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int Depth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    public int StrideHeight { get; init; }
    public int StrideWidth { get; init; }
    public int PadHeight { get; init; }
    public int PadWidth { get; init; }
    public int ActivationMin { get; init; }
    public int ActivationMax { get; init; }
}
