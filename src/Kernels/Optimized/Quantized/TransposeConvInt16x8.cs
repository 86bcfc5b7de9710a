using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// A constant int8 TRANSPOSE_CONV filter [OutputDepth, FilterHeight, FilterWidth, InputDepth] of an int16x8 model,
/// reordered tap-major with each tap's output channels padded to 16 ([taps * PaddedChannels, InputDepth], zero rows for
/// the padding) and widened once into <see cref="S16Gemm"/>'s layout (<see cref="Conv2DInt16x8.TryPack"/> of that
/// matrix as a 1x1 convolution), with the int64 bias and requantization constants.
/// </summary>
public sealed class Int16x8TransposeConvPackedWeights
{
    internal Int16x8TransposeConvPackedWeights(Int16x8PackedWeights gemm, int paddedChannels, Int16x8Requant requant)
    {
        Gemm = gemm;
        PaddedChannels = paddedChannels;
        Requant = requant;
    }

    /// <summary>Output channels rounded up to 16: each GEMM block of 16 columns is one tap's channels [c, c + 16).</summary>
    public int PaddedChannels { get; }
    /// <summary>Bytes held, for memory reports.</summary>
    public long ByteSize => Gemm.ByteSize + Requant.ByteSize;
    internal Int16x8PackedWeights Gemm { get; }
    internal Int16x8Requant Requant { get; }
}

/// <summary>
/// TRANSPOSE_CONV with int16 activations (zero point 0), a constant per-channel int8 filter and an int64 bias (a
/// constant int32 one widened), bit-exact with <see cref="Reference.Quantized.TransposeConvInt16x8"/>: tiles of input
/// pixels (copied to int16 rows of K2 = InputDepth rounded up to 2) are multiplied by the packed filter with the
/// vpmaddwd GEMM, in runs of K whose int32 sums are exact, giving every (input pixel, tap, output channel) product sum
/// exactly in int64; each is added to the int64 accumulator of the output pixel the tap lands on (the same exact sum as
/// the reference's scatter, in another order). Bias and the reference's int64 requantization finish each output
/// (vectorized on AVX-512, scalar otherwise). No allocation.
/// </summary>
public static class TransposeConvInt16x8
{
    private const int TileRows = 64;

    /// <summary>Whether this kernel can run on this machine (AVX2).</summary>
    public static bool IsSupported => S16Gemm.IsSupported;

    /// <summary>Packs a constant filter and bias (may be empty); null where the kernel does not apply.</summary>
    public static Int16x8TransposeConvPackedWeights? TryPack(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter, ReadOnlySpan<long> bias)
    {
        if (!IsSupported || p.PerChannelMultiplier is null || p.PerChannelShift is null) return null;
        QuantizedChecks.Conv(p, int.MaxValue, filter.Length, bias.Length, int.MaxValue, perChannel: true, transpose: true);
        int outD = p.OutputDepth, inD = p.InputDepth, taps = p.FilterHeight * p.FilterWidth;
        if (outD <= 0 || inD <= 0 || taps <= 0) return null;
        for (int c = 0; c < outD; c++)
            if (p.PerChannelShift[c] < -48 || p.PerChannelShift[c] > 14) return null;
        int cp = (outD + 15) & ~15;
        long columns = (long)taps * cp;
        if (columns * inD > int.MaxValue / 4 || AccumulatorLength(p) * sizeof(long) > int.MaxValue) return null;
        var reordered = new sbyte[columns * inD];
        for (int oc = 0; oc < outD; oc++)
        for (int t = 0; t < taps; t++)
            filter.Slice((oc * taps + t) * inD, inD).CopyTo(reordered.AsSpan((t * cp + oc) * inD, inD));
        var gp = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 1, InputDepth = inD, FilterHeight = 1, FilterWidth = 1,
            OutputHeight = 1, OutputWidth = 1, OutputDepth = (int)columns, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
        };
        var gemm = Conv2DInt16x8.TryPack(gp, reordered);
        if (gemm is null) return null;
        var requant = new Int16x8Requant(outD, p.PerChannelMultiplier, p.PerChannelShift, bias, p.ActivationMin, p.ActivationMax);
        return new Int16x8TransposeConvPackedWeights(gemm, cp, requant);
    }

    /// <summary>int64 accumulators: Batches * OutputHeight * OutputWidth * (OutputDepth rounded up to 16).</summary>
    public static long AccumulatorLength(in QuantizedConvParams p) => (long)p.Batches * p.OutputHeight * p.OutputWidth * ((p.OutputDepth + 15) & ~15);

    /// <summary>Scratch bytes <see cref="Run"/> needs: the int64 accumulators, an int16 input tile and its int64 GEMM results.</summary>
    public static int ScratchBytes(in QuantizedConvParams p) =>
        checked((int)(AccumulatorLength(p) * sizeof(long)) + TileRows * ((p.InputDepth + 1) & ~1) * sizeof(short) + TileRows * 16 * sizeof(long));

    /// <summary>The whole TRANSPOSE_CONV (every batch) with a filter packed by <see cref="TryPack"/>.</summary>
    public static void Run(in QuantizedConvParams p, Int16x8TransposeConvPackedWeights packed, ReadOnlySpan<short> input, Span<short> output, Span<byte> scratch) =>
        RunCore(p, packed, input, output, scratch, Int16x8Requant.VectorSupported);

    /// <summary>Test hook: <paramref name="wide"/> false takes the scalar output stage and the 4-row GEMM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void RunCore(in QuantizedConvParams p, Int16x8TransposeConvPackedWeights packed, ReadOnlySpan<short> input, Span<short> output, Span<byte> scratch,
        bool wide)
    {
        QuantizedChecks.Conv(p, input.Length, int.MaxValue, 0, output.Length, perChannel: true, transpose: true);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth, fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth, cp = packed.PaddedChannels, cBlocks = cp / 16;
        var gemm = packed.Gemm;
        if (cp != ((outD + 15) & ~15) || gemm.K != inD || gemm.Blocks != fH * fW * cBlocks || packed.Requant.Channels != outD)
            throw new ArgumentException("packed int16x8 transpose convolution filter does not match the convolution parameters");
        if (scratch.Length < ScratchBytes(p)) throw new ArgumentException($"transpose convolution scratch has {scratch.Length} bytes, needs {ScratchBytes(p)}");
        wide &= Int16x8Requant.VectorSupported;
        int k2 = gemm.K2, pairs = k2 / 2, chunk = gemm.ChunkPairs, mr = wide ? 8 : 4;
        long accLength = AccumulatorLength(p);
        int pixels = inH * inW;
        var sum = new SumEpilogue();
        fixed (short* inPtr = input)
        fixed (short* outPtr = output)
        fixed (byte* scratchPtr = scratch)
        fixed (short* wPtr = gemm.Weights.Span)
        {
            long* acc = (long*)scratchPtr;
            short* aTile = (short*)(acc + accLength);
            long* tile = (long*)(aTile + (nint)TileRows * k2);
            new Span<long>(acc, (int)accLength).Clear();
            for (int b = 0; b < p.Batches; b++)
            {
                long* accBatch = acc + (nint)b * outH * outW * cp;
                for (int p0 = 0; p0 < pixels; p0 += TileRows)
                {
                    int n = Math.Min(TileRows, pixels - p0);
                    short* src = inPtr + ((nint)b * pixels + p0) * inD;
                    if (k2 == inD) new ReadOnlySpan<short>(src, n * inD).CopyTo(new Span<short>(aTile, n * inD));
                    else
                        for (int r = 0; r < n; r++)
                        {
                            new ReadOnlySpan<short>(src + (nint)r * inD, inD).CopyTo(new Span<short>(aTile + (nint)r * k2, inD));
                            aTile[(nint)r * k2 + inD] = 0;
                        }
                    for (int t = 0; t < fH * fW; t++)
                    {
                        int fy = t / fW, fx = t - fy * fW;
                        for (int cb = 0; cb < cBlocks; cb++)
                        {
                            short* w = wPtr + (nint)(t * cBlocks + cb) * k2 * 16;
                            for (int r = 0; r < n; r += mr)
                            {
                                int rows = Math.Min(mr, n - r);
                                short* a = aTile + (nint)r * k2;
                                long* tr = tile + (nint)r * 16;
                                for (int c0 = 0; c0 < pairs; c0 += chunk)
                                {
                                    int run = Math.Min(chunk, pairs - c0);
                                    sum.First = c0 == 0;
                                    if (wide) S16Gemm.Gemm8x16(run, a + 2 * (nint)c0, k2, rows, w + 32 * (nint)c0, sum, tr, 16, 16);
                                    else S16Gemm.Gemm4x16(run, a + 2 * (nint)c0, k2, rows, w + 32 * (nint)c0, sum, tr, 16, 16);
                                }
                            }
                            // Scatter: input pixel (iy, ix) through tap (fy, fx) lands on output (iy * sH - padH + fy, ix * sW - padW + fx).
                            int iy = p0 / inW, ix = p0 - iy * inW;
                            for (int r = 0; r < n; r++)
                            {
                                int oy = iy * p.StrideHeight - p.PadHeight + fy, ox = ix * p.StrideWidth - p.PadWidth + fx;
                                if ((uint)oy < (uint)outH && (uint)ox < (uint)outW)
                                {
                                    long* d = accBatch + ((nint)oy * outW + ox) * cp + cb * 16;
                                    long* s = tile + (nint)r * 16;
                                    (Vector256.Load(d) + Vector256.Load(s)).Store(d);
                                    (Vector256.Load(d + 4) + Vector256.Load(s + 4)).Store(d + 4);
                                    (Vector256.Load(d + 8) + Vector256.Load(s + 8)).Store(d + 8);
                                    (Vector256.Load(d + 12) + Vector256.Load(s + 12)).Store(d + 12);
                                }
                                if (++ix == inW) { ix = 0; iy++; }
                            }
                        }
                    }
                }
            }
            Finish(p, packed, acc, outPtr, wide);
        }
    }

    /// <summary>Bias, requantization and clamp of every accumulator into the output.</summary>
    private static unsafe void Finish(in QuantizedConvParams p, Int16x8TransposeConvPackedWeights packed, long* acc, short* output, bool wide)
    {
        int outD = p.OutputDepth, cp = packed.PaddedChannels, cBlocks = cp / 16;
        long outPixels = (long)p.Batches * p.OutputHeight * p.OutputWidth;
        var rq = packed.Requant;
        if (!wide)
        {
            for (long px = 0; px < outPixels; px++)
                for (int c = 0; c < outD; c++)
                    output[px * outD + c] = rq.Scalar(acc[px * cp + c], c);
            return;
        }
        for (int cb = 0; cb < cBlocks; cb++)
        {
            var k = new Int16x8Requant.Block(rq, cb * 16);
            int cols = Math.Min(16, outD - cb * 16);
            long* s = acc + cb * 16;
            short* d = output + cb * 16;
            for (long px = 0; px < outPixels; px++, s += cp, d += outD)
                Int16x8Requant.Store(Int16x8Requant.Requantize16(Vector512.Load(s), Vector512.Load(s + 8), k), d, cols);
        }
    }

    /// <summary>Stores (first run of K) or adds the int32 GEMM sums into the int64 tile (row stride 16).</summary>
    private unsafe struct SumEpilogue : IGemmEpilogue
    {
        public bool First;

        public readonly void StoreRows(int* acc, int rows, void* dst, nint dstStride, int cols)
        {
            long* t = (long*)dst;
            for (int i = 0; i < rows * 16; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Load(acc + i));
                if (!First)
                {
                    lo += Vector256.Load(t + i);
                    hi += Vector256.Load(t + i + 4);
                }
                lo.Store(t + i);
                hi.Store(t + i + 4);
            }
        }
    }
}
