using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>
/// f32-gemm-4x1-dot-v256: one output column per panel, computed as dot products over K (the panel's K weights are
/// contiguous, so A rows and weights are both read with full vectors). For GEMMs with one or two output columns,
/// where a 16-wide microkernel would waste most of its lanes (a convolution to a single-channel mask).
/// </summary>
internal static unsafe class F32Gemm4x1DotV256
{
    public const int MR = 4;
    public const int NR = 1;

    public static void Run(int mr, int nc, int kc, float* a, nint aStride, float* w, float* c, nint cStride, float min, float max)
    {
        float bias = w[0];
        float* b = w + 1;
        for (int i = 0; i < mr; i++)
        {
            var acc = Vector256<float>.Zero;
            float tail = 0f;
            Accumulate(a + i * aStride, b, kc, ref acc, ref tail);
            c[i * cStride] = Math.Min(Math.Max(Finish(acc, tail) + bias, min), max);
        }
    }

    /// <summary>Adds x[0..n) . y[0..n) to the vector accumulator (full vectors) and the scalar one (the tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Accumulate(float* x, float* y, int n, ref Vector256<float> acc, ref float tail)
    {
        int i = 0;
        if (n >= 16)
        {
            var acc1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), acc);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + i + 8), Vector256.Load(y + i + 8), acc1);
            }
            acc += acc1;
        }
        for (; i + 8 <= n; i += 8)
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), acc);
        for (; i < n; i++)
            tail = MathF.FusedMultiplyAdd(x[i], y[i], tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Finish(Vector256<float> acc, float tail) => Vector256.Sum(acc) + tail;
}
