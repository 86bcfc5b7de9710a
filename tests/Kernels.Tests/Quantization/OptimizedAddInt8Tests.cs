using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The vectorized int8 and uint8 ADD against the reference, bit-exact: lengths around the 16-element step, extreme zero points,
/// scale ratios far apart, fused activation ranges, broadcasting and in-place operation.
/// </summary>
public class OptimizedAddInt8Tests
{
    public static TheoryData<int> Lengths => [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AddInt8MatchesReference(int n)
    {
        var r = new QuantRandom(60_000 + n);
        int[] shape = [n];
        var plan = BroadcastPlan.Create(shape, shape);
        for (int trial = 0; trial < 12; trial++)
        {
            float s1 = MathF.Pow(2, r.Next(-100, 0) / 10f), s2 = MathF.Pow(2, r.Next(-100, 0) / 10f), so = MathF.Pow(2, r.Next(-80, 10) / 10f);
            int z1 = trial switch { 0 => -128, 1 => 127, _ => r.Next(-128, 127) };
            int z2 = trial switch { 0 => 127, 1 => -128, _ => r.Next(-128, 127) };
            int zo = r.Next(-128, 127);
            int lo = trial % 3 == 0 ? zo : -128, hi = trial % 4 == 0 ? Math.Max(zo, r.Next(0, 127)) : 127;
            QuantizedAddSubParams p;
            try { p = QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, false, lo, hi); }
            catch (ArgumentOutOfRangeException) { continue; }
            sbyte[] a = r.Int8(n), b = r.Int8(n);
            var expected = new sbyte[n];
            Ref.AddQuantized.Run(p, shape, a, shape, b, shape, expected);
            var actual = new sbyte[n];
            Opt.AddQuantized.Run(p, plan, a, b, actual);
            Assert.Equal(expected, actual);
            Opt.AddQuantized.Run(p, plan, a, b, a); // in place
            Assert.Equal(expected, a);
        }
    }

    [Fact]
    public void AddInt8BroadcastRowsAndScalars()
    {
        var r = new QuantRandom(61);
        int[][][] shapes = [[[1], [40]], [[40], [1]], [[3, 1, 33], [2, 1]], [[2, 5, 17], [2, 1, 17]], [[4, 1], [1, 65]]];
        foreach (var pair in shapes)
        {
            var plan = BroadcastPlan.Create(pair[0], pair[1]);
            var p = QuantizedAddSubParams.General(0.05f, -3, 0.11f, 100, 0.09f, -128, false, -128, 127);
            sbyte[] a = r.Int8(pair[0].Aggregate(1, (x, y) => x * y)), b = r.Int8(pair[1].Aggregate(1, (x, y) => x * y));
            var expected = new sbyte[plan.OutputLength];
            var actual = new sbyte[plan.OutputLength];
            Ref.AddQuantized.Run(p, pair[0], a, pair[1], b, plan.OutputShape, expected);
            Opt.AddQuantized.Run(p, plan, a, b, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AddUInt8MatchesReference(int n)
    {
        var r = new QuantRandom(62_000 + n);
        int[] shape = [n];
        var plan = BroadcastPlan.Create(shape, shape);
        int checkedCount = 0;
        for (int trial = 0; trial < 12; trial++)
        {
            float s1 = MathF.Pow(2, r.Next(-100, 0) / 10f), s2 = MathF.Pow(2, r.Next(-100, 0) / 10f), so = MathF.Pow(2, r.Next(-80, 10) / 10f);
            int z1 = trial switch { 0 => 0, 1 => 255, _ => r.Next(0, 255) };
            int z2 = trial switch { 0 => 255, 1 => 0, _ => r.Next(0, 255) };
            int zo = r.Next(0, 255);
            int lo = trial % 3 == 0 ? zo : 0, hi = trial % 4 == 0 ? Math.Max(zo, r.Next(128, 255)) : 255;
            QuantizedAddSubParams p;
            try { p = QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, false, lo, hi); }
            catch (ArgumentOutOfRangeException) { continue; }
            byte[] a = r.UInt8(n), b = r.UInt8(n);
            var expected = new byte[n];
            Ref.AddQuantized.Run(p, shape, a, shape, b, shape, expected);
            var actual = new byte[n];
            Opt.AddQuantized.Run(p, plan, a, b, actual);
            Assert.Equal(expected, actual);
            Opt.AddQuantized.Run(p, plan, a, b, a); // in place
            Assert.Equal(expected, a);
            checkedCount++;
        }
        Assert.True(checkedCount >= 6, $"only {checkedCount} parameter sets were valid");
    }

    [Fact]
    public void AddUInt8BroadcastRowsAndScalars()
    {
        var r = new QuantRandom(63);
        int[][][] shapes = [[[1], [40]], [[40], [1]], [[3, 1, 33], [2, 1]], [[2, 5, 17], [2, 1, 17]], [[4, 1], [1, 65]]];
        foreach (var pair in shapes)
        {
            var plan = BroadcastPlan.Create(pair[0], pair[1]);
            var p = QuantizedAddSubParams.General(0.05f, 125, 0.11f, 228, 0.09f, 0, false, 0, 255);
            byte[] a = r.UInt8(pair[0].Aggregate(1, (x, y) => x * y)), b = r.UInt8(pair[1].Aggregate(1, (x, y) => x * y));
            var expected = new byte[plan.OutputLength];
            var actual = new byte[plan.OutputLength];
            Ref.AddQuantized.Run(p, pair[0], a, pair[1], b, plan.OutputShape, expected);
            Opt.AddQuantized.Run(p, plan, a, b, actual);
            Assert.Equal(expected, actual);
        }
    }
}
