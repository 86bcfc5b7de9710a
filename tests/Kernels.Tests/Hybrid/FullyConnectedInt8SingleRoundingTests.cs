using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// int8 FULLY_CONNECTED with TFLite's single-rounding requantization: hand-worked near-half cases where it differs
/// from the double-rounding MultiplyByQuantizedMultiplier, and optimized against reference bit for bit.
/// </summary>
public class FullyConnectedInt8SingleRoundingTests
{
    // multiplier 1717986918 = round(0.8 * 2^31); shift -2 gives 0.2, shift -3 gives 0.1.
    [Theory]
    [InlineData(2, -2, 0, 1)]    // 2 * 0.2 = 0.39999...: double rounding 2*0.8 -> 2, 2/4 -> 0.5 -> 1
    [InlineData(5, -3, 0, 1)]    // 5 * 0.1 = 0.49999...: double rounding 5*0.8 -> 4, 4/8 -> 0.5 -> 1
    [InlineData(-5, -3, 0, -1)]  // -0.49999...: single 0; double -5*0.8 -> -4, -4/8 = -0.5 -> -1 (away from zero)
    [InlineData(30, -2, 6, 6)]   // 30 * 0.2 = 5.99999... : both 6
    public void HandWorkedNearHalf(int acc, int shift, int single, int twice)
    {
        const int m = 1717986918;
        Assert.Equal(single, Ref.FullyConnectedInt8SingleRounding.Requantize(acc, m, shift, 0, -128, 127));
        Assert.Equal(twice, QuantizedMath.Requantize(acc, m, shift, 0, -128, 127));

        // The same through the kernels: one input 1 (offset 0) times filter acc.
        if (acc is < -128 or > 127) return;
        var p = new QuantizedFullyConnectedParams
        {
            Batches = 1, AccumDepth = 1, OutputDepth = 1, OutputMultiplier = m, OutputShift = shift,
            PerChannelMultiplier = [m], PerChannelShift = [shift], ActivationMin = -128, ActivationMax = 127,
        };
        var output = new sbyte[1];
        Ref.FullyConnectedInt8SingleRounding.Run(p, [1], [(sbyte)acc], default, output);
        Assert.Equal(single, output[0]);
        Opt.FullyConnectedInt8SingleRounding.RunPerChannel(p, [1], [(sbyte)acc], default, output);
        Assert.Equal(single, output[0]);
    }

    [Fact]
    public void OffsetsBiasAndClampHandWorked()
    {
        // input [3, -2] + 5 = [8, 3]; filter rows [1, 2] and [-4, 1] with weights offset 1 -> [2, 3] and [-3, 2]:
        // acc0 = 16 + 9 + 10 (bias) = 35, acc1 = -24 + 6 - 10 = -28; multiplier 0.5 (2^30, shift 0):
        // 17.5 -> 18, -14 -> -14; + output offset 3 -> 21, -11; clamp [-10, 20] -> 20, -10.
        var p = new QuantizedFullyConnectedParams
        {
            Batches = 1, AccumDepth = 2, OutputDepth = 2, InputOffset = 5, WeightsOffset = 1, OutputOffset = 3,
            OutputMultiplier = 1 << 30, OutputShift = 0, ActivationMin = -10, ActivationMax = 20,
        };
        var output = new sbyte[2];
        Ref.FullyConnectedInt8SingleRounding.Run(p, [3, -2], [1, 2, -4, 1], [10, -10], output);
        Assert.Equal(new sbyte[] { 20, -10 }, output);
        Opt.FullyConnectedInt8SingleRounding.Run(p, [3, -2], [1, 2, -4, 1], [10, -10], output);
        Assert.Equal(new sbyte[] { 20, -10 }, output);
    }

    public static TheoryData<int> Depths => [1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 300];

    [Theory]
    [MemberData(nameof(Depths))]
    public void OptimizedMatchesReference(int depth)
    {
        var rng = new Random(depth);
        foreach (bool perChannel in new[] { false, true })
        {
            int batches = rng.Next(1, 4), outD = rng.Next(1, 20);
            var input = RandomInt8(rng, batches * depth);
            var filter = RandomInt8(rng, outD * depth);
            var bias = new int[outD];
            for (int i = 0; i < outD; i++) bias[i] = rng.Next(-5000, 5000);
            var m = new int[outD];
            var s = new int[outD];
            for (int i = 0; i < outD; i++) QuantizedMultiplier.Quantize(Math.Pow(2, -14 + 8 * rng.NextDouble()), out m[i], out s[i]);
            var p = new QuantizedFullyConnectedParams
            {
                Batches = batches, AccumDepth = depth, OutputDepth = outD, InputOffset = rng.Next(-127, 129),
                WeightsOffset = perChannel ? 0 : rng.Next(-3, 4), OutputOffset = rng.Next(-20, 20),
                OutputMultiplier = m[0], OutputShift = s[0], PerChannelMultiplier = m, PerChannelShift = s,
                ActivationMin = -128, ActivationMax = 127,
            };
            var want = new sbyte[batches * outD];
            var got = new sbyte[batches * outD];
            if (perChannel)
            {
                Ref.FullyConnectedInt8SingleRounding.RunPerChannel(p, input, filter, bias, want);
                Opt.FullyConnectedInt8SingleRounding.RunPerChannel(p, input, filter, bias, got);
            }
            else
            {
                Ref.FullyConnectedInt8SingleRounding.Run(p, input, filter, bias, want);
                Opt.FullyConnectedInt8SingleRounding.Run(p, input, filter, bias, got);
            }
            Assert.Equal(want, got);
        }
    }

    private static sbyte[] RandomInt8(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-128, 128);
        return a;
    }
}
