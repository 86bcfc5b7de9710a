using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Comparison;

public class ComparisonKernelTests
{
    private static byte[] Run<T>(ComparisonKind kind, T[] a, T[] b) where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        var y = new byte[Math.Max(a.Length, b.Length)];
        var plan = BroadcastPlan.Create([a.Length], [b.Length]);
        Kernels.Reference.Comparison.Compare(kind, plan, a, b, y);
        return y;
    }

    [Fact]
    public void FloatComparisonsFollowIeee()
    {
        float[] a = [1f, float.NaN, -0f, 2f], b = [1f, float.NaN, 0f, 3f];
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, Run(ComparisonKind.Equal, a, b));
        Assert.Equal(new byte[] { 0, 1, 0, 1 }, Run(ComparisonKind.NotEqual, a, b));
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, Run(ComparisonKind.Less, a, b));
        Assert.Equal(new byte[] { 1, 0, 1, 1 }, Run(ComparisonKind.LessEqual, a, b));
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, Run(ComparisonKind.Greater, a, b));
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, Run(ComparisonKind.GreaterEqual, a, b));
    }

    [Fact]
    public void BoolComparesTruthValuesAndBFloat16WidensToFloat()
    {
        var y = new byte[3];
        Kernels.Reference.Comparison.CompareBool(ComparisonKind.Equal, BroadcastPlan.Create([3], [3]), [2, 0, 1], [1, 0, 0], y);
        Assert.Equal(new byte[] { 1, 1, 0 }, y);
        Assert.Throws<ArgumentException>(() => Kernels.Reference.Comparison.CompareBool(ComparisonKind.Less, BroadcastPlan.Create([3], [3]), new byte[3], new byte[3], y));
        ushort[] a = [BFloat16.FromSingle(1.5f), BFloat16.FromSingle(-2f), 0x7FC0], b = [BFloat16.FromSingle(2f)];
        Kernels.Reference.Comparison.CompareBFloat16(ComparisonKind.Less, BroadcastPlan.Create([3], [1]), a, b, y);
        Assert.Equal(new byte[] { 1, 1, 0 }, y);
        Kernels.Reference.Comparison.CompareBFloat16(ComparisonKind.Greater, BroadcastPlan.Create([3], [1]), a, b, y);
        Assert.Equal(new byte[] { 0, 0, 0 }, y);
    }

    [Fact]
    public void QuantizedComparisonUsesRealValues()
    {
        // 0.05 * (q - 3) against 0.1 * (q - (-2)): q0 = 13 and q1 = 3 are both 0.5.
        var s = ComparisonScaling.Create(0.05f, 3, 0.1f, -2);
        Assert.Equal(8, s.LeftShift);
        var y = new byte[4];
        sbyte[] a = [13, 12, 14, -128], b = [3, 3, 3, 127];
        var plan = BroadcastPlan.Create([4], [4]);
        Kernels.Reference.Comparison.CompareQuantized(ComparisonKind.Equal, s, plan, a, b, y);
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, y);
        Kernels.Reference.Comparison.CompareQuantized(ComparisonKind.Less, s, plan, a, b, y);
        Assert.Equal(new byte[] { 0, 1, 0, 1 }, y);
        Kernels.Reference.Comparison.CompareQuantized(ComparisonKind.GreaterEqual, s, plan, a, b, y);
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, y);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(2.5f)]
    public void ScalesOutsideZeroOneAreRejected(float scale)
    {
        Assert.ThrowsAny<ArgumentException>(() => ComparisonScaling.Create(scale, 0, 0.5f, 0));
        Assert.ThrowsAny<ArgumentException>(() => ComparisonScaling.Create(0.5f, 0, scale, 0));
    }
}
