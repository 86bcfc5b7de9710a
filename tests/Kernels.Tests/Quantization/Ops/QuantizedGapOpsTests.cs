using Xunit;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>LOG_SOFTMAX int8 / uint8, ELU int8, GELU int8 / uint8 and DIV uint8 (TFLite reference semantics).</summary>
public class QuantizedGapOpsTests
{
    // ---------------------------------------------------------------- LOG_SOFTMAX

    [Fact]
    public void LogSoftmaxParamsForUnitInputScale()
    {
        // beta * scale * 2^26 = 2^26 = 0.5 * 2^27: multiplier 2^30, left shift 27; radius floor(31 * 2^26 / 2^27) = 15.
        var p = Ref.LogSoftmaxQuantized.Create(1f);
        Assert.Equal(1 << 30, p.InputMultiplier);
        Assert.Equal(27, p.InputLeftShift);
        Assert.Equal(-15, p.DiffMin);
        // reverse scaling: 2^(31-27) / 2^30 = 2^-26 = 0.5 * 2^-25: divisor 2^30, TFLite right shift +25.
        Assert.Equal(1 << 30, p.ReverseScalingDivisor);
        Assert.Equal(25, p.ReverseScalingRightShift);
    }

    [Fact]
    public void LogSoftmaxInt8HandWorkedRows()
    {
        var p = Ref.LogSoftmaxQuantized.Create(1f / 16);
        // Row 1: one element: log softmax 0 -> zero point 127.
        // Rows of 2 and 4 equal values: -ln 2 = -0.6931 -> -11.09 steps -> 116; -ln 4 = -1.3863 -> -22.18 -> 105.
        // Row [0, 1, 2, 3] (q 0, 16, 32, 48): x - ln(1 + e + e^2 + e^3) = x - 3.4402
        //   -> [-55.04, -39.04, -23.04, -7.04] steps -> [72, 88, 104, 120].
        sbyte[] one = [5];
        var y1 = new sbyte[1];
        Ref.LogSoftmaxQuantized.Eval(p, one, y1, 1);
        Assert.Equal(new sbyte[] { 127 }, y1);

        sbyte[] x = [-7, -7, 3, 3, 3, 3, 0, 16, 32, 48];
        var y2 = new sbyte[2];
        Ref.LogSoftmaxQuantized.Eval(p, x.AsSpan(0, 2), y2, 2);
        Assert.Equal(new sbyte[] { 116, 116 }, y2);
        var y4 = new sbyte[8];
        Ref.LogSoftmaxQuantized.Eval(p, x.AsSpan(2, 8), y4, 4);
        Assert.Equal(new sbyte[] { 105, 105, 105, 105, 72, 88, 104, 120 }, y4);
    }

    [Fact]
    public void LogSoftmaxUInt8HandWorkedRowsUseZeroPoint255()
    {
        var p = Ref.LogSoftmaxQuantized.Create(1f / 16);
        byte[] x = [200, 200, 100, 116, 132, 148];
        var y = new byte[6];
        Ref.LogSoftmaxQuantized.Eval(p, x, y, 2);
        // [200, 200]: -11 steps -> 244; [100, 116]: ln-softmax of [0, 1] = [-1.3133, -0.3133] -> [-21.01, -5.01] -> [234, 250];
        // [132, 148]: same differences -> [234, 250].
        Assert.Equal(new byte[] { 244, 244, 234, 250, 234, 250 }, y);
    }

    [Fact]
    public void LogSoftmaxFarBelowTheMaximumGivesTheTypeMinimum()
    {
        // Input scale 1: diff_min = -15, so a difference of -127 is dropped and gives -128; the maximum gives 127.
        var p = Ref.LogSoftmaxQuantized.Create(1f);
        sbyte[] x = [0, 127];
        var y = new sbyte[2];
        Ref.LogSoftmaxQuantized.Eval(p, x, y, 2);
        Assert.Equal(new sbyte[] { -128, 127 }, y);
        byte[] u = [0, 255, 10];
        var v = new byte[3];
        Ref.LogSoftmaxQuantized.Eval(p, u, v, 3);
        Assert.Equal(new byte[] { 0, 255, 0 }, v);
    }

    [Theory]
    [InlineData(1f / 16, 1)]
    [InlineData(0.05f, 2)]
    [InlineData(0.1f, 3)]
    [InlineData(0.02f, 4)]
    [InlineData(0.3f, 5)]
    public void LogSoftmaxWithinOneStepOfFloat(float inputScale, int seed)
    {
        var rng = new Random(seed);
        var p = Ref.LogSoftmaxQuantized.Create(inputScale);
        foreach (int depth in new[] { 1, 2, 3, 5, 8, 17, 64 })
        {
            int rows = 3;
            var x = new sbyte[rows * depth];
            var u = new byte[rows * depth];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (sbyte)rng.Next(-128, 128);
                u[i] = (byte)rng.Next(0, 256);
            }
            var y = new sbyte[x.Length];
            var v = new byte[u.Length];
            Ref.LogSoftmaxQuantized.Eval(p, x, y, depth);
            Ref.LogSoftmaxQuantized.Eval(p, u, v, depth);
            for (int r = 0; r < rows; r++)
            {
                CheckRow(x.AsSpan(r * depth, depth).ToArray().Select(q => (int)q).ToArray(),
                    y.AsSpan(r * depth, depth).ToArray().Select(q => (int)q).ToArray(), inputScale, 127, -128, 127);
                CheckRow(u.AsSpan(r * depth, depth).ToArray().Select(q => (int)q).ToArray(),
                    v.AsSpan(r * depth, depth).ToArray().Select(q => (int)q).ToArray(), inputScale, 255, 0, 255);
            }
        }
    }

    private static void CheckRow(int[] q, int[] actual, float inputScale, int zeroPoint, int min, int max)
    {
        double maxX = q.Max() * (double)inputScale;
        double sum = q.Sum(v => Math.Exp(v * (double)inputScale - maxX));
        for (int i = 0; i < q.Length; i++)
        {
            double logSoftmax = q[i] * (double)inputScale - maxX - Math.Log(sum);
            int expected = (int)Math.Clamp(Math.Round(logSoftmax / 0.0625) + zeroPoint, min, max);
            Assert.True(Math.Abs(actual[i] - expected) <= 1,
                $"depth {q.Length} element {i}: got {actual[i]}, float gives {expected} ({logSoftmax})");
        }
    }

    [Theory]
    [InlineData(1.0, 0)]            // ln 1 = 0
    [InlineData(2.0, 0.6931471805599453)]
    [InlineData(10.0, 2.302585092994046)]
    [InlineData(1000.5, 6.908255)]
    [InlineData(4095.0, 8.317522)]
    public void LogOfQ12ValuesIsAccurate(double x, double expected)
    {
        int raw = (int)Math.Round(x * (1 << 19));
        int log = Ref.LogSoftmaxQuantized.LogXForXGreaterThanOrEqualTo1(raw, 12, 5);
        Assert.InRange(log / (double)(1 << 26) - expected, -2e-6, 2e-6);
    }

    // ---------------------------------------------------------------- ELU / GELU tables

    /// <summary>TFLite's LUT rule, written out independently: dequantize, transform, times 1/scale (float), round half away, offset, clamp.</summary>
    private static int TableEntry(int q, float si, int zi, float so, int zo, Func<float, float> f, int min, int max)
    {
        float x = si * (q - zi);
        float t = f(x) * (1f / so);
        int r = (int)MathF.Round(t, MidpointRounding.AwayFromZero) + zo;
        return Math.Clamp(r, min, max);
    }

    [Fact]
    public void EluInt8HandValues()
    {
        var table = new byte[256];
        Ref.EluQuantized.PopulateTable(1f / 16, 0, 1f / 16, 0, table);
        sbyte[] x = [16, -16, -8, -128, 0, 127];
        var y = new sbyte[6];
        Ref.EluQuantized.Run(x, y, table);
        // 1 -> 16; e^-1 - 1 = -0.6321 -> -10.11 -> -10; e^-0.5 - 1 = -0.3935 -> -6.30 -> -6; e^-8 - 1 = -0.99966 -> -15.99 -> -16.
        Assert.Equal(new sbyte[] { 16, -10, -6, -16, 0, 127 }, y);
    }

    [Theory]
    [InlineData(0.05f, 3, 0.04f, -20)]
    [InlineData(0.1f, -128, 0.02f, 127)]
    [InlineData(0.02f, 10, 0.1f, 0)]
    public void EluInt8TableMatchesTheFloatRule(float si, int zi, float so, int zo)
    {
        var table = new byte[256];
        Ref.EluQuantized.PopulateTable(si, zi, so, zo, table);
        var x = new sbyte[256];
        for (int i = 0; i < 256; i++) x[i] = (sbyte)(i - 128);
        var y = new sbyte[256];
        Ref.EluQuantized.Run(x, y, table);
        for (int i = 0; i < 256; i++)
            Assert.Equal(TableEntry(x[i], si, zi, so, zo, v => v < 0f ? MathF.Exp(v) - 1f : v, -128, 127), y[i]);
    }

    [Fact]
    public void GeluInt8AndUInt8HandValues()
    {
        var table = new byte[256];
        Ref.GeluQuantized.PopulateTable(1f / 16, 0, 1f / 16, 0, approximate: false, isUInt8: false, table);
        sbyte[] x = [16, -16, 32, 0, -128];
        var y = new sbyte[5];
        Ref.GeluQuantized.Run(x, y, table);
        // gelu(1) = 0.841345 -> 13.46 -> 13; gelu(-1) = -0.158655 -> -2.54 -> -3; gelu(2) = 1.954500 -> 31.27 -> 31;
        // gelu(-8) = -8 * Phi(-8) ~ -5e-15 -> 0.
        Assert.Equal(new sbyte[] { 13, -3, 31, 0, 0 }, y);

        Ref.GeluQuantized.PopulateTable(1f / 16, 128, 1f / 16, 128, approximate: true, isUInt8: true, table);
        byte[] u = [144, 112, 160, 128];
        var v = new byte[4];
        Ref.GeluQuantized.Run(u, v, table);
        // tanh form: gelu(1) = 0.841192 -> 13.46; gelu(-1) = -0.158808 -> -2.54; gelu(2) = 1.954598 -> 31.27.
        Assert.Equal(new byte[] { 141, 125, 159, 128 }, v);
    }

    [Theory]
    [InlineData(0.05f, 3, 0.04f, -20, false, false)]
    [InlineData(0.05f, 3, 0.04f, -20, true, false)]
    [InlineData(0.03f, 120, 0.02f, 30, false, true)]
    [InlineData(0.03f, 120, 0.02f, 30, true, true)]
    public void GeluTableMatchesTheFloatRule(float si, int zi, float so, int zo, bool approximate, bool isUInt8)
    {
        var table = new byte[256];
        Ref.GeluQuantized.PopulateTable(si, zi, so, zo, approximate, isUInt8, table);
        Func<float, float> exact = v => 0.5f * v * (float)Erfc(v * -0.70710677f);
        const float k = 0.7978846f; // sqrt(2 / pi) in float
        Func<float, float> approx = v => 0.5f * v * (1f + MathF.Tanh(k * (v + 0.044715f * v * v * v)));
        int min = isUInt8 ? 0 : -128, max = isUInt8 ? 255 : 127;
        for (int q = min; q <= max; q++)
        {
            int expected = TableEntry(q, si, zi, so, zo, approximate ? approx : exact, min, max);
            int actual = isUInt8 ? table[q] : (sbyte)table[(byte)(sbyte)q];
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>erfc by the series / continued fraction in double (independent of the library's implementation).</summary>
    private static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2.5)
        {
            // erf series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++)
            {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
                if (Math.Abs(term) < 1e-20) break;
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        // Lentz continued fraction: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
        double f = x;
        for (int n = 60; n >= 1; n--) f = x + n / 2.0 / f;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    // ---------------------------------------------------------------- DIV uint8

    [Fact]
    public void DivUInt8HandValues()
    {
        // s1 = 0.5, s2 = 1, sOut = 0.5, zero points 0: real multiplier 1 -> 2^30 with shift 1.
        Ref.DivQuantized.OutputMultiplier(0.5f, 1f, 0.5f, out int m, out int s);
        Assert.Equal((1 << 30, 1), (m, s));
        var op = new Ref.DivQuantized.Operator(0, 0, 0, m, s, 0, 255);
        // 3.0 / 2.0 = 1.5 -> 3; 5.0 / 2.0 = 2.5 -> 5; 0.5 / 3.0 = 0.1667 -> 0.33 -> 0; 1.0 / 3.0 -> 0.67 -> 1; 100 / 1 -> 200;
        // 127.5 / 1 = 127.5 -> 255 (clamped from 255); 50 / 7 = 7.142857 -> 14.29 -> 14.
        byte[] a = [6, 10, 1, 2, 200, 255, 100];
        byte[] b = [2, 2, 3, 3, 1, 1, 7];
        var y = new byte[7];
        int[] shape = [7];
        Ref.DivQuantized.Run(op, shape, a, shape, b, shape, y);
        Assert.Equal(new byte[] { 3, 5, 0, 1, 200, 255, 14 }, y);
    }

    [Fact]
    public void DivUInt8NegativeValuesZeroPointsActivationAndBroadcast()
    {
        // All scales 0.1 with zero point 128: real multiplier 0.1 / 0.01 = 10 (float) -> 0.625 * 2^4.
        Ref.DivQuantized.OutputMultiplier(0.1f, 0.1f, 0.1f, out int m, out int s);
        Assert.Equal(4, s);
        var op = new Ref.DivQuantized.Operator(-128, -128, 128, m, s, 0, 255);
        // a = [-0.8, -0.2, 0.3, 0.7] (q 120, 126, 131, 135) by b = -0.4 (q 124):
        // [2.0, 0.5, -0.75, -1.75] -> q [148, 133, 120.5 -> 121? , 110.5 -> 111?]
        byte[] a = [120, 126, 131, 135];
        byte[] b = [124];
        var y = new byte[4];
        Ref.DivQuantized.Run(op, [4], a, [1], b, [4], y);
        // -0.75 / 0.1 = -7.5 and -17.5: the fixed-point quotient is just below / at the half; TFLite's rounding
        // (halves toward +infinity after the reciprocal) gives -7 and -17.
        Assert.Equal(new byte[] { 148, 133, 121, 111 }, y);

        // RELU range [128, 255] clamps the negative quotients to the zero point.
        var relu = new Ref.DivQuantized.Operator(-128, -128, 128, m, s, 128, 255);
        Ref.DivQuantized.Run(relu, [4], a, [1], b, [4], y);
        Assert.Equal(new byte[] { 148, 133, 128, 128 }, y);
    }

    [Fact]
    public void DivUInt8WithinOneStepOfTheRealQuotient()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            float s1 = 0.01f + (float)rng.NextDouble() * 0.2f, s2 = 0.01f + (float)rng.NextDouble() * 0.2f;
            int z1 = rng.Next(0, 256), z2 = rng.Next(0, 256);
            // Output scales as a calibrated model has them: a real multiplier s1 / (s2 * sOut) of 64..200 (shift 7..8).
            // Much smaller multipliers push TFLite's final rounding shift past 31, which TFLite only asserts against.
            float so = s1 / (s2 * (64f + (float)rng.NextDouble() * 136f));
            int zo = 128;
            Ref.DivQuantized.OutputMultiplier(s1, s2, so, out int m, out int s);
            var op = new Ref.DivQuantized.Operator(-z1, -z2, zo, m, s, 0, 255);
            for (int i = 0; i < 200; i++)
            {
                int qa = rng.Next(0, 256), qb = rng.Next(0, 256);
                if (qb == z2) continue;
                double real = s1 * (qa - z1) / (s2 * (double)(qb - z2));
                int expected = (int)Math.Clamp(Math.Round(real / so) + zo, 0, 255);
                int actual = op.Invoke(qa, qb);
                Assert.True(Math.Abs(actual - expected) <= 1, $"{qa}/{qb} (z {z1},{z2}): got {actual}, want {expected}");
            }
        }
    }
}
