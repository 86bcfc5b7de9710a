using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>Quantized ADD / SUB / MUL / MAXIMUM / MINIMUM: hand-checked reference values and optimized-vs-reference bit-exactness.</summary>
public class QuantizedBinaryOpsTests
{
    private static readonly int[] Shape4 = [4];

    [Fact]
    public void AddInt8UnitScalesIsOffsetSum()
    {
        // All scales 1: input multipliers 0.5 -> (2^30, 0); output 2 / 2^20 -> (2^30, -18); the rescaling is exact,
        // so out = (a - zp1) + (b - zp2) + zpOut, clamped.
        var p = QuantizedAddSubParams.General(1f, 10, 1f, -5, 1f, 3, int16: false, sbyte.MinValue, sbyte.MaxValue);
        Assert.Equal((1 << 30, 0, 1 << 30, -18), (p.Input1Multiplier, p.Input1Shift, p.OutputMultiplier, p.OutputShift));
        sbyte[] a = [20, -100, 127, 0];
        sbyte[] b = [7, -50, 100, -128];
        var y = new sbyte[4];
        Ref.AddQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new sbyte[] { 25, -128, 127, -128 }, y);
    }

    [Fact]
    public void AddInt8WithReluClampsAtOutputZeroPoint()
    {
        var p = QuantizedAddSubParams.General(1f, 0, 1f, 0, 1f, 3, int16: false, activationMin: 3, activationMax: 127);
        sbyte[] a = [-20, 5, 1, 0];
        sbyte[] b = [7, 5, -1, 0];
        var y = new sbyte[4];
        Ref.AddQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new sbyte[] { 3, 13, 3, 3 }, y);
    }

    [Fact]
    public void AddHalvingOutputRoundsHalfAwayFromZero()
    {
        // Output scale 2: (a + b) / 2 rounded; 3 / 2 -> 2 and -3 / 2 -> -2.
        var p = QuantizedAddSubParams.General(1f, 0, 1f, 0, 2f, 0, int16: false, 0, 255);
        byte[] a = [1, 2, 200, 255];
        byte[] b = [2, 2, 1, 255];
        var y = new byte[4];
        Ref.AddQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new byte[] { 2, 2, 101, 255 }, y);
    }

    [Fact]
    public void AddInt16PowerOfTwoShiftsOneInputAndSaturates()
    {
        // input 1 at 2^-15, input 2 and output at 2^-14: input 1 is halved (rounding half away from zero).
        var p = QuantizedAddSubParams.PowerOfTwoInt16(1f / 32768, 1f / 16384, 1f / 16384, short.MinValue, short.MaxValue);
        Assert.Equal((-1, 0), (p.Input1Shift, p.Input2Shift));
        short[] a = [3, -3, 2, -32768];
        short[] b = [0, 0, 32767, -32768];
        var y = new short[4];
        Ref.AddQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new short[] { 2, -2, 32767, -32768 }, y);
        Ref.SubQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new short[] { 2, -2, -32766, 16384 }, y);
    }

    [Fact]
    public void PowerOfTwoPathRejectsOtherScales()
    {
        Assert.Throws<ArgumentException>(() => QuantizedAddSubParams.PowerOfTwoInt16(0.3f, 1f / 16384, 1f / 16384, -32768, 32767));
        Assert.True(QuantizedAddSubParams.TryLog2(1f / 4096, out int l));
        Assert.Equal(-12, l);
        Assert.False(QuantizedAddSubParams.TryLog2(3f, out _));
    }

    [Fact]
    public void SubInt8UnitScalesIsOffsetDifference()
    {
        var p = QuantizedAddSubParams.General(1f, 1, 1f, 2, 1f, -1, int16: false, sbyte.MinValue, sbyte.MaxValue, allowOutputAboveOne: true);
        sbyte[] a = [10, -128, 127, 0];
        sbyte[] b = [3, 127, -128, 0];
        var y = new sbyte[4];
        Ref.SubQuantized.Run(p, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new sbyte[] { 7, -128, 127, 0 }, y);
    }

    [Fact]
    public void SubAllowsOutputMultiplierAboveOne()
    {
        // A very narrow output range (TFLite's sub.cc comment): real output multiplier about 243, taken with QuantizeMultiplierGreaterThanOne.
        var p = QuantizedAddSubParams.General(1f, 0, 1f, 0, 7.84314e-9f, 0, int16: false, -128, 127, allowOutputAboveOne: true);
        Assert.True(p.OutputShift > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            QuantizedAddSubParams.General(1f, 0, 1f, 0, 7.84314e-9f, 0, int16: false, -128, 127));
    }

    [Fact]
    public void MulInt8IsProductWhenScalesCancel()
    {
        // 0.5 * 0.5 / 0.25 = 1 -> (2^30, 1): exact.
        Ref.MulQuantized.OutputMultiplier(0.5f, 0.5f, 0.25f, out int m, out int s);
        Assert.Equal((1 << 30, 1), (m, s));
        var op = new Ref.MulQuantized.Operator(-1, 2, 5, m, s, sbyte.MinValue, sbyte.MaxValue);
        sbyte[] a = [3, -3, 100, 1];
        sbyte[] b = [4, -2, 100, 7];
        var y = new sbyte[4];
        Ref.MulQuantized.Run(op, Shape4, a, Shape4, b, Shape4, y);
        Assert.Equal(new sbyte[] { 17, 5, 127, 5 }, y);
    }

    [Fact]
    public void MaximumMinimumBroadcastRow()
    {
        int[] sa = [2, 3], sb = [3];
        short[] a = [1, -5, 9, -32768, 0, 32767];
        short[] b = [0, 0, 10];
        var y = new short[6];
        Ref.MaximumMinimumQuantized.Maximum(sa, a, sb, b, sa, y);
        Assert.Equal(new short[] { 1, 0, 10, 0, 0, 32767 }, y);
        Ref.MaximumMinimumQuantized.Minimum(sa, a, sb, b, sa, y);
        Assert.Equal(new short[] { 0, -5, 9, -32768, 0, 10 }, y);
    }

    public static IEnumerable<object[]> BroadcastShapes()
    {
        int[][] widths = [[1], [7], [16], [17], [31], [32], [33], [63], [64], [65]];
        foreach (var w in widths)
        {
            yield return [w, w];
            yield return [new[] { 3, w[0] }, w];
            yield return [new[] { 1 }, new[] { 2, w[0] }];
            yield return [new[] { 2, 1, w[0] }, new[] { 3, 1 }];
        }
        yield return [new[] { 2, 3, 1, 4 }, new[] { 1, 3, 5, 1 }];
        yield return [new[] { 2, 1, 3, 1, 2, 2 }, new[] { 2, 2, 1, 3, 1, 2 }];
    }

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void OptimizedMatchesReference(int[] shapeA, int[] shapeB)
    {
        var rng = new QuantRandom(shapeA.Length * 131 + shapeB.Sum());
        var plan = BroadcastPlan.Create(shapeA, shapeB);
        int na = shapeA.Aggregate(1, (x, y) => x * y), nb = shapeB.Aggregate(1, (x, y) => x * y);
        for (int trial = 0; trial < 4; trial++)
        {
            float s1 = Scale(rng), s2 = Scale(rng), so = Scale(rng);
            int z1 = rng.Next(-20, 20), z2 = rng.Next(-20, 20), zo = rng.Next(-20, 20);
            var add8 = QuantizedAddSubParams.General(s1, z1, s2, z2, so * 4, zo, false, -128, 127);
            var sub8 = QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, false, -100, 120, allowOutputAboveOne: true);
            var add16 = QuantizedAddSubParams.General(s1, 0, s2, 0, so * 4, 0, true, -32768, 32767);
            var pot16 = QuantizedAddSubParams.PowerOfTwoInt16(1f / 4096, 1f / 1024, 1f / 1024, -30000, 32767);
            Ref.MulQuantized.OutputMultiplier(s1, s2, so, out int mm, out int ms);
            var mul8 = new Ref.MulQuantized.Operator(-z1, -z2, zo, mm, ms, -128, 127);
            var mul16 = new Ref.MulQuantized.Operator(0, 0, 0, mm, ms, -32768, 32767);

            sbyte[] a8 = rng.Int8(na), b8 = rng.Int8(nb);
            byte[] au = rng.UInt8(na), bu = rng.UInt8(nb);
            short[] a16 = rng.Int16(na), b16 = rng.Int16(nb);
            var shapeOut = plan.OutputShape;

            Same<sbyte>((r, o) => { Ref.AddQuantized.Run(add8, shapeA, a8, shapeB, b8, shapeOut, r); Opt.AddQuantized.Run(add8, plan, a8, b8, o); }, plan.OutputLength, "add int8");
            Same<byte>((r, o) => { Ref.AddQuantized.Run(add8, shapeA, au, shapeB, bu, shapeOut, r); Opt.AddQuantized.Run(add8, plan, au, bu, o); }, plan.OutputLength, "add uint8");
            Same<short>((r, o) => { Ref.AddQuantized.Run(add16, shapeA, a16, shapeB, b16, shapeOut, r); Opt.AddQuantized.Run(add16, plan, a16, b16, o); }, plan.OutputLength, "add int16");
            Same<short>((r, o) => { Ref.AddQuantized.Run(pot16, shapeA, a16, shapeB, b16, shapeOut, r); Opt.AddQuantized.Run(pot16, plan, a16, b16, o); }, plan.OutputLength, "add int16 pot");
            Same<sbyte>((r, o) => { Ref.SubQuantized.Run(sub8, shapeA, a8, shapeB, b8, shapeOut, r); Opt.SubQuantized.Run(sub8, plan, a8, b8, o); }, plan.OutputLength, "sub int8");
            Same<short>((r, o) => { Ref.SubQuantized.Run(pot16, shapeA, a16, shapeB, b16, shapeOut, r); Opt.SubQuantized.Run(pot16, plan, a16, b16, o); }, plan.OutputLength, "sub int16 pot");
            Same<sbyte>((r, o) => { Ref.MulQuantized.Run(mul8, shapeA, a8, shapeB, b8, shapeOut, r); Opt.MulQuantized.Run(mul8, plan, a8, b8, o); }, plan.OutputLength, "mul int8");
            Same<short>((r, o) => { Ref.MulQuantized.Run(mul16, shapeA, a16, shapeB, b16, shapeOut, r); Opt.MulQuantized.Run(mul16, plan, a16, b16, o); }, plan.OutputLength, "mul int16");
            Same<byte>((r, o) => { Ref.MaximumMinimumQuantized.Maximum(shapeA, au, shapeB, bu, shapeOut, r); Opt.MaximumMinimumQuantized.Maximum(plan, au, bu, o); }, plan.OutputLength, "max uint8");
            Same<sbyte>((r, o) => { Ref.MaximumMinimumQuantized.Minimum(shapeA, a8, shapeB, b8, shapeOut, r); Opt.MaximumMinimumQuantized.Minimum(plan, a8, b8, o); }, plan.OutputLength, "min int8");
        }
    }

    private static float Scale(QuantRandom rng) => MathF.Pow(2, rng.Next(-80, -20) / 10f);

    private delegate void Pair<T>(Span<T> reference, Span<T> optimized);

    private static void Same<T>(Pair<T> run, int n, string what) where T : unmanaged
    {
        var r = new T[n];
        var o = new T[n];
        run(r, o);
        Assert.True(r.AsSpan().SequenceEqual(o), what);
    }
}
