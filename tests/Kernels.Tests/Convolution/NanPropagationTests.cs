using ManagedLite.Kernels.Optimized.Gemm;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Convolution;

/// <summary>
/// A NaN input stays NaN through the float epilogue clamps, as in the reference kernels and TFLite (std::max(x, lo) keeps
/// a NaN x): with no activation and with RELU6, in every supported GEMM microkernel (FULLY_CONNECTED, and through it
/// CONV_2D and BATCH_MATMUL) and in both depthwise kernels. x86's maxps returns its second operand when either is NaN, so
/// the clamps take the bound first; with the bound second a NaN turned into the bound (-inf without activation).
/// </summary>
public class NanPropagationTests
{
    public static TheoryData<string, float, float> Cases()
    {
        var d = new TheoryData<string, float, float>();
        foreach (var uk in F32GemmMicrokernels.All.Where(k => k.IsSupported))
        {
            d.Add(uk.Id, float.NegativeInfinity, float.PositiveInfinity);
            d.Add(uk.Id, 0f, 6f);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FullyConnectedKeepsNaN(string microkernel, float lo, float hi)
    {
        var uk = F32GemmMicrokernels.Find(microkernel)!;
        var p = new FullyConnectedParams { Batches = 9, InputDepth = 13, OutputDepth = 37, ActivationMin = lo, ActivationMax = hi };
        var rng = new Random(3);
        var input = Enumerable.Range(0, 9 * 13).Select(_ => (float)rng.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, 37 * 13).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var bias = new float[37];
        input[4 * 13 + 5] = float.NaN; // batch 4: every output NaN
        var want = new float[9 * 37];
        Ref.FullyConnected.Run(p, input, weights, bias, want);
        var got = new float[9 * 37];
        Opt.FullyConnected.Run(p, uk, input, weights, bias, got);
        for (int i = 0; i < want.Length; i++)
            Assert.True(float.IsNaN(want[i]) == float.IsNaN(got[i]), $"{microkernel} [{lo}, {hi}]: output {i}: reference {want[i]}, optimized {got[i]}");
        Assert.True(float.IsNaN(got[4 * 37]));
    }

    [Theory]
    [InlineData(float.NegativeInfinity, float.PositiveInfinity)]
    [InlineData(0f, 6f)]
    public void DepthwiseKeepsNaN(float lo, float hi)
    {
        foreach (int c in new[] { 16, 24, 36 })
        {
            var p = new DepthwiseParams
            {
                InputHeight = 6, InputWidth = 7, InputChannels = c, FilterHeight = 3, FilterWidth = 3, OutputHeight = 6, OutputWidth = 7,
                PadTop = 1, PadLeft = 1, ActivationMin = lo, ActivationMax = hi,
            };
            var rng = new Random(c);
            var input = Enumerable.Range(0, (int)p.InputLength).Select(_ => (float)rng.NextDouble()).ToArray();
            var filter = Enumerable.Range(0, (int)p.FilterLength).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            input[(3 * 7 + 3) * c + 5] = float.NaN;
            var want = new float[p.OutputLength];
            Ref.DepthwiseConv2D.Run(p, input, filter, [], want);
            var got = new float[p.OutputLength];
            Opt.DepthwiseConv2D.RunRows(p, input, filter, [], got, 0, p.OutputHeight);
            for (int i = 0; i < want.Length; i++)
                Assert.True(float.IsNaN(want[i]) == float.IsNaN(got[i]), $"depthwise {c} ch [{lo}, {hi}]: output {i}: reference {want[i]}, optimized {got[i]}");
            if (!Opt.DepthwiseConv2DF32V512.Covers(p)) continue;
            var packed = new float[Opt.DepthwiseConv2DF32V512.PackedLength(p)];
            Opt.DepthwiseConv2DF32V512.Pack(p, filter, [], packed);
            Opt.DepthwiseConv2DF32V512.RunRows(p, input, packed, got, 0, p.OutputHeight);
            for (int i = 0; i < want.Length; i++)
                Assert.True(float.IsNaN(want[i]) == float.IsNaN(got[i]), $"f32-dwconv-v512 {c} ch [{lo}, {hi}]: output {i}: reference {want[i]}, optimized {got[i]}");
        }
    }
}
