using ManagedLite.Kernels.Quantization;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Hybrid;
using Ref = ManagedLite.Kernels.Reference.Hybrid;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// Dynamic-range CONV_2D and DEPTHWISE_CONV_2D: a hand-worked case, agreement with float convolution on the
/// dequantized filter within the input-quantization error (same bound as the FC tests), and the optimized conv
/// against the reference bit for bit, on seeded random geometry with channel counts around the vector widths.
/// </summary>
public class HybridConvTests
{
    [Fact]
    public void PerTensorOneByOneHandWorked()
    {
        // 1x1x2x2 input [127/64, -1 | 0.5, 1/128] -> q = [127, -64 | 32, 1] with scale 1/64 (as the FC case);
        // 1x1 filter, 2 output channels [1, 2] and [-1, 1], scale 1/2: acc = [127-128, -127-64 | 32+2, -32+1].
        var p = new ConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 2, InputChannels = 2, FilterHeight = 1, FilterWidth = 1,
            FilterInputChannels = 2, OutputHeight = 1, OutputWidth = 2, OutputChannels = 2,
        };
        float[] input = [127f / 64f, -1f, 0.5f, 1f / 128f];
        sbyte[] filter = [1, 2, -1, 1];
        var output = new float[4];
        foreach (bool optimized in new[] { false, true })
        {
            var scratch = new sbyte[4];
            if (optimized) Opt.HybridConv2D.RunPerTensor(p, input, filter, 0.5f, [0.5f, 0f], output, scratch);
            else Ref.HybridConv2D.RunPerTensor(p, input, filter, 0.5f, [0.5f, 0f], output, scratch);
            Assert.Equal(new[] { 0.5f - 1f / 128f, -191f / 128f, 0.5f + 34f / 128f, -31f / 128f }, output);
        }
    }

    public static TheoryData<int, int, bool> ConvCases()
    {
        var data = new TheoryData<int, int, bool>();
        int[] depths = [1, 2, 3, 5, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];
        for (int i = 0; i < depths.Length; i++)
        foreach (bool perChannel in new[] { false, true })
            data.Add(depths[i], depths[(i + 3) % depths.Length], perChannel);
        return data;
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void ConvMatchesFloatAndOptimizedIsExact(int inC, int outC, bool perChannel)
    {
        var rng = new Random(inC * 131 + outC * 7 + (perChannel ? 1 : 0));
        int n = 2, h = rng.Next(1, 6), w = rng.Next(1, 6), kh = rng.Next(1, 4), kw = rng.Next(1, 4);
        int sh = rng.Next(1, 3), sw = rng.Next(1, 3), dh = rng.Next(1, 3), dw = rng.Next(1, 3);
        int padT = rng.Next(0, kh), padL = rng.Next(0, kw);
        int outH = Math.Max(1, (h + 2 * padT - ((kh - 1) * dh + 1)) / sh + 1);
        int outW = Math.Max(1, (w + 2 * padL - ((kw - 1) * dw + 1)) / sw + 1);
        var p = new ConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = inC, FilterHeight = kh, FilterWidth = kw,
            FilterInputChannels = inC, OutputHeight = outH, OutputWidth = outW, OutputChannels = outC,
            StrideHeight = sh, StrideWidth = sw, DilationHeight = dh, DilationWidth = dw, PadTop = padT, PadLeft = padL,
            ActivationMin = float.MinValue, ActivationMax = float.MaxValue,
        };
        var input = RandomFloats(rng, n * h * w * inC, perChannel ? -1 : -2, 2);
        var filter = RandomWeights(rng, outC * kh * kw * inC);
        var scales = RandomScales(rng, perChannel ? outC : 1);
        var bias = RandomFloats(rng, outC, -0.5, 0.5);
        var reference = new float[n * outH * outW * outC];
        var optimized = new float[reference.Length];
        var scratch = new sbyte[h * w * inC];
        if (perChannel)
        {
            Ref.HybridConv2D.RunPerChannel(p, input, filter, scales, bias, reference, scratch);
            Opt.HybridConv2D.RunPerChannel(p, input, filter, scales, bias, optimized, scratch);
        }
        else
        {
            Ref.HybridConv2D.RunPerTensor(p, input, filter, scales[0], bias, reference, scratch);
            Opt.HybridConv2D.RunPerTensor(p, input, filter, scales[0], bias, optimized, scratch);
        }
        Assert.Equal(reference, optimized);

        int image = h * w * inC;
        var q = new sbyte[image];
        for (int b = 0; b < n; b++)
        {
            var img = input.AsSpan(b * image, image);
            float inScale = perChannel ? HybridQuantization.Asymmetric(img, q, out _) : HybridQuantization.Symmetric(img, q);
            for (int oy = 0; oy < outH; oy++)
            for (int ox = 0; ox < outW; ox++)
            for (int oc = 0; oc < outC; oc++)
            {
                double exact = bias[oc], absW = 0, absWX = 0;
                float ws = scales[perChannel ? oc : 0];
                for (int fy = 0; fy < kh; fy++)
                for (int fx = 0; fx < kw; fx++)
                {
                    int iy = oy * sh - padT + fy * dh, ix = ox * sw - padL + fx * dw;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    for (int c = 0; c < inC; c++)
                    {
                        double wr = filter[((oc * kh + fy) * kw + fx) * inC + c] * (double)ws;
                        double x = img[(iy * w + ix) * inC + c];
                        exact += wr * x;
                        absW += Math.Abs(wr);
                        absWX += Math.Abs(wr * x);
                    }
                }
                double tol = (perChannel ? 1.0 : 0.5) * inScale * absW * 1.0001 + 1e-5 + 2e-6 * absWX;
                float got = reference[((b * outH + oy) * outW + ox) * outC + oc];
                Assert.True(Math.Abs(got - exact) <= tol, $"b{b} ({oy},{ox}) c{oc}: hybrid {got} vs float {exact}, tolerance {tol}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    [InlineData(17, 1)]
    [InlineData(5, 3)]
    public void DepthwiseMatchesFloat(int inC, int multiplier)
    {
        var rng = new Random(inC * 17 + multiplier);
        int n = 2, h = 5, w = 4, kh = 3, kw = 2, outC = inC * multiplier;
        var p = new DepthwiseParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = inC, DepthMultiplier = multiplier,
            FilterHeight = kh, FilterWidth = kw, OutputHeight = 3, OutputWidth = 3, StrideHeight = 2, StrideWidth = 1,
            DilationHeight = 1, DilationWidth = 2, PadTop = 1, PadLeft = 1,
            ActivationMin = float.MinValue, ActivationMax = float.MaxValue,
        };
        var input = RandomFloats(rng, n * h * w * inC, -1, 2);
        var filter = RandomWeights(rng, kh * kw * outC);
        var scales = RandomScales(rng, outC);
        var bias = RandomFloats(rng, outC, -0.5, 0.5);
        var output = new float[n * 3 * 3 * outC];
        var optimized = new float[output.Length];
        Ref.HybridDepthwiseConv2D.Run(p, input, filter, scales, bias, output, new sbyte[h * w * inC]);
        Opt.HybridDepthwiseConv2D.Run(p, input, filter, scales, bias, optimized, new sbyte[h * w * inC]);
        Assert.Equal(output, optimized);

        int image = h * w * inC;
        var q = new sbyte[image];
        for (int b = 0; b < n; b++)
        {
            var img = input.AsSpan(b * image, image);
            float inScale = HybridQuantization.Asymmetric(img, q, out _);
            for (int oy = 0; oy < 3; oy++)
            for (int ox = 0; ox < 3; ox++)
            for (int oc = 0; oc < outC; oc++)
            {
                double exact = bias[oc], absW = 0, absWX = 0;
                for (int fy = 0; fy < kh; fy++)
                for (int fx = 0; fx < kw; fx++)
                {
                    int iy = oy * 2 - 1 + fy, ix = ox - 1 + fx * 2;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    double wr = filter[(fy * kw + fx) * outC + oc] * (double)scales[oc];
                    double x = img[(iy * w + ix) * inC + oc / multiplier];
                    exact += wr * x;
                    absW += Math.Abs(wr);
                    absWX += Math.Abs(wr * x);
                }
                double tol = inScale * absW * 1.0001 + 1e-5 + 2e-6 * absWX;
                float got = output[((b * 3 + oy) * 3 + ox) * outC + oc];
                Assert.True(Math.Abs(got - exact) <= tol, $"b{b} ({oy},{ox}) c{oc}: hybrid {got} vs float {exact}, tolerance {tol}");
            }
        }
    }

    private static float[] RandomFloats(Random rng, int n, double min, double max)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(min + rng.NextDouble() * (max - min));
        return a;
    }

    private static sbyte[] RandomWeights(Random rng, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)rng.Next(-127, 128);
        return a;
    }

    private static float[] RandomScales(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(0.001 + rng.NextDouble() * 0.02);
        return a;
    }
}
