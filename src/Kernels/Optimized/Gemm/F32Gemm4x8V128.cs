using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>f32-gemm-4x8-v128: portable 4x8 tile, two Vector128 per row (AdvSimd, SSE or software).</summary>
internal static unsafe class F32Gemm4x8V128
{
    public const int MR = 4;
    public const int NR = 8;

    public static void Run(int mr, int nc, int kc, float* a, nint aStride, float* w, float* c, nint cStride, float min, float max)
    {
        float* a0 = a;
        float* a1 = mr > 1 ? a0 + aStride : a0;
        float* a2 = mr > 2 ? a1 + aStride : a1;
        float* a3 = mr > 3 ? a2 + aStride : a2;
        var c00 = Vector128.Load(w); var c01 = Vector128.Load(w + 4);
        var c10 = c00; var c11 = c01; var c20 = c00; var c21 = c01; var c30 = c00; var c31 = c01;
        w += NR;
        for (int k = 0; k < kc; k++, w += NR)
        {
            var b0 = Vector128.Load(w);
            var b1 = Vector128.Load(w + 4);
            var v = Vector128.Create(a0[k]); c00 = Vector128.MultiplyAddEstimate(v, b0, c00); c01 = Vector128.MultiplyAddEstimate(v, b1, c01);
            v = Vector128.Create(a1[k]); c10 = Vector128.MultiplyAddEstimate(v, b0, c10); c11 = Vector128.MultiplyAddEstimate(v, b1, c11);
            v = Vector128.Create(a2[k]); c20 = Vector128.MultiplyAddEstimate(v, b0, c20); c21 = Vector128.MultiplyAddEstimate(v, b1, c21);
            v = Vector128.Create(a3[k]); c30 = Vector128.MultiplyAddEstimate(v, b0, c30); c31 = Vector128.MultiplyAddEstimate(v, b1, c31);
        }
        var lo = Vector128.Create(min);
        var hi = Vector128.Create(max);
        Store(c, c00, c01, lo, hi, nc);
        if (mr > 1) Store(c + cStride, c10, c11, lo, hi, nc);
        if (mr > 2) Store(c + 2 * cStride, c20, c21, lo, hi, nc);
        if (mr > 3) Store(c + 3 * cStride, c30, c31, lo, hi, nc);
    }

    private static void Store(float* c, Vector128<float> x0, Vector128<float> x1, Vector128<float> lo, Vector128<float> hi, int nc)
    {
        x0 = Vector128.MinNative(hi, Vector128.MaxNative(lo, x0));
        x1 = Vector128.MinNative(hi, Vector128.MaxNative(lo, x1));
        if (nc >= NR)
        {
            x0.Store(c);
            x1.Store(c + 4);
            return;
        }
        // Partial panel: no portable masked store, so write lane by lane.
        for (int j = 0; j < nc; j++)
            c[j] = j < 4 ? x0.GetElement(j) : x1.GetElement(j - 4);
    }
}
