namespace ManagedLite.Kernels.Params;

/// <summary>
/// Quantized FULLY_CONNECTED: input [Batches, AccumDepth] (any shape flattening to it), filter
/// [>= OutputDepth, AccumDepth] (the first OutputDepth rows are read),
/// output [Batches, OutputDepth]. Offsets and shifts follow <see cref="QuantizedConvParams"/>.
/// </summary>
public readonly record struct QuantizedFullyConnectedParams
{
    public int Batches { get; init; }
    public int AccumDepth { get; init; }
    public int OutputDepth { get; init; }

    /// <summary>-input zero point (0 for int16).</summary>
    public int InputOffset { get; init; }
    /// <summary>-filter zero point (per-tensor kernels; 0 for symmetric filters).</summary>
    public int WeightsOffset { get; init; }
    /// <summary>Output zero point (0 for int16).</summary>
    public int OutputOffset { get; init; }

    /// <summary>Per-tensor multiplier.</summary>
    public int OutputMultiplier { get; init; }
    /// <summary>Per-tensor shift (positive = left).</summary>
    public int OutputShift { get; init; }
    /// <summary>Per-output-channel multipliers (per-channel kernels), length OutputDepth.</summary>
    public int[]? PerChannelMultiplier { get; init; }
    /// <summary>Per-output-channel shifts (per-channel kernels), length OutputDepth.</summary>
    public int[]? PerChannelShift { get; init; }

    public int ActivationMin { get; init; }
    public int ActivationMax { get; init; }
}
