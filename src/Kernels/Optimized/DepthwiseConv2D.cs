using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float DEPTHWISE_CONV_2D vectorized over channels with <see cref="Vector{T}"/> (AVX2: 8 lanes, NEON: 4), FMA where
/// the hardware has it, scalar tail channels. Per output pixel it builds one input pointer per tap (taps in the
/// padding point at a zero row, so the inner loops have no bounds checks) and runs two FMA chains at once. Depth multiplier 1 only; other multipliers use
/// <see cref="Reference.DepthwiseConv2D"/>. Work is split by output row (<see cref="RunRows"/>) for future threading.
/// </summary>
public static unsafe class DepthwiseConv2D
{
    public const int MaxStackChannels = 2048;
    public const int MaxStackTaps = 256;

    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (!IsCovered(p))
        {
            Reference.DepthwiseConv2D.Run(p, input, filter, bias, output);
            return;
        }
        RunRows(p, input, filter, bias, output, 0, p.Batches * p.OutputHeight);
    }

    /// <summary>
    /// True when this kernel handles <paramref name="p"/> itself: depth multiplier 1, vector hardware, and at most
    /// <see cref="MaxStackChannels"/> channels and <see cref="MaxStackTaps"/> taps (its tables live on the stack).
    /// </summary>
    public static bool IsCovered(in DepthwiseParams p)
        => p.DepthMultiplier == 1 && Vector.IsHardwareAccelerated && p.InputChannels <= MaxStackChannels &&
           (long)p.FilterHeight * p.FilterWidth <= MaxStackTaps;

    /// <summary>Computes output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) where row = b * OH + oy.</summary>
    public static void RunRows(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
                               Span<float> output, int rowStart, int rowEnd)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        if (p.DepthMultiplier != 1 || p.InputChannels > MaxStackChannels || (long)p.FilterHeight * p.FilterWidth > MaxStackTaps)
            throw new ArgumentException("optimized depthwise conv: needs depth multiplier 1 and no more than 2048 channels and 256 taps (see IsCovered)");
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, outW = p.OutputWidth;
        int vl = Vector<float>.Count;
        int cVec = c - c % vl;
        var lo = new Vector<float>(p.ActivationMin);
        var hi = new Vector<float>(p.ActivationMax);
        bool hasBias = !bias.IsEmpty;

        int taps = kh * kw;
        // Zero row for taps in the padding, and one input pointer per tap of the current output pixel.
        Span<float> zeroSpan = stackalloc float[c];
        zeroSpan.Clear();
        Span<nint> tapSpan = stackalloc nint[taps];

        fixed (float* pIn = input)
        fixed (float* pW = filter)
        fixed (float* pB = bias)
        fixed (float* pOut = output)
        fixed (float* zero = zeroSpan)
        fixed (nint* tap = tapSpan)
        {
            for (int row = rowStart; row < rowEnd; row++)
            {
                int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
                int iy0 = oy * p.StrideHeight - p.PadTop;
                float* inBatch = pIn + (nint)b * inH * inW * c;
                float* outRow = pOut + (nint)row * outW * c;
                for (int ox = 0; ox < outW; ox++, outRow += c)
                {
                    int ix0 = ox * p.StrideWidth - p.PadLeft;
                    int t = 0;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = iy0 + ky * p.DilationHeight;
                        for (int kx = 0; kx < kw; kx++, t++)
                        {
                            int ix = ix0 + kx * p.DilationWidth;
                            tap[t] = (uint)iy < (uint)inH && (uint)ix < (uint)inW
                                ? (nint)(inBatch + ((nint)iy * inW + ix) * c)
                                : (nint)zero;
                        }
                    }
                    int ch = 0;
                    // Two channel vectors at a time: two independent FMA chains.
                    for (; ch + 2 * vl <= c; ch += 2 * vl)
                    {
                        var acc0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                        var acc1 = hasBias ? Vector.Load(pB + ch + vl) : Vector<float>.Zero;
                        float* w = pW + ch;
                        for (int k = 0; k < taps; k++, w += c)
                        {
                            float* x = (float*)tap[k] + ch;
                            acc0 = Vector.MultiplyAddEstimate(Vector.Load(x), Vector.Load(w), acc0);
                            acc1 = Vector.MultiplyAddEstimate(Vector.Load(x + vl), Vector.Load(w + vl), acc1);
                        }
                        Vector.MinNative(Vector.MaxNative(acc0, lo), hi).Store(outRow + ch);
                        Vector.MinNative(Vector.MaxNative(acc1, lo), hi).Store(outRow + ch + vl);
                    }
                    // One channel vector: even and odd taps in separate chains.
                    for (; ch < cVec; ch += vl)
                    {
                        var acc0 = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                        var acc1 = Vector<float>.Zero;
                        float* w = pW + ch;
                        int k = 0;
                        for (; k + 1 < taps; k += 2, w += 2 * c)
                        {
                            acc0 = Vector.MultiplyAddEstimate(Vector.Load((float*)tap[k] + ch), Vector.Load(w), acc0);
                            acc1 = Vector.MultiplyAddEstimate(Vector.Load((float*)tap[k + 1] + ch), Vector.Load(w + c), acc1);
                        }
                        if (k < taps) acc0 = Vector.MultiplyAddEstimate(Vector.Load((float*)tap[k] + ch), Vector.Load(w), acc0);
                        Vector.MinNative(Vector.MaxNative(acc0 + acc1, lo), hi).Store(outRow + ch);
                    }
                    for (; ch < c; ch++)
                    {
                        float acc = hasBias ? pB[ch] : 0f;
                        for (int k = 0; k < taps; k++)
                            acc = MathF.FusedMultiplyAdd(((float*)tap[k])[ch], pW[(nint)k * c + ch], acc);
                        outRow[ch] = Math.Min(Math.Max(acc, p.ActivationMin), p.ActivationMax);
                    }
                }
            }
        }
    }
}
