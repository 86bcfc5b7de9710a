using System.Numerics.Tensors;
using ManagedLite.Kernels.Optimized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float transposed convolution as scatter-GEMM: for each input row, columns [W, KH*KW*OC] = input row [W, IC] times
/// the filter read as rows (ky, kx, oc) (packed once), then each column block is added into the output pixel it lands
/// on. Bias and activation are applied as in <see cref="Reference.TransposeConv"/>.
/// </summary>
public static unsafe class TransposeConv
{
    /// <summary>Same contract as <see cref="Reference.TransposeConv.Run"/>; packs and allocates scratch (allocates).</summary>
    public static void Run(in TransposeConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        var uk = SelectMicrokernel(p);
        if (uk is null)
        {
            Reference.TransposeConv.Run(p, input, filter, bias, output);
            return;
        }
        Run(p, uk, input, filter, bias, output);
    }

    public static void Run(in TransposeConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> filter,
                           ReadOnlySpan<float> bias, Span<float> output)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        var packed = new float[PackedWeightsLength(p, uk)];
        PackWeights(p, uk, filter, packed);
        var scratch = new float[ScratchLength(p)];
        RunPacked(p, uk, input, packed, bias, output, scratch);
    }

    public static F32GemmMicrokernel? SelectMicrokernel(in TransposeConvParams p)
        => F32GemmMicrokernels.Select(p.FilterHeight * p.FilterWidth * p.OutputChannels);

    public static int PackedWeightsLength(in TransposeConvParams p, F32GemmMicrokernel uk)
        => F32Gemm.PackedLength(p.FilterHeight * p.FilterWidth * p.OutputChannels, p.InputChannels, uk.NR);

    /// <summary>Packs filter [OC, KH, KW, IC] as the rows (ky, kx, oc) of a [KH*KW*OC, IC] matrix, no bias.</summary>
    public static void PackWeights(in TransposeConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> filter, Span<float> packed)
    {
        if (filter.Length < p.FilterLength) throw new ArgumentException("transpose conv: filter too short");
        int taps = p.FilterHeight * p.FilterWidth;
        F32Gemm.PackStrided(filter, taps * p.OutputChannels, p.InputChannels, p.OutputChannels, taps * p.InputChannels,
                            p.InputChannels, ReadOnlySpan<float>.Empty, uk.NR, packed);
    }

    /// <summary>
    /// Floats of scratch: one input row of columns, [InputWidth, KH*KW*OC], then one output row of the bias tiled
    /// [OutputWidth, OC].
    /// </summary>
    public static int ScratchLength(in TransposeConvParams p)
        => checked(p.InputWidth * p.FilterHeight * p.FilterWidth * p.OutputChannels + p.OutputWidth * p.OutputChannels);

    /// <summary>Runs on a filter packed by <see cref="PackWeights"/>; no allocation.</summary>
    public static void RunPacked(in TransposeConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                                 ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch)
        => RunPackedRows(p, uk, input, packed, bias, output, scratch, 0, p.Batches * p.OutputHeight);

    /// <summary>
    /// The output row where task <paramref name="task"/> of <paramref name="tasks"/> starts (row = batch * OutputHeight + y;
    /// the end of the output when <paramref name="task"/> == <paramref name="tasks"/>): input rows are shared out evenly
    /// and each split falls where the next task's first input row starts writing, so that with filter height &lt;= stride
    /// no input row is multiplied by two tasks.
    /// </summary>
    public static int SplitRow(in TransposeConvParams p, int task, int tasks)
    {
        if (task >= tasks) return p.Batches * p.OutputHeight;
        if (task <= 0) return 0;
        long unit = (long)p.Batches * p.InputHeight * task / tasks;
        int b = (int)(unit / p.InputHeight), iy = (int)(unit % p.InputHeight);
        return b * p.OutputHeight + Math.Clamp(iy * p.StrideHeight - p.PadTop, 0, p.OutputHeight);
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) only (row = batch * OutputHeight + y), with its
    /// own <paramref name="scratch"/> (<see cref="ScratchLength"/>): every input row whose taps reach those rows is multiplied
    /// again, and its sums are added into those rows only, in the order of the whole run (input row, filter row, input
    /// column). So disjoint row ranges may run on different threads at once and give the bits of <see cref="RunPacked"/>.
    /// </summary>
    public static void RunPackedRows(in TransposeConvParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
                                     ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch, int rowStart, int rowEnd)
    {
        p.Check(input.Length, (int)Math.Min(int.MaxValue, p.FilterLength), bias.Length, output.Length);
        if (!uk.IsSupported) throw new PlatformNotSupportedException($"{uk.Id} is not supported on this machine");
        if (packed.Length < PackedWeightsLength(p, uk)) throw new ArgumentException("transpose conv: packed weights too short");
        if (scratch.Length < ScratchLength(p)) throw new ArgumentException("transpose conv: scratch too short");
        if ((uint)rowStart > (uint)rowEnd || rowEnd > p.Batches * p.OutputHeight)
            throw new ArgumentOutOfRangeException(nameof(rowEnd), $"rows [{rowStart}, {rowEnd}) outside [0, {p.Batches * p.OutputHeight})");
        int inH = p.InputHeight, inW = p.InputWidth, inC = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, outH = p.OutputHeight, outW = p.OutputWidth, outC = p.OutputChannels;
        int sh = p.StrideHeight;
        int n = kh * kw * outC;
        int rowLength = outW * outC;
        if (rowStart == rowEnd || rowLength == 0) return;
        // [rows, OW, OC]: the part of the output this call owns
        var outRows = output.Slice(rowStart * rowLength, (rowEnd - rowStart) * rowLength);
        bool hasBias = !bias.IsEmpty;
        // The bias tiled over one output row: one vector pass per row instead of one call per pixel (outC is often 1).
        var biasRow = scratch.Slice(inW * n, rowLength);
        if (hasBias)
            for (int o = 0; o < rowLength; o += outC) bias[..outC].CopyTo(biasRow.Slice(o, outC));

        if (p.BiasFirst && hasBias)
            for (int o = 0; o < outRows.Length; o += rowLength) biasRow.CopyTo(outRows.Slice(o, rowLength));
        else
            outRows.Clear();

        fixed (float* pIn = input)
        fixed (float* pW = packed)
        fixed (float* pCol = scratch)
        fixed (float* pOut = output)
        {
            for (int row = rowStart; row < rowEnd;)
            {
                int b = row / outH;
                int lo = row - b * outH, hi = Math.Min(outH, rowEnd - b * outH);   // output rows [lo, hi) of batch b
                // Input rows iy with a tap on [lo, hi): iy * sh - pad + ky in [lo, hi) for some ky in [0, kh).
                int first = lo + p.PadTop - kh + 1, last = hi - 1 + p.PadTop;
                int iyFirst = first <= 0 ? 0 : (first + sh - 1) / sh;
                int iyLast = last < 0 ? -1 : Math.Min(inH - 1, last / sh);
                for (int iy = iyFirst; iy <= iyLast; iy++)
                {
                    // [inW, KH*KW*OC]
                    F32Gemm.Run(uk, inW, n, inC, pIn + ((nint)(b * inH + iy) * inW) * inC, inC, pW, pCol, n,
                                float.NegativeInfinity, float.PositiveInfinity);
                    int oy0 = iy * sh - p.PadTop;
                    int ky0 = Math.Max(0, lo - oy0), ky1 = Math.Min(kh, hi - oy0);
                    for (int ky = ky0; ky < ky1; ky++)
                    {
                        float* outRow = pOut + (nint)(b * outH + oy0 + ky) * rowLength;
                        for (int ix = 0; ix < inW; ix++)
                        {
                            int ox0 = ix * p.StrideWidth - p.PadLeft;
                            float* col = pCol + (nint)ix * n + ky * kw * outC;
                            // The taps of one filter row that land inside the output are contiguous there when the stride is
                            // the filter width (the common 2x2 / stride 2 upsampling); otherwise tap by tap.
                            int kx0 = Math.Max(0, -ox0), kx1 = Math.Min(kw, outW - ox0);
                            if (kx1 <= kx0) continue;
                            if (p.StrideWidth == kw)
                                AddInto(outRow + (nint)(ox0 + kx0) * outC, col + kx0 * outC, (kx1 - kx0) * outC);
                            else
                                for (int kx = kx0; kx < kx1; kx++)
                                    AddInto(outRow + (nint)(ox0 + kx) * outC, col + kx * outC, outC);
                        }
                    }
                }
                row = b * outH + hi;
            }
        }

        if (!p.BiasFirst && hasBias)
            for (int o = 0; o < outRows.Length; o += rowLength)
            {
                var dst = outRows.Slice(o, rowLength);
                TensorPrimitives.Add(dst, biasRow, dst);
            }
        if (!float.IsNegativeInfinity(p.ActivationMin)) TensorPrimitives.Max(outRows, p.ActivationMin, outRows);
        if (!float.IsPositiveInfinity(p.ActivationMax)) TensorPrimitives.Min(outRows, p.ActivationMax, outRows);
    }

    /// <summary>dst[i] += src[i]: a plain loop for the short runs of a few channels, the vector primitive for long ones.</summary>
    private static void AddInto(float* dst, float* src, int count)
    {
        if (count >= 16)
        {
            var d = new Span<float>(dst, count);
            TensorPrimitives.Add(d, new ReadOnlySpan<float>(src, count), d);
            return;
        }
        for (int i = 0; i < count; i++) dst[i] += src[i];
    }
}
