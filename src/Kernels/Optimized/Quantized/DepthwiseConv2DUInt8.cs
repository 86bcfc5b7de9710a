using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// DEPTHWISE_CONV_2D, legacy uint8 per-tensor quantization, on the packed int8 depthwise loop
/// (<see cref="DepthwiseConv2DInt8.RunPacked"/>); bit-exact with <see cref="Reference.Quantized.DepthwiseConv2DUInt8"/>.
/// The packed int16 weights hold filter + WeightsOffset (in [-255, 255]); activations are zero-extended to int16 and
/// offset by InputOffset (in [-255, 255]) once per batch, so each vpmaddwd pair stays far inside int32; padding taps are
/// 0 and contribute nothing, like the reference's skipped taps.
/// </summary>
public static class DepthwiseConv2DUInt8
{
    /// <summary>Packs a constant uint8 filter (and int32 bias); null when not covered (no AVX2, zero points outside [0, 255]).</summary>
    public static Int8DepthwisePackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<byte> filter, ReadOnlySpan<int> bias)
    {
        if (!Avx2.IsSupported) return null;
        if (p.InputOffset < -255 || p.InputOffset > 0 || p.WeightsOffset < -255 || p.WeightsOffset > 0) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: false, depthwise: true);
        var values = new short[filter.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (short)(filter[i] + p.WeightsOffset);
        int outD = Math.Max(p.OutputDepth, 0);
        var multipliers = new int[outD];
        var shifts = new int[outD];
        multipliers.AsSpan().Fill(p.OutputMultiplier);
        shifts.AsSpan().Fill(p.OutputShift);
        return DepthwiseConv2DInt8.TryPackCore(p, values, bias, multipliers, shifts, DepthwiseConv2DInt8.PairLayoutApplies(p));
    }

    /// <summary>Scratch bytes <see cref="RunPacked"/> needs.</summary>
    public static int PackedScratchBytes(Int8DepthwisePackedWeights packed) => DepthwiseConv2DInt8.PackedScratchBytes(packed);

    /// <summary>DEPTHWISE_CONV_2D with a filter packed by <see cref="TryPack"/>. No allocation.</summary>
    public static void RunPacked(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: false, depthwise: true);
        DepthwiseConv2DInt8.RunPackedCore<S16Gemm.UnsignedWiden>(p, packed, input, output, scratch);
    }

    /// <summary>Batch b widened into the scratch, as <see cref="DepthwiseConv2DInt8.PackedWidenBatch"/>.</summary>
    public static void PackedWidenBatch(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, int b, Span<byte> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, int.MaxValue, perChannel: false, depthwise: true);
        DepthwiseConv2DInt8.WidenBatch<S16Gemm.UnsignedWiden>(p, packed, input, b, scratch);
    }

    /// <summary>The padded rows output rows [rowStart, rowEnd) read, as <see cref="DepthwiseConv2DInt8.PackedWidenRows"/>.</summary>
    public static void PackedWidenRows(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> input, int b, Span<byte> scratch, int rowStart, int rowEnd)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, int.MaxValue, perChannel: false, depthwise: true);
        DepthwiseConv2DInt8.WidenBatch<S16Gemm.UnsignedWiden>(p, packed, input, b, scratch, rowStart, rowEnd);
    }

    /// <summary>Rows [rowStart, rowEnd) of batch b after <see cref="PackedWidenBatch"/>.</summary>
    public static void PackedRows(in QuantizedConvParams p, Int8DepthwisePackedWeights packed, ReadOnlySpan<byte> scratch, Span<byte> output, int b, int rowStart, int rowEnd) =>
        DepthwiseConv2DInt8.RunRows(p, packed, scratch, output, b, rowStart, rowEnd);
}
