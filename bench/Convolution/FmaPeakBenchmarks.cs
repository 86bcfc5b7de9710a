using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace ManagedLite.Bench.Convolution;

/// <summary>
/// One core's float FMA peak: 16 independent FMA chains on registers (no memory traffic), in 512-bit (AVX-512F),
/// 256-bit (FMA3) lanes. One operation = one fused multiply-add lane = 2 FLOP, so GFLOP/s = 2 / (ns per operation).
/// Compare the convolution benchmarks' FLOP rate with this to get the % of peak.
/// </summary>
public class FmaPeakBenchmarks
{
    private const int Iterations = 1 << 16;
    private const int Chains = 16;

    [Benchmark(OperationsPerInvoke = Iterations * Chains * 16)]
    public float Fma512()
    {
        if (!Avx512F.IsSupported) return 0f;
        return Run512(Vector512.Create(1.0000001f), Vector512.Create(1e-7f));
    }

    [Benchmark(OperationsPerInvoke = Iterations * Chains * 8)]
    public float Fma256()
    {
        if (!Fma.IsSupported) return 0f;
        return Run256(Vector256.Create(1.0000001f), Vector256.Create(1e-7f));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float Run512(Vector512<float> m, Vector512<float> a)
    {
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a;
        Vector512<float> c8 = a, c9 = a, c10 = a, c11 = a, c12 = a, c13 = a, c14 = a, c15 = a;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a);
            c2 = Avx512F.FusedMultiplyAdd(c2, m, a); c3 = Avx512F.FusedMultiplyAdd(c3, m, a);
            c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a);
            c8 = Avx512F.FusedMultiplyAdd(c8, m, a); c9 = Avx512F.FusedMultiplyAdd(c9, m, a);
            c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
            c12 = Avx512F.FusedMultiplyAdd(c12, m, a); c13 = Avx512F.FusedMultiplyAdd(c13, m, a);
            c14 = Avx512F.FusedMultiplyAdd(c14, m, a); c15 = Avx512F.FusedMultiplyAdd(c15, m, a);
        }
        var s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return Vector512.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float Run256(Vector256<float> m, Vector256<float> a)
    {
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a;
        Vector256<float> c8 = a, c9 = a, c10 = a, c11 = a, c12 = a, c13 = a, c14 = a, c15 = a;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a);
            c2 = Fma.MultiplyAdd(c2, m, a); c3 = Fma.MultiplyAdd(c3, m, a);
            c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a);
            c8 = Fma.MultiplyAdd(c8, m, a); c9 = Fma.MultiplyAdd(c9, m, a);
            c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
            c12 = Fma.MultiplyAdd(c12, m, a); c13 = Fma.MultiplyAdd(c13, m, a);
            c14 = Fma.MultiplyAdd(c14, m, a); c15 = Fma.MultiplyAdd(c15, m, a);
        }
        var s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return Vector256.Sum(s);
    }
}
