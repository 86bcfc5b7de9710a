using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>f32-gemm-8x32-fma-v512: 8x32 tile, two Vector512 per row, AVX-512F (16 accumulators).</summary>
internal static unsafe class F32Gemm8x32FmaV512
{
    public const int MR = 8;
    public const int NR = 32;

    public static void Run(int mr, int nc, int kc, float* a, nint aStride, float* w, float* c, nint cStride, float min, float max)
    {
        float* a0 = a;
        float* a1 = mr > 1 ? a0 + aStride : a0;
        float* a2 = mr > 2 ? a1 + aStride : a1;
        float* a3 = mr > 3 ? a2 + aStride : a2;
        float* a4 = mr > 4 ? a3 + aStride : a3;
        float* a5 = mr > 5 ? a4 + aStride : a4;
        float* a6 = mr > 6 ? a5 + aStride : a5;
        float* a7 = mr > 7 ? a6 + aStride : a6;
        var c00 = Vector512.Load(w); var c01 = Vector512.Load(w + 16);
        var c10 = c00; var c11 = c01; var c20 = c00; var c21 = c01; var c30 = c00; var c31 = c01;
        var c40 = c00; var c41 = c01; var c50 = c00; var c51 = c01; var c60 = c00; var c61 = c01; var c70 = c00; var c71 = c01;
        w += NR;
        for (int k = 0; k < kc; k++, w += NR)
        {
            var b0 = Vector512.Load(w);
            var b1 = Vector512.Load(w + 16);
            var v = Vector512.Create(a0[k]); c00 = Avx512F.FusedMultiplyAdd(v, b0, c00); c01 = Avx512F.FusedMultiplyAdd(v, b1, c01);
            v = Vector512.Create(a1[k]); c10 = Avx512F.FusedMultiplyAdd(v, b0, c10); c11 = Avx512F.FusedMultiplyAdd(v, b1, c11);
            v = Vector512.Create(a2[k]); c20 = Avx512F.FusedMultiplyAdd(v, b0, c20); c21 = Avx512F.FusedMultiplyAdd(v, b1, c21);
            v = Vector512.Create(a3[k]); c30 = Avx512F.FusedMultiplyAdd(v, b0, c30); c31 = Avx512F.FusedMultiplyAdd(v, b1, c31);
            v = Vector512.Create(a4[k]); c40 = Avx512F.FusedMultiplyAdd(v, b0, c40); c41 = Avx512F.FusedMultiplyAdd(v, b1, c41);
            v = Vector512.Create(a5[k]); c50 = Avx512F.FusedMultiplyAdd(v, b0, c50); c51 = Avx512F.FusedMultiplyAdd(v, b1, c51);
            v = Vector512.Create(a6[k]); c60 = Avx512F.FusedMultiplyAdd(v, b0, c60); c61 = Avx512F.FusedMultiplyAdd(v, b1, c61);
            v = Vector512.Create(a7[k]); c70 = Avx512F.FusedMultiplyAdd(v, b0, c70); c71 = Avx512F.FusedMultiplyAdd(v, b1, c71);
        }
        var lo = Vector512.Create(min);
        var hi = Vector512.Create(max);
        var m0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc)).AsSingle();
        var m1 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc - 16)).AsSingle();
        bool full = nc >= NR;
        Store(c, c00, c01, lo, hi, full, m0, m1);
        if (mr > 1) Store(c + cStride, c10, c11, lo, hi, full, m0, m1);
        if (mr > 2) Store(c + 2 * cStride, c20, c21, lo, hi, full, m0, m1);
        if (mr > 3) Store(c + 3 * cStride, c30, c31, lo, hi, full, m0, m1);
        if (mr > 4) Store(c + 4 * cStride, c40, c41, lo, hi, full, m0, m1);
        if (mr > 5) Store(c + 5 * cStride, c50, c51, lo, hi, full, m0, m1);
        if (mr > 6) Store(c + 6 * cStride, c60, c61, lo, hi, full, m0, m1);
        if (mr > 7) Store(c + 7 * cStride, c70, c71, lo, hi, full, m0, m1);
    }

    private static void Store(float* c, Vector512<float> x0, Vector512<float> x1, Vector512<float> lo, Vector512<float> hi,
                              bool full, Vector512<float> m0, Vector512<float> m1)
    {
        x0 = Vector512.MinNative(hi, Vector512.MaxNative(lo, x0));
        x1 = Vector512.MinNative(hi, Vector512.MaxNative(lo, x1));
        if (full)
        {
            x0.Store(c);
            x1.Store(c + 16);
        }
        else
        {
            Avx512F.MaskStore(c, m0, x0);
            Avx512F.MaskStore(c + 16, m1, x1);
        }
    }
}
