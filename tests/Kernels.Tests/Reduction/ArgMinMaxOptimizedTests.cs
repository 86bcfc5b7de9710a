using System.Numerics;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Reduction;

/// <summary>
/// The optimized last-axis ARG_MAX / ARG_MIN gives the reference's positions: every row length from 1 to 70 (at and
/// around the 128- and 256-bit lane counts of each type), float rows with NaNs (first, inside, all), signed zeros and
/// ties (values from a handful, so the extreme repeats), and the integer types on full and narrow ranges.
/// </summary>
public class ArgMinMaxOptimizedTests
{
    private static void Check<T>(Func<Random, T> draw, string what) where T : unmanaged, INumber<T>
    {
        var rng = new Random(17);
        for (int axis = 1; axis <= 70; axis++)
            foreach (int rows in new[] { 1, 3, 9 })
                foreach (bool isMax in new[] { true, false })
                {
                    var x = new T[rows * axis];
                    for (int i = 0; i < x.Length; i++) x[i] = draw(rng);
                    var want = new int[rows];
                    var got = new int[rows];
                    var got64 = new long[rows];
                    Ref.ArgMinMax.Run<T, int>(x, rows, axis, 1, isMax, want);
                    Opt.ArgMinMax.LastAxis<T, int>(x, rows, axis, isMax, got);
                    Opt.ArgMinMax.LastAxis<T, long>(x, rows, axis, isMax, got64);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"{what} axis={axis} rows={rows} max={isMax}: [{string.Join(",", want)}] vs [{string.Join(",", got)}]");
                    Assert.Equal(want.Select(v => (long)v), got64);
                }
    }

    [Fact] public void FloatWide() => Check(r => (float)(r.NextDouble() * 200 - 100), "float");
    [Fact] public void FloatTies() => Check(r => (float)r.Next(-2, 3), "float ties");
    [Fact] public void FloatSignedZeros() => Check(r => r.Next(3) switch { 0 => 0f, 1 => -0f, _ => -1f }, "float zeros");
    [Fact] public void FloatNaNs() => Check(r => r.Next(8) == 0 ? float.NaN : (float)r.Next(-3, 4), "float NaN");
    [Fact] public void FloatMostlyNaN() => Check(r => r.Next(8) != 0 ? float.NaN : (float)r.Next(-3, 4), "float mostly NaN");
    [Fact] public void FloatInfinities() => Check(r => r.Next(4) switch { 0 => float.PositiveInfinity, 1 => float.NegativeInfinity, _ => (float)r.NextDouble() }, "float inf");
    [Fact] public void Int8() => Check(r => (sbyte)r.Next(-128, 128), "int8");
    [Fact] public void Int8Ties() => Check(r => (sbyte)r.Next(-2, 2), "int8 ties");
    [Fact] public void UInt8() => Check(r => (byte)r.Next(0, 256), "uint8");
    [Fact] public void UInt8Ties() => Check(r => (byte)r.Next(0, 3), "uint8 ties");
    [Fact] public void Int32() => Check(r => r.Next(int.MinValue, int.MaxValue), "int32");
    [Fact] public void Int32Ties() => Check(r => r.Next(-1, 2), "int32 ties");
}
