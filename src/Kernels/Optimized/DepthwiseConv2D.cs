using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float DEPTHWISE_CONV_2D vectorized over channels with <see cref="Vector{T}"/> (AVX2: 8 lanes, NEON: 4), FMA where
/// the hardware has it, scalar tail channels. Depth multiplier 1 only; other multipliers use
/// <see cref="Reference.DepthwiseConv2D"/>. Work is split by output row (<see cref="RunRows"/>) for future threading.
/// </summary>
public static unsafe class DepthwiseConv2D
{
    public static void Run(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (!IsCovered(p))
        {
            Reference.DepthwiseConv2D.Run(p, input, filter, bias, output);
            return;
        }
        RunRows(p, input, filter, bias, output, 0, p.Batches * p.OutputHeight);
    }

    /// <summary>True when this kernel handles <paramref name="p"/> itself (depth multiplier 1, vector hardware).</summary>
    public static bool IsCovered(in DepthwiseParams p) => p.DepthMultiplier == 1 && Vector.IsHardwareAccelerated;

    /// <summary>Computes output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) where row = b * OH + oy.</summary>
    public static void RunRows(in DepthwiseParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias,
                               Span<float> output, int rowStart, int rowEnd)
    {
        p.Check(input.Length, filter.Length, bias.Length, output.Length);
        if (p.DepthMultiplier != 1) throw new ArgumentException("optimized depthwise conv: depth multiplier must be 1");
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        int inH = p.InputHeight, inW = p.InputWidth, c = p.InputChannels;
        int kh = p.FilterHeight, kw = p.FilterWidth, outW = p.OutputWidth;
        int vl = Vector<float>.Count;
        int cVec = c - c % vl;
        var lo = new Vector<float>(p.ActivationMin);
        var hi = new Vector<float>(p.ActivationMax);
        bool hasBias = !bias.IsEmpty;

        fixed (float* pIn = input)
        fixed (float* pW = filter)
        fixed (float* pB = bias)
        fixed (float* pOut = output)
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
                    int ch = 0;
                    for (; ch < cVec; ch += vl)
                    {
                        var acc = hasBias ? Vector.Load(pB + ch) : Vector<float>.Zero;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = iy0 + ky * p.DilationHeight;
                            if ((uint)iy >= (uint)inH) continue;
                            float* inRow = inBatch + (nint)iy * inW * c + ch;
                            float* wRow = pW + (nint)ky * kw * c + ch;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = ix0 + kx * p.DilationWidth;
                                if ((uint)ix >= (uint)inW) continue;
                                acc = Vector.MultiplyAddEstimate(Vector.Load(inRow + (nint)ix * c), Vector.Load(wRow + (nint)kx * c), acc);
                            }
                        }
                        Vector.MinNative(Vector.MaxNative(acc, lo), hi).Store(outRow + ch);
                    }
                    for (; ch < c; ch++)
                    {
                        float acc = hasBias ? pB[ch] : 0f;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = iy0 + ky * p.DilationHeight;
                            if ((uint)iy >= (uint)inH) continue;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = ix0 + kx * p.DilationWidth;
                                if ((uint)ix >= (uint)inW) continue;
                                acc = MathF.FusedMultiplyAdd(inBatch[((nint)iy * inW + ix) * c + ch], pW[(nint)(ky * kw + kx) * c + ch], acc);
                            }
                        }
                        outRow[ch] = Math.Min(Math.Max(acc, p.ActivationMin), p.ActivationMax);
                    }
                }
            }
        }
    }
}
