namespace ManagedLite.Kernels.Params;

/// <summary>
/// Geometry and quantization of a quantized CONV_2D, DEPTHWISE_CONV_2D or TRANSPOSE_CONV (NHWC tensors).
/// Built once in Prepare; kernels only read it.
/// <list type="bullet">
/// <item>CONV_2D: input [Batches, InputHeight, InputWidth, InputDepth], filter [OutputDepth, FilterHeight,
/// FilterWidth, FilterInputDepth] (FilterInputDepth = InputDepth / groups; 0 means InputDepth), output
/// [Batches, OutputHeight, OutputWidth, OutputDepth].</item>
/// <item>DEPTHWISE_CONV_2D: filter [1, FilterHeight, FilterWidth, OutputDepth], OutputDepth = InputDepth * DepthMultiplier.</item>
/// <item>TRANSPOSE_CONV: filter [OutputDepth, FilterHeight, FilterWidth, InputDepth]; dilation is not used.</item>
/// </list>
/// Offsets follow TFLite: InputOffset = -input zero point, WeightsOffset = -filter zero point (uint8 only),
/// OutputOffset = +output zero point. Shifts are TFLite exponents (positive = left shift).
/// </summary>
public readonly record struct QuantizedConvParams
{
    public int Batches { get; init; }
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int InputDepth { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    /// <summary>Depth of one filter (grouped convolution); 0 means <see cref="InputDepth"/>. CONV_2D only.</summary>
    public int FilterInputDepth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int OutputDepth { get; init; }

    public int StrideHeight { get; init; }
    public int StrideWidth { get; init; }
    public int DilationHeight { get; init; }
    public int DilationWidth { get; init; }
    /// <summary>Leading (top) padding.</summary>
    public int PadHeight { get; init; }
    /// <summary>Leading (left) padding.</summary>
    public int PadWidth { get; init; }
    /// <summary>DEPTHWISE_CONV_2D only.</summary>
    public int DepthMultiplier { get; init; }

    /// <summary>-input zero point (0 for int16).</summary>
    public int InputOffset { get; init; }
    /// <summary>-filter zero point; used by the uint8 kernels only (int8/int16x8 filters are symmetric).</summary>
    public int WeightsOffset { get; init; }
    /// <summary>Output zero point (0 for int16).</summary>
    public int OutputOffset { get; init; }

    /// <summary>Per-tensor multiplier (uint8 kernels).</summary>
    public int OutputMultiplier { get; init; }
    /// <summary>Per-tensor shift (uint8 kernels).</summary>
    public int OutputShift { get; init; }
    /// <summary>Per-output-channel multipliers (int8 and int16x8 kernels), length OutputDepth.</summary>
    public int[]? PerChannelMultiplier { get; init; }
    /// <summary>Per-output-channel shifts (int8 and int16x8 kernels), length OutputDepth.</summary>
    public int[]? PerChannelShift { get; init; }

    /// <summary>Clamp range in the output type (from QuantizedActivationRange).</summary>
    public int ActivationMin { get; init; }
    public int ActivationMax { get; init; }

    /// <summary>Effective filter depth: <see cref="FilterInputDepth"/>, or <see cref="InputDepth"/> when 0.</summary>
    public int EffectiveFilterInputDepth => FilterInputDepth == 0 ? InputDepth : FilterInputDepth;
}
