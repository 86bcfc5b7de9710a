using ManagedLite.Kernels.Quantization;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Hybrid;
using Ref = ManagedLite.Kernels.Reference.Hybrid;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// Dynamic-range FULLY_CONNECTED: hand-worked values (exact), agreement with a float computation on dequantized
/// weights within the input-quantization error, and optimized against reference bit for bit.
/// </summary>
public class HybridFullyConnectedTests
{
    // Input row chosen so that the symmetric scale is exact: max |x| = 127/64, so scale = 1/64 and 127/range = 64.
    private static readonly float[] ExactRow = [127f / 64f, -1f, 0.5f, 1f / 128f];
    private static readonly sbyte[] Weights = [1, 2, 3, 4, -1, 0, 1, 0];

    [Fact]
    public void SymmetricQuantizationOfTheExactRow()
    {
        var q = new sbyte[4];
        float scale = HybridQuantization.Symmetric(ExactRow, q);
        Assert.Equal(1f / 64f, scale);
        // 64 * x = 127, -64, 32, 0.5 -> 1 (halves round away from zero)
        Assert.Equal(new sbyte[] { 127, -64, 32, 1 }, q);
    }

    [Fact]
    public void SymmetricPerTensorHandWorked()
    {
        // dot0 = 127 - 128 + 96 + 4 = 99, dot1 = -127 + 32 = -95; row scale 1/64 x weight scale 1/2 = 1/128.
        var p = new FullyConnectedParams { Batches = 1, InputDepth = 4, OutputDepth = 2 };
        var output = new float[2];
        foreach (bool optimized in new[] { false, true })
        {
            Run(optimized, p, ExactRow, Weights, [0.5f], [0.25f, -1f], output, asymmetric: false);
            Assert.Equal(0.25f + 99f / 128f, output[0]);   // 1.0234375
            Assert.Equal(-1f - 95f / 128f, output[1]);     // -1.7421875
            Assert.Equal(1.0234375f, output[0]);
            Assert.Equal(-1.7421875f, output[1]);
        }
    }

    [Fact]
    public void SymmetricPerChannelWithRelu6HandWorked()
    {
        // Per-channel scales 1/2 and 4: out0 = 99/128 = 0.7734375; out1 = -95 * (1/64 * 4) = -5.9375 -> clamped to 0.
        var p = new FullyConnectedParams { Batches = 1, InputDepth = 4, OutputDepth = 2, ActivationMin = 0f, ActivationMax = 6f };
        var output = new float[2];
        foreach (bool optimized in new[] { false, true })
        {
            Run(optimized, p, ExactRow, Weights, [0.5f, 4f], default, output, asymmetric: false);
            Assert.Equal(0.7734375f, output[0]);
            Assert.Equal(0f, output[1]);
        }
    }

    [Fact]
    public void AsymmetricHandWorked()
    {
        // x = [1, -0.5, 0.2, 0]: range [-0.5, 1], scale 1.5/255, zero point -128 + 0.5/scale = -43.
        // q = round(-43 + x / scale) = [127, -128, -9, -43]; sum w * (q - z): row 0 = 170 - 170 + 102 + 0 = 102,
        // row 1 = -170 + 34 = -136 (the kernel computes sum w * q - rowSum * z: -328 + 430 and -136 - 0).
        float[] x = [1f, -0.5f, 0.2f, 0f];
        var q = new sbyte[4];
        float scale = HybridQuantization.Asymmetric(x, q, out int zeroPoint);
        Assert.Equal((float)(1.5 / 255.0), scale);
        Assert.Equal(-43, zeroPoint);
        Assert.Equal(new sbyte[] { 127, -128, -9, -43 }, q);

        var rowSums = new int[2];
        HybridQuantization.RowSums(Weights, 2, 4, rowSums);
        Assert.Equal(new[] { 10, 0 }, rowSums);
        var p = new FullyConnectedParams { Batches = 1, InputDepth = 4, OutputDepth = 2 };
        var output = new float[2];
        float batchScale = scale * 0.5f;
        foreach (bool optimized in new[] { false, true })
        {
            Run(optimized, p, x, Weights, [0.5f], [0.25f, 0f], output, asymmetric: true, rowSums);
            Assert.Equal(0.25f + 102 * batchScale, output[0]);
            Assert.Equal(0f + -136 * batchScale, output[1]);
        }
    }

    [Fact]
    public void ZeroInputGivesBias()
    {
        var p = new FullyConnectedParams { Batches = 2, InputDepth = 3, OutputDepth = 2 };
        var output = new float[4];
        foreach (bool asymmetric in new[] { false, true })
        {
            Run(false, p, new float[6], [1, 2, 3, 4, 5, 6], [0.1f], [1.5f, -2f], output, asymmetric, [6, 15]);
            Assert.Equal(new[] { 1.5f, -2f, 1.5f, -2f }, output);
        }
    }

    public static TheoryData<int, bool, bool> Cases()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (int depth in new[] { 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200 })
        foreach (bool perChannel in new[] { false, true })
        foreach (bool asymmetric in new[] { false, true })
            data.Add(depth, perChannel, asymmetric);
        return data;
    }

    /// <summary>
    /// Against float math on the dequantized weights: the only error is the input rounding, at most half a step
    /// per element (symmetric; up to a full step asymmetric, where the nudged zero point can clamp an extreme), so
    /// |hybrid - float| &lt;= k * inputScale * sum |w|, plus float32 rounding (1e-5 + 2e-6 * sum |w x|).
    /// Optimized equals reference bit for bit.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesFloatWithinQuantizationErrorAndOptimizedIsExact(int depth, bool perChannel, bool asymmetric)
    {
        var rng = new Random(depth * 4 + (perChannel ? 2 : 0) + (asymmetric ? 1 : 0));
        int batches = 3, outD = 5;
        var input = new float[batches * depth];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(rng.NextDouble() * 4 - (asymmetric ? 1 : 2));
        var w = new sbyte[outD * depth];
        for (int i = 0; i < w.Length; i++) w[i] = (sbyte)rng.Next(-127, 128);
        var scales = new float[perChannel ? outD : 1];
        for (int i = 0; i < scales.Length; i++) scales[i] = (float)(0.001 + rng.NextDouble() * 0.02);
        var bias = new float[outD];
        for (int i = 0; i < outD; i++) bias[i] = (float)(rng.NextDouble() - 0.5);
        var rowSums = new int[outD];
        HybridQuantization.RowSums(w, outD, depth, rowSums);
        var p = new FullyConnectedParams { Batches = batches, InputDepth = depth, OutputDepth = outD };

        var reference = new float[batches * outD];
        var optimized = new float[batches * outD];
        Run(false, p, input, w, scales, bias, reference, asymmetric, rowSums);
        Run(true, p, input, w, scales, bias, optimized, asymmetric, rowSums);
        Assert.Equal(reference, optimized);

        var q = new sbyte[depth];
        for (int b = 0; b < batches; b++)
        {
            var row = input.AsSpan(b * depth, depth);
            float inScale = asymmetric ? HybridQuantization.Asymmetric(row, q, out _) : HybridQuantization.Symmetric(row, q);
            for (int o = 0; o < outD; o++)
            {
                double exact = bias[o], absW = 0, absWX = 0;
                float ws = scales[perChannel ? o : 0];
                for (int k = 0; k < depth; k++)
                {
                    double wr = w[o * depth + k] * (double)ws;
                    exact += wr * row[k];
                    absW += Math.Abs(wr);
                    absWX += Math.Abs(wr * row[k]);
                }
                double tol = (asymmetric ? 1.0 : 0.5) * inScale * absW * 1.0001 + 1e-5 + 2e-6 * absWX;
                Assert.True(Math.Abs(reference[b * outD + o] - exact) <= tol,
                    $"b{b} o{o}: hybrid {reference[b * outD + o]} vs float {exact}, tolerance {tol}");
            }
        }
    }

    private static void Run(bool optimized, in FullyConnectedParams p, float[] input, sbyte[] weights, float[] scales, float[]? bias,
        float[] output, bool asymmetric, int[]? rowSums = null)
    {
        var scratch = new sbyte[p.InputDepth];
        if (optimized) Opt.HybridFullyConnected.Run(p, input, weights, scales, bias, output, asymmetric, rowSums, scratch);
        else Ref.HybridFullyConnected.Run(p, input, weights, scales, bias, output, asymmetric, rowSums, scratch);
    }
}
