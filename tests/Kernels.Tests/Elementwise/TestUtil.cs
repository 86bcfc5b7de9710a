using Xunit;
namespace ManagedLite.Kernels.Tests.Elementwise;

internal static class TestUtil
{
    public static float[] Random(Random rng, int n, float lo = -8f, float hi = 8f)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (float)rng.NextDouble() * (hi - lo);
        return a;
    }

    /// <summary>Distance in units in the last place between two floats (0 when bit-equal or both NaN).</summary>
    public static long Ulps(float a, float b)
    {
        if (float.IsNaN(a) && float.IsNaN(b)) return 0;
        if (a == b) return 0;
        int ia = BitConverter.SingleToInt32Bits(a), ib = BitConverter.SingleToInt32Bits(b);
        long la = ia < 0 ? int.MinValue - (long)ia : ia;
        long lb = ib < 0 ? int.MinValue - (long)ib : ib;
        return Math.Abs(la - lb);
    }

    public static void AssertUlps(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, long maxUlps, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            long u = Ulps(expected[i], actual[i]);
            if (u > maxUlps)
                Assert.Fail($"{what}: element {i} of {expected.Length}: expected {expected[i]:R}, got {actual[i]:R} ({u} ulps > {maxUlps})");
        }
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1f, Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R} (tol {tol})");
    }

    /// <summary>Lengths around every vector width: 0..70, 127..129, 255..257.</summary>
    public static IEnumerable<int> Lengths()
    {
        for (int n = 0; n <= 70; n++) yield return n;
        foreach (int n in new[] { 127, 128, 129, 255, 256, 257 }) yield return n;
    }
}
