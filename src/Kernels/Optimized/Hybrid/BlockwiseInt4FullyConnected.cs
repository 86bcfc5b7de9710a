using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Blockwise int4 FULLY_CONNECTED, bit-exact with <see cref="Reference.Hybrid.BlockwiseInt4FullyConnected"/>: the
/// quantized row is widened once to int16 and each block is one SIMD dot product in int32. That equals the reference's
/// float-stepped accumulation while every partial sum stays within 2^24 (|q * w| &lt;= 1024, so blocks of at most
/// <see cref="MaxExactBlock"/>; larger blocks run the reference). The per-row correction <c>sum_b scale_b * ksum_b</c>
/// depends on the constant weights only, so it is computed once (<see cref="CorrectionSums"/>) in the reference's order.
/// <see cref="RunPacked"/> reads the int4 weights as packed (half the memory traffic, no unpacked copy): the row is split
/// into its even and odd values, each 16 packed bytes giving 16 low and 16 high nibbles sign-extended in registers.
/// </summary>
public static class BlockwiseInt4FullyConnected
{
    /// <summary>Largest block whose int32 dot product equals TFLite's float-stepped one: 2^24 / (128 * 8).</summary>
    public const int MaxExactBlock = 16384;

    private const int StackRowLimit = 4096;

    /// <summary>kfsum[o] = sum over blocks (in order) of scale * (sum of the block's weights), in float.</summary>
    public static void CorrectionSums(ReadOnlySpan<sbyte> weights, int outputDepth, int inputDepth, int blockSize, ReadOnlySpan<float> scales,
        Span<float> sums)
    {
        if (blockSize <= 0 || inputDepth % blockSize != 0) throw new ArgumentException($"block size {blockSize} does not divide {inputDepth}");
        int blocks = inputDepth / blockSize;
        if (weights.Length < (long)outputDepth * inputDepth || scales.Length < (long)outputDepth * blocks || sums.Length < outputDepth)
            throw new ArgumentException("blockwise correction sums: spans too short");
        for (int o = 0; o < outputDepth; o++)
        {
            float kfsum = 0f;
            for (int blk = 0; blk < blocks; blk++)
            {
                int ksum = 0;
                foreach (sbyte v in weights.Slice(o * inputDepth + blk * blockSize, blockSize)) ksum += v;
                kfsum += scales[o * blocks + blk] * ksum;
            }
            sums[o] = kfsum;
        }
    }

    /// <summary>As the reference, with <paramref name="correctionSums"/> from <see cref="CorrectionSums"/>.</summary>
    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedRow)
    {
        if (!Int8DotProduct.IsAccelerated || blockSize > MaxExactBlock)
        {
            Reference.Hybrid.BlockwiseInt4FullyConnected.Run(p, input, weights, blockSize, scales, bias, output, quantizedRow);
            return;
        }
        Reference.Hybrid.BlockwiseInt4FullyConnected.Check(p, input.Length, weights.Length, blockSize, scales.Length, bias.Length, output.Length,
            quantizedRow.Length);
        if (correctionSums.Length < p.OutputDepth)
            throw new ArgumentException($"blockwise fully connected: {correctionSums.Length} correction sums, expected {p.OutputDepth}");
        int depth = p.InputDepth;
        short[]? rented = null;
        Span<short> wide = depth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(depth));
        try
        {
            Compute(p, input, weights, blockSize, scales, correctionSums, bias, output, quantizedRow[..depth], wide[..depth]);
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void Compute(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> q, Span<short> wide)
    {
        int depth = p.InputDepth, outD = p.OutputDepth, blocks = depth / blockSize;
        float min = p.ActivationMin, max = p.ActivationMax;
        for (int b = 0; b < p.Batches; b++)
        {
            float rowScale = HybridQuantization.Asymmetric(input.Slice(b * depth, depth), q, out int zeroPoint);
            Int8DotProduct.WidenWithOffset(q, 0, wide);
            ReadOnlySpan<short> x = wide;
            var o = output.Slice(b * outD, outD);
            for (int r = 0; r < outD; r++)
            {
                var w = weights.Slice(r * depth, depth);
                var s = scales.Slice(r * blocks, blocks);
                float v = 0f;
                for (int blk = 0, k = 0; blk < blocks; blk++, k += blockSize)
                    v += Int8DotProduct.Dot(x.Slice(k, blockSize), w.Slice(k, blockSize)) * s[blk];
                v -= zeroPoint * correctionSums[r];
                v *= rowScale;
                if (!bias.IsEmpty) v += bias[r];
                o[r] = Math.Min(Math.Max(v, min), max);
            }
        }
    }

    /// <summary>True when <see cref="RunPacked"/> has a SIMD path for this block size (AVX2, whole 16-byte groups).</summary>
    public static bool CanRunPacked(int blockSize) => Avx2.IsSupported && blockSize % 32 == 0 && blockSize <= MaxExactBlock;

    /// <summary><see cref="CorrectionSums"/> from packed int4 weights (two a byte, low nibble first; rows of an even depth).</summary>
    public static void CorrectionSumsPacked(ReadOnlySpan<byte> packed, int outputDepth, int inputDepth, int blockSize, ReadOnlySpan<float> scales,
        Span<float> sums)
    {
        if (inputDepth % 2 != 0) throw new ArgumentException($"packed int4 rows need an even depth, got {inputDepth}");
        if (packed.Length < (long)outputDepth * inputDepth / 2) throw new ArgumentException("blockwise correction sums: packed weights too short");
        var row = new sbyte[inputDepth];
        int blocks = inputDepth / blockSize;
        for (int o = 0; o < outputDepth; o++)
        {
            Reference.Int4Unpack.ToInt8(packed.Slice(o * (inputDepth / 2), inputDepth / 2), row);
            CorrectionSums(row, 1, inputDepth, blockSize, scales.Slice(o * blocks, blocks), sums.Slice(o, 1));
        }
    }

    /// <summary>
    /// As <see cref="Run"/> on packed int4 weights [OutputDepth, InputDepth / 2 bytes]; needs <see cref="CanRunPacked"/>
    /// (throws otherwise).
    /// </summary>
    public static void RunPacked(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<byte> packedWeights, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> quantizedRow)
    {
        if (!CanRunPacked(blockSize)) throw new ArgumentException($"blockwise fully connected: no packed path for block size {blockSize} on this CPU");
        if (p.InputDepth % 2 != 0) throw new ArgumentException($"packed int4 rows need an even depth, got {p.InputDepth}");
        Reference.Hybrid.BlockwiseInt4FullyConnected.Check(p, input.Length, packedWeights.Length * 2, blockSize, scales.Length, bias.Length,
            output.Length, quantizedRow.Length);
        if (correctionSums.Length < p.OutputDepth)
            throw new ArgumentException($"blockwise fully connected: {correctionSums.Length} correction sums, expected {p.OutputDepth}");
        int half = p.InputDepth / 2;
        short[]? rented = null;
        Span<short> split = p.InputDepth <= StackRowLimit ? stackalloc short[StackRowLimit] : (rented = ArrayPool<short>.Shared.Rent(p.InputDepth));
        try
        {
            ComputePacked(p, input, packedWeights, blockSize, scales, correctionSums, bias, output, quantizedRow[..p.InputDepth],
                split[..half], split.Slice(half, half));
        }
        finally
        {
            if (rented is not null) ArrayPool<short>.Shared.Return(rented);
        }
    }

    private static void ComputePacked(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<byte> packed, int blockSize,
        ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias, Span<float> output, Span<sbyte> q,
        Span<short> even, Span<short> odd)
    {
        int depth = p.InputDepth, outD = p.OutputDepth;
        for (int b = 0; b < p.Batches; b++)
        {
            float rowScale = QuantizeRow(input.Slice(b * depth, depth), q, even, odd, out int zeroPoint);
            PackedRows(p, even, odd, rowScale, zeroPoint, packed, blockSize, scales, correctionSums, bias, output.Slice(b * outD, outD), 0, outD);
        }
    }

    /// <summary>
    /// The first, serial half of a threaded <see cref="RunPacked"/>: every input row quantized (into
    /// <paramref name="quantized"/>, Batches x InputDepth) and split into even values then odd values (<paramref name="split"/>,
    /// the same size: row b's even values at b * InputDepth, its odd ones half a row later), with its scale and zero point.
    /// </summary>
    public static void QuantizeRows(in FullyConnectedParams p, ReadOnlySpan<float> input, Span<sbyte> quantized, Span<short> split,
        Span<float> rowScales, Span<int> zeroPoints)
    {
        int depth = p.InputDepth, half = depth / 2;
        if (depth % 2 != 0 || input.Length < (long)p.Batches * depth || quantized.Length < (long)p.Batches * depth
            || split.Length < (long)p.Batches * depth || rowScales.Length < p.Batches || zeroPoints.Length < p.Batches)
            throw new ArgumentException("blockwise fully connected: QuantizeRows spans too short or odd depth");
        for (int b = 0; b < p.Batches; b++)
        {
            var row = split.Slice(b * depth, depth);
            rowScales[b] = QuantizeRow(input.Slice(b * depth, depth), quantized.Slice(b * depth, depth), row[..half], row[half..], out zeroPoints[b]);
        }
    }

    /// <summary>
    /// The parallel half: outputs [<paramref name="start"/>, <paramref name="end"/>) of every batch row, from what
    /// <see cref="QuantizeRows"/> wrote; <see cref="RunPacked"/>'s results bit for bit, whatever the split.
    /// </summary>
    public static void RunPackedRows(in FullyConnectedParams p, ReadOnlySpan<short> split, ReadOnlySpan<float> rowScales, ReadOnlySpan<int> zeroPoints,
        ReadOnlySpan<byte> packedWeights, int blockSize, ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias,
        Span<float> output, int start, int end)
    {
        if (!CanRunPacked(blockSize)) throw new ArgumentException($"blockwise fully connected: no packed path for block size {blockSize} on this CPU");
        Reference.Hybrid.BlockwiseInt4FullyConnected.Check(p, p.Batches * p.InputDepth, packedWeights.Length * 2, blockSize, scales.Length, bias.Length,
            output.Length, p.InputDepth);
        int depth = p.InputDepth, half = depth / 2, outD = p.OutputDepth;
        if (depth % 2 != 0 || split.Length < (long)p.Batches * depth || rowScales.Length < p.Batches || zeroPoints.Length < p.Batches
            || correctionSums.Length < outD || start < 0 || end > outD || start > end)
            throw new ArgumentException("blockwise fully connected: RunPackedRows arguments out of range");
        for (int b = 0; b < p.Batches; b++)
        {
            var row = split.Slice(b * depth, depth);
            PackedRows(p, row[..half], row[half..], rowScales[b], zeroPoints[b], packedWeights, blockSize, scales, correctionSums, bias,
                output.Slice(b * outD, outD), start, end);
        }
    }

    private static float QuantizeRow(ReadOnlySpan<float> input, Span<sbyte> q, Span<short> even, Span<short> odd, out int zeroPoint)
    {
        float rowScale = HybridQuantization.Asymmetric(input, q, out zeroPoint);
        for (int i = 0; i < even.Length; i++)
        {
            even[i] = q[2 * i];
            odd[i] = q[2 * i + 1];
        }
        return rowScale;
    }

    private static void PackedRows(in FullyConnectedParams p, ReadOnlySpan<short> even, ReadOnlySpan<short> odd, float rowScale, int zeroPoint,
        ReadOnlySpan<byte> packed, int blockSize, ReadOnlySpan<float> scales, ReadOnlySpan<float> correctionSums, ReadOnlySpan<float> bias,
        Span<float> o, int start, int end)
    {
        int half = p.InputDepth / 2, blocks = p.InputDepth / blockSize, blockBytes = blockSize / 2;
        float min = p.ActivationMin, max = p.ActivationMax;
        ref short re = ref MemoryMarshal.GetReference(even);
        ref short ro = ref MemoryMarshal.GetReference(odd);
        for (int r = start; r < end; r++)
        {
            ref byte rw = ref MemoryMarshal.GetReference(packed.Slice(r * half, half));
            var s = scales.Slice(r * blocks, blocks);
            float v = 0f;
            for (int blk = 0; blk < blocks; blk++)
            {
                var acc = Vector256<int>.Zero;
                nuint first = (nuint)(blk * blockBytes), last = first + (nuint)blockBytes;
                for (nuint k = first; k < last; k += 16)
                {
                    // 16 packed bytes, sign-extended to int16: the low nibble is (x << 12) >> 12, the high one x >> 4.
                    var w16 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rw, k).AsSByte());
                    var lo = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(w16, 12), 12);
                    var hi = Avx2.ShiftRightArithmetic(w16, 4);
                    acc += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref re, k), lo) + Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref ro, k), hi);
                }
                v += Vector256.Sum(acc) * s[blk];
            }
            v -= zeroPoint * correctionSums[r];
            v *= rowScale;
            if (!bias.IsEmpty) v += bias[r];
            o[r] = Math.Min(Math.Max(v, min), max);
        }
    }
}
