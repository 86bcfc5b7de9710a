using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>f32-gemm-8x16-fma-v512: 8x16 tile, one Vector512 per row, AVX-512F (8 accumulators).</summary>
internal static unsafe class F32Gemm8x16FmaV512
{
    public const int MR = 8;
    public const int NR = 16;

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
        var c0 = Vector512.Load(w);
        var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0; var c6 = c0; var c7 = c0;
        w += NR;
        for (int k = 0; k < kc; k++, w += NR)
        {
            var b = Vector512.Load(w);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[k]), b, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[k]), b, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[k]), b, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[k]), b, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[k]), b, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[k]), b, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[k]), b, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[k]), b, c7);
        }
        var lo = Vector512.Create(min);
        var hi = Vector512.Create(max);
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(nc)).AsSingle();
        bool full = nc >= NR;
        Store(c, c0, lo, hi, full, mask);
        if (mr > 1) Store(c + cStride, c1, lo, hi, full, mask);
        if (mr > 2) Store(c + 2 * cStride, c2, lo, hi, full, mask);
        if (mr > 3) Store(c + 3 * cStride, c3, lo, hi, full, mask);
        if (mr > 4) Store(c + 4 * cStride, c4, lo, hi, full, mask);
        if (mr > 5) Store(c + 5 * cStride, c5, lo, hi, full, mask);
        if (mr > 6) Store(c + 6 * cStride, c6, lo, hi, full, mask);
        if (mr > 7) Store(c + 7 * cStride, c7, lo, hi, full, mask);
    }

    private static void Store(float* c, Vector512<float> x, Vector512<float> lo, Vector512<float> hi, bool full, Vector512<float> mask)
    {
        x = Vector512.MinNative(hi, Vector512.MaxNative(lo, x));
        if (full) x.Store(c);
        else Avx512F.MaskStore(c, mask, x);
    }
}
