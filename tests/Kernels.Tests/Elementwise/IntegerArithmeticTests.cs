using ManagedLite.Kernels.Reference;
using Xunit;

namespace ManagedLite.Kernels.Tests.Elementwise;

public class IntegerArithmeticTests
{
    [Fact]
    public void Int32BroadcastsWrapsAndTruncates()
    {
        int[] a = [7, -7, int.MaxValue, int.MinValue];
        int[] b = [2];
        var o = new int[4];
        Assert.True(IntegerArithmetic.Run(IntegerArithmeticKind.Div, [4], a, [1], b, [4], o, int.MinValue, int.MaxValue));
        Assert.Equal(new[] { 3, -3, int.MaxValue / 2, int.MinValue / 2 }, o); // truncation toward zero
        Assert.True(IntegerArithmetic.Run(IntegerArithmeticKind.Add, [4], a, [1], b, [4], o, int.MinValue, int.MaxValue));
        Assert.Equal(new[] { 9, -5, int.MinValue + 1, int.MinValue + 2 }, o); // wraps
        Assert.True(IntegerArithmetic.Run(IntegerArithmeticKind.Div, [1], [int.MinValue], [1], [-1], [1], o.AsSpan(0, 1), int.MinValue, int.MaxValue));
        Assert.Equal(int.MinValue, o[0]);
    }

    [Fact]
    public void ClampsAndReportsDivisionByZero()
    {
        long[] a = [1, 2, 3, 4, 5, 6];
        long[] b = [10, -10, 0];
        var o = new long[6];
        Assert.True(IntegerArithmetic.Run(IntegerArithmeticKind.Mul, [2, 3], a, [3], b, [2, 3], o, 0, 35));
        Assert.Equal(new long[] { 10, 0, 0, 35, 0, 0 }, o);
        Assert.False(IntegerArithmetic.Run(IntegerArithmeticKind.Div, [2, 3], a, [3], b, [2, 3], o, long.MinValue, long.MaxValue));
        Assert.True(IntegerArithmetic.Run(IntegerArithmeticKind.Maximum, [2, 3], a, [3], b, [2, 3], o, long.MinValue, long.MaxValue));
        Assert.Equal(new long[] { 10, 2, 3, 10, 5, 6 }, o);
    }
}
