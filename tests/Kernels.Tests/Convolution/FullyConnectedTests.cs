using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

public class FullyConnectedTests
{
    [Fact]
    public void ReferenceMatchesTfliteSimpleTest()
    {
        // TFLite fully_connected_test.cc SimpleTest: 3 units with weights 1..10, bias 1,2,3, two batches.
        var p = new FullyConnectedParams { Batches = 2, InputDepth = 10, OutputDepth = 3 };
        float[] weights = [.. Enumerable.Range(1, 10).Select(i => (float)i), .. Enumerable.Range(1, 10).Select(i => (float)i), .. Enumerable.Range(1, 10).Select(i => (float)i)];
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10];
        var o = new float[6];
        Ref.FullyConnected.Run(p, input, weights, [1, 2, 3], o);
        Assert.Equal([24, 25, 26, 58, 59, 60], o);
        Ref.FullyConnected.Run(p with { ActivationMin = 0, ActivationMax = 25 }, input, weights, [1, 2, 3], o);
        Assert.Equal([24, 25, 25, 25, 25, 25], o);
    }

    public static TheoryData<int> Sizes()
    {
        var d = new TheoryData<int>();
        foreach (int c in Channels) d.Add(c);
        return d;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void OptimizedMatchesReference(int size)
    {
        var rng = new Random(400 + size);
        foreach (int batches in new[] { 1, 2, 3, 4, 5, 9 })
        {
            // Sweep the input depth and the output depth through the boundary sizes.
            var p = rng.Next(2) == 0
                ? new FullyConnectedParams { Batches = batches, InputDepth = size, OutputDepth = Channels[rng.Next(Channels.Length)] }
                : new FullyConnectedParams { Batches = batches, InputDepth = Channels[rng.Next(Channels.Length)] + rng.Next(0, 70), OutputDepth = size };
            p = p with { ActivationMin = rng.Next(2) == 0 ? 0 : float.NegativeInfinity };
            var input = Random(rng, p.Batches * p.InputDepth, 2f);
            var weights = Random(rng, p.OutputDepth * p.InputDepth);
            var bias = rng.Next(3) == 0 ? [] : Random(rng, p.OutputDepth);
            var want = new float[p.Batches * p.OutputDepth];
            Ref.FullyConnected.Run(p, input, weights, bias, want);
            var abs = new float[want.Length];
            Ref.FullyConnected.Run(p with { ActivationMin = float.NegativeInfinity }, Abs(input), Abs(weights), Abs(bias), abs);

            var got = new float[want.Length];
            Opt.FullyConnected.Run(p, input, weights, bias, got);
            AssertClose(want, got, abs, $"fc default {p}");
            Opt.FullyConnected.RunDot(p, input, weights, bias, got);
            AssertClose(want, got, abs, $"fc dot {p}");
            foreach (var uk in SupportedKernels())
            {
                Array.Clear(got);
                Opt.FullyConnected.Run(p, uk, input, weights, bias, got);
                AssertClose(want, got, abs, $"fc {uk.Id} {p}");
            }
        }
    }
}
