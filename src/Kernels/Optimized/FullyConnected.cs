using System.Numerics;
using ManagedLite.Kernels.Optimized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Float FULLY_CONNECTED. Few batches (below <see cref="GemmMinBatches"/>): dot products over the weights in their own
/// layout, four outputs at a time with <see cref="Vector{T}"/> accumulators (no packing). More batches: the packed
/// GEMM of <see cref="F32GemmMicrokernels"/> with weights packed once.
/// </summary>
public static unsafe class FullyConnected
{
    /// <summary>From this many batches on, the packed GEMM is used.</summary>
    public const int GemmMinBatches = 4;

    /// <summary>Same contract as <see cref="Reference.FullyConnected.Run"/>; the GEMM path packs into a temporary (allocates).</summary>
    public static void Run(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        var uk = SelectMicrokernel(p);
        if (uk is not null)
        {
            Run(p, uk, input, weights, bias, output);
            return;
        }
        if (!Vector.IsHardwareAccelerated)
        {
            Reference.FullyConnected.Run(p, input, weights, bias, output);
            return;
        }
        RunDot(p, input, weights, bias, output);
    }

    /// <summary>Runs the packed GEMM path with a given microkernel (allocates the packing).</summary>
    public static void Run(in FullyConnectedParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
                           ReadOnlySpan<float> bias, Span<float> output)
    {
        p.Check(input.Length, weights.Length, bias.Length, output.Length);
        var packed = new float[PackedWeightsLength(p, uk)];
        PackWeights(p, uk, weights, bias, packed);
        RunPacked(p, uk, input, packed, output);
    }

    /// <summary>The GEMM microkernel for <paramref name="p"/>, or null when the dot-product path is better (few batches).</summary>
    public static F32GemmMicrokernel? SelectMicrokernel(in FullyConnectedParams p)
        => p.Batches >= GemmMinBatches ? F32GemmMicrokernels.Select(p.OutputDepth) : null;

    public static int PackedWeightsLength(in FullyConnectedParams p, F32GemmMicrokernel uk)
        => F32Gemm.PackedLength(p.OutputDepth, p.InputDepth, uk.NR);

    public static void PackWeights(in FullyConnectedParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> packed)
    {
        if (weights.Length < (long)p.OutputDepth * p.InputDepth) throw new ArgumentException("fully connected: weights too short");
        F32Gemm.Pack(weights, p.OutputDepth, p.InputDepth, bias, uk.NR, packed);
    }

    /// <summary>GEMM on weights packed by <see cref="PackWeights"/>; no allocation.</summary>
    public static void RunPacked(in FullyConnectedParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed, Span<float> output)
    {
        p.Check(input.Length, p.OutputDepth * p.InputDepth, 0, output.Length);
        if (p.Batches == 0) return;
        F32Gemm.Run(uk, p.Batches, p.OutputDepth, p.InputDepth, input, p.InputDepth, packed, output, p.OutputDepth,
                    p.ActivationMin, p.ActivationMax);
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) (a multiple of uk.MR, or the end) and column
    /// panels [<paramref name="panelStart"/>, <paramref name="panelEnd"/>) of uk.NR columns of <see cref="RunPacked"/>:
    /// disjoint blocks may run on different threads, and every tile is computed as in the whole call (same bits).
    /// </summary>
    public static void RunPackedBlock(in FullyConnectedParams p, F32GemmMicrokernel uk, ReadOnlySpan<float> input, ReadOnlySpan<float> packed,
        Span<float> output, int rowStart, int rowEnd, int panelStart, int panelEnd)
    {
        p.Check(input.Length, p.OutputDepth * p.InputDepth, 0, output.Length);
        int panels = (p.OutputDepth + uk.NR - 1) / uk.NR;
        if (rowStart < 0 || rowEnd > p.Batches || rowStart > rowEnd || (rowStart % uk.MR != 0 && rowStart != p.Batches))
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) of {p.Batches} (blocks of {uk.MR})");
        if (panelStart < 0 || panelEnd > panels || panelStart > panelEnd)
            throw new ArgumentOutOfRangeException(nameof(panelStart), $"panels [{panelStart}, {panelEnd}) of {panels}");
        if (rowStart == rowEnd || panelStart == panelEnd) return;
        int k = p.InputDepth, n0 = panelStart * uk.NR, n = Math.Min(p.OutputDepth, panelEnd * uk.NR) - n0;
        long panelLength = (long)(k + 1) * uk.NR;
        F32Gemm.Run(uk, rowEnd - rowStart, n, k, input[(rowStart * k)..], k, packed[(int)(panelStart * panelLength)..],
                    output[(rowStart * p.OutputDepth + n0)..], p.OutputDepth, p.ActivationMin, p.ActivationMax);
    }

    /// <summary>Dot-product path on weights [OUT, IN] as given; no allocation.</summary>
    public static void RunDot(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        => RunDot(p, input, weights, bias, output, 0, p.OutputDepth);

    /// <summary>
    /// The dot-product path for output units [<paramref name="outStart"/>, <paramref name="outEnd"/>) of every batch (a
    /// thread's share): each unit is summed as in the whole call, so the bits do not depend on the split.
    /// </summary>
    public static void RunDot(in FullyConnectedParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> output, int outStart, int outEnd)
    {
        p.Check(input.Length, weights.Length, bias.Length, output.Length);
        if (outStart < 0 || outEnd > p.OutputDepth || outStart > outEnd)
            throw new ArgumentOutOfRangeException(nameof(outStart), $"output units [{outStart}, {outEnd}) of {p.OutputDepth}");
        int depth = p.InputDepth, outDepth = outEnd;
        int vl = Vector<float>.Count, dVec = depth - depth % vl;
        fixed (float* pIn = input)
        fixed (float* pW = weights)
        fixed (float* pB = bias)
        fixed (float* pOut = output)
        {
            for (int b = 0; b < p.Batches; b++)
            {
                float* x = pIn + (nint)b * depth;
                float* y = pOut + (nint)b * p.OutputDepth;
                int o = outStart;
                for (; o + 4 <= outDepth; o += 4)
                {
                    float* w0 = pW + (nint)o * depth, w1 = w0 + depth, w2 = w1 + depth, w3 = w2 + depth;
                    Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                    for (int d = 0; d < dVec; d += vl)
                    {
                        var xv = Vector.Load(x + d);
                        s0 = Vector.MultiplyAddEstimate(xv, Vector.Load(w0 + d), s0);
                        s1 = Vector.MultiplyAddEstimate(xv, Vector.Load(w1 + d), s1);
                        s2 = Vector.MultiplyAddEstimate(xv, Vector.Load(w2 + d), s2);
                        s3 = Vector.MultiplyAddEstimate(xv, Vector.Load(w3 + d), s3);
                    }
                    float t0 = Vector.Sum(s0), t1 = Vector.Sum(s1), t2 = Vector.Sum(s2), t3 = Vector.Sum(s3);
                    for (int d = dVec; d < depth; d++)
                    {
                        float xs = x[d];
                        t0 += xs * w0[d]; t1 += xs * w1[d]; t2 += xs * w2[d]; t3 += xs * w3[d];
                    }
                    y[o] = Finish(t0, pB, o, p);
                    y[o + 1] = Finish(t1, pB, o + 1, p);
                    y[o + 2] = Finish(t2, pB, o + 2, p);
                    y[o + 3] = Finish(t3, pB, o + 3, p);
                }
                for (; o < outDepth; o++)
                {
                    float* w0 = pW + (nint)o * depth;
                    Vector<float> s0 = default;
                    for (int d = 0; d < dVec; d += vl)
                        s0 = Vector.MultiplyAddEstimate(Vector.Load(x + d), Vector.Load(w0 + d), s0);
                    float t0 = Vector.Sum(s0);
                    for (int d = dVec; d < depth; d++) t0 += x[d] * w0[d];
                    y[o] = Finish(t0, pB, o, p);
                }
            }
        }
    }

    private static float Finish(float total, float* bias, int o, in FullyConnectedParams p)
    {
        if (bias != null) total += bias[o];
        return Math.Min(Math.Max(total, p.ActivationMin), p.ActivationMax);
    }
}
