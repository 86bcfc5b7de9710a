using System.Numerics;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>The float16, bfloat16, complex64 and POW paths of the binary operators on worked values.</summary>
public class TypedArithmeticTests
{
    [Fact]
    public void HalfAddRoundsOnceAndClampsOverflowTo65504()
    {
        var plan = BroadcastPlan.Create([3], [1]);
        var y = new Half[3];
        HalfArithmetic.Add(plan, [(Half)60000f, (Half)1f, Half.NaN], [(Half)30000f], y, (Half)(-65504f), (Half)65504f);
        Assert.Equal((Half)65504f, y[0]);
        Assert.Equal((Half)30000f, y[1]); // 30001 is not representable: rounded to nearest even
        Assert.True(Half.IsNaN(y[2]));
        HalfArithmetic.Mul(plan, [(Half)(-3f), (Half)0.5f, (Half)2f], [(Half)2f], y, (Half)0f, (Half)6f); // RELU6
        Assert.Equal(new[] { (Half)0f, (Half)1f, (Half)4f }, y);
        HalfArithmetic.Maximum(plan, [(Half)1f, Half.NaN, (Half)(-1f)], [(Half)0f], y);
        Assert.Equal((Half)1f, y[0]);
        Assert.Equal((Half)0f, y[1]); // NaN > 0 is false: the second operand
        Assert.Equal((Half)0f, y[2]);
    }

    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        Assert.Equal(0x3F80, BFloat16.FromSingle(1.00390625f));          // exact tie, even
        Assert.Equal(0x3F82, BFloat16.FromSingle(1.01171875f));          // tie, rounds up to even
        Assert.Equal(0x3F81, BFloat16.FromSingle(1.0040000f));           // above the tie
        Assert.Equal(0x7F80, BFloat16.FromSingle(float.PositiveInfinity));
        Assert.Equal(1.5f, BFloat16.ToSingle(0x3FC0));
    }

    [Fact]
    public void ComplexMultiplies()
    {
        var y = new Vector2[2];
        ComplexMul.Run(BroadcastPlan.Create([2], [1]), [new(1, 2), new(-3, 0.5f)], [new(0, 1)], y);
        Assert.Equal(new[] { new Vector2(-2, 1), new Vector2(-0.5f, -3) }, y);
    }

    [Fact]
    public void PowSquaresForASingleIntegralExponent()
    {
        var plan = BroadcastPlan.Create([3], [1]);
        var y = new float[3];
        Pow.Run(plan, sameShapes: false, [1.1f, -2f, 1e20f], [3f], y);
        Assert.Equal((1.1f * 1.1f) * 1.1f, y[0]); // ((x*x)*x) in float, not powf
        Assert.Equal(-8f, y[1]);
        Assert.Equal(float.MaxValue, y[2]); // the clamped multiplication: FLT_MAX, not infinity
        Pow.Run(BroadcastPlan.Create([3], [3]), sameShapes: true, [1e20f, 4f, -8f], [3f, 0.5f, 1f / 3], y);
        Assert.Equal(float.PositiveInfinity, y[0]);
        Assert.Equal(2f, y[1]);
        Assert.True(float.IsNaN(y[2]));
        var yi = new int[2];
        Pow.Run(BroadcastPlan.Create([2], [1]), sameShapes: false, [3, -2], [0], yi); // exponent 0: pow, not squaring
        Assert.Equal(new[] { 1, 1 }, yi);
        Assert.True(Pow.HasNegative([0, -1]));
    }
}
