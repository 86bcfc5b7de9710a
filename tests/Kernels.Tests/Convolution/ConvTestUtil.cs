using Xunit;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>Shared helpers of the convolution-family tests.</summary>
internal static class ConvTestUtil
{
    /// <summary>Channel counts at and around every vector / tile width used (4, 8, 16, 32, 64).</summary>
    public static readonly int[] Channels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    /// <summary>
    /// Float tolerance used for every optimized-vs-reference comparison: |a - b| &lt;= 1e-5 * (1 + S), where S is the
    /// sum of |terms| of that output element (|input| * |filter| summed, plus |bias|). Reordered float sums differ by
    /// at most about n * eps * S, and n * eps stays well below 1e-5 for the depths tested here.
    /// </summary>
    public const float RelTol = 1e-5f;

    public static float[] Random(Random rng, long n, float scale = 1f)
    {
        var a = new float[n];
        for (long i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    public static float[] Abs(float[] a) => a.Select(MathF.Abs).ToArray();

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<float> absTermSums, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float tol = RelTol * (1 + absTermSums[i]);
            float diff = MathF.Abs(expected[i] - actual[i]);
            if (!(diff <= tol))
                Assert.Fail($"{what}: element {i} expected {expected[i]} got {actual[i]} (|diff| {diff} > tol {tol})");
        }
    }

    public static void AssertExact(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} expected {expected[i]} got {actual[i]}");
    }

    /// <summary>TFLite's output size along one axis (SAME / VALID).</summary>
    public static int OutSize(bool same, int inSize, int filter, int stride, int dilation)
    {
        int eff = (filter - 1) * dilation + 1;
        return same ? (inSize + stride - 1) / stride : (inSize + stride - eff) / stride;
    }

    /// <summary>TFLite's leading padding along one axis.</summary>
    public static int Pad(int stride, int dilation, int inSize, int filter, int outSize)
    {
        int eff = (filter - 1) * dilation + 1;
        return Math.Max(0, (outSize - 1) * stride + eff - inSize) / 2;
    }

    /// <summary>Optimized GEMM microkernels this machine runs.</summary>
    public static IEnumerable<Optimized.Gemm.F32GemmMicrokernel> SupportedKernels()
        => Optimized.Gemm.F32GemmMicrokernels.All.Where(k => k.IsSupported);
}
