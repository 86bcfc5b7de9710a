using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>f32-gemm-6x16-fma-v256: 6x16 tile, two Vector256 per row, AVX + FMA3 (12 accumulators).</summary>
internal static unsafe class F32Gemm6x16FmaV256
{
    public const int MR = 6;
    public const int NR = 16;

    public static void Run(int mr, int nc, int kc, float* a, nint aStride, float* w, float* c, nint cStride, float min, float max)
    {
        float* a0 = a;
        float* a1 = mr > 1 ? a0 + aStride : a0;
        float* a2 = mr > 2 ? a1 + aStride : a1;
        float* a3 = mr > 3 ? a2 + aStride : a2;
        float* a4 = mr > 4 ? a3 + aStride : a3;
        float* a5 = mr > 5 ? a4 + aStride : a4;
        var c00 = Vector256.Load(w); var c01 = Vector256.Load(w + 8);
        var c10 = c00; var c11 = c01; var c20 = c00; var c21 = c01;
        var c30 = c00; var c31 = c01; var c40 = c00; var c41 = c01; var c50 = c00; var c51 = c01;
        w += NR;
        for (int k = 0; k < kc; k++, w += NR)
        {
            var b0 = Vector256.Load(w);
            var b1 = Vector256.Load(w + 8);
            var v = Vector256.Create(a0[k]); c00 = Fma.MultiplyAdd(v, b0, c00); c01 = Fma.MultiplyAdd(v, b1, c01);
            v = Vector256.Create(a1[k]); c10 = Fma.MultiplyAdd(v, b0, c10); c11 = Fma.MultiplyAdd(v, b1, c11);
            v = Vector256.Create(a2[k]); c20 = Fma.MultiplyAdd(v, b0, c20); c21 = Fma.MultiplyAdd(v, b1, c21);
            v = Vector256.Create(a3[k]); c30 = Fma.MultiplyAdd(v, b0, c30); c31 = Fma.MultiplyAdd(v, b1, c31);
            v = Vector256.Create(a4[k]); c40 = Fma.MultiplyAdd(v, b0, c40); c41 = Fma.MultiplyAdd(v, b1, c41);
            v = Vector256.Create(a5[k]); c50 = Fma.MultiplyAdd(v, b0, c50); c51 = Fma.MultiplyAdd(v, b1, c51);
        }
        var lo = Vector256.Create(min);
        var hi = Vector256.Create(max);
        var m0 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(nc)).AsSingle();
        var m1 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(nc - 8)).AsSingle();
        bool full = nc >= NR;
        Store(c, c00, c01, lo, hi, full, m0, m1);
        if (mr > 1) Store(c + cStride, c10, c11, lo, hi, full, m0, m1);
        if (mr > 2) Store(c + 2 * cStride, c20, c21, lo, hi, full, m0, m1);
        if (mr > 3) Store(c + 3 * cStride, c30, c31, lo, hi, full, m0, m1);
        if (mr > 4) Store(c + 4 * cStride, c40, c41, lo, hi, full, m0, m1);
        if (mr > 5) Store(c + 5 * cStride, c50, c51, lo, hi, full, m0, m1);
    }

    private static void Store(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> lo, Vector256<float> hi,
                              bool full, Vector256<float> m0, Vector256<float> m1)
    {
        x0 = Vector256.MinNative(hi, Vector256.MaxNative(lo, x0));
        x1 = Vector256.MinNative(hi, Vector256.MaxNative(lo, x1));
        if (full)
        {
            x0.Store(c);
            x1.Store(c + 8);
        }
        else
        {
            Avx.MaskStore(c, m0, x0);
            Avx.MaskStore(c + 8, m1, x1);
        }
    }
}
