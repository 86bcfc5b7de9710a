using Xunit;
using ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Tests.Elementwise;

/// <summary>Hand-checked values for the reference activations (TFLite formulas; expected numbers worked out by hand / from TFLite's tests).</summary>
public class ReferenceActivationTests
{
    private static float[] Run(Action<ReadOnlySpan<float>, Span<float>> f, params float[] x)
    {
        var y = new float[x.Length];
        f(x, y);
        return y;
    }

    [Fact]
    public void ReluFamily()
    {
        Assert.Equal(new[] { 0f, 0f, 2f, 7f }, Run(Activations.Relu, -3f, 0f, 2f, 7f));
        Assert.Equal(new[] { 0f, 0f, 2f, 6f }, Run(Activations.Relu6, -3f, 0f, 2f, 7f));
        Assert.Equal(new[] { -1f, -0.5f, 0.25f, 1f }, Run(Activations.ReluN1To1, -3f, -0.5f, 0.25f, 7f));
        Assert.Equal(0f, Run(Activations.Relu6, float.NaN)[0]);   // std::max(0, NaN) == 0
        Assert.Equal(new[] { 0f, 0f, 0.25f, 1f }, Run(Activations.Relu0To1, -3f, -0f, 0.25f, 7f));
        Assert.True(float.IsNaN(Run(Activations.Relu0To1, float.NaN)[0])); // x > 1 ? 1 : x < 0 ? 0 : x keeps NaN
    }

    [Fact]
    public void LeakyReluAndPrelu()
    {
        var y = new float[4];
        Activations.LeakyRelu(new[] { -2f, -0.5f, 0f, 3f }, y, 0.1f);
        Assert.Equal(new[] { -2f * 0.1f, -0.5f * 0.1f, 0f, 3f }, y);
        Activations.LeakyRelu(new[] { -2f, 1f, 0f, 3f }, y, 2f);   // alpha > 1: x > 0 ? x : alpha * x, not max
        Assert.Equal(new[] { -4f, 1f, 0f, 3f }, y);

        // PRELU, input [1,2,2] with alpha [2] broadcast along the last axis.
        var p = new float[4];
        BinaryElementwise.Prelu(new[] { 1, 2, 2 }, new[] { -1f, -2f, 3f, -4f }, new[] { 2 }, new[] { 0.5f, 0.25f }, new[] { 1, 2, 2 }, p);
        Assert.Equal(new[] { -0.5f, -0.5f, 3f, -1f }, p);
    }

    [Fact]
    public void Logistic()
    {
        var y = Run(Activations.Logistic, 0f, 20f, -10f, 1f, -1f);
        Assert.Equal(0.5f, y[0]);
        Assert.Equal(1f, y[1]);                       // above the 16.619 cutoff
        Assert.Equal(MathF.Exp(-10f), y[2]);          // below -9: exp(x)
        Assert.Equal(0.7310586f, y[3], 6);
        Assert.Equal(0.26894143f, y[4], 6);
    }

    [Fact]
    public void TanhHardSwishElu()
    {
        var t = Run(Activations.Tanh, 0f, 1f, -2f);
        Assert.Equal(0f, t[0]);
        Assert.Equal(0.7615942f, t[1], 6);
        Assert.Equal(-0.9640276f, t[2], 6);

        var h = Run(Activations.HardSwish, -4f, -3f, -1f, 1f, 3f, 5f);
        Assert.Equal(new[] { 0f, 0f, -1f * 2f / 6f, 1f * 4f / 6f, 3f, 5f }, h);

        var e = Run(Activations.Elu, -1f, 0f, 2f, -1e-7f);
        Assert.Equal(-0.63212055f, e[0], 6);
        Assert.Equal(0f, e[1]);
        Assert.Equal(2f, e[2]);
        Assert.Equal(-1e-7f, e[3], 12);   // expm1 keeps precision near 0
    }

    [Fact]
    public void Gelu()
    {
        var x = new[] { -3f, -1f, 0f, 0.5f, 1f, 3f, -10f };
        var exact = new float[x.Length];
        var approx = new float[x.Length];
        Activations.Gelu(x, exact, approximate: false);
        Activations.Gelu(x, approx, approximate: true);
        // 0.5 x erfc(-x / sqrt 2) in exact arithmetic. TFLite rounds the erfc argument to float first, which
        // costs up to ~2z^2 * 6e-8 relative in the tail, so allow 2e-6 relative.
        double[] want = { -0.004049694094890287, -0.15865525393145707, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511, -7.619853024160593e-23 };
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(want[i] - exact[i]) <= 2e-6 * Math.Abs(want[i]), $"gelu({x[i]}) = {exact[i]:R}, want {want[i]:R}");
        // tanh form: 0.5 x (1 + tanh(0.7978846 (x + 0.044715 x^3))); 1 + tanh cancels for negative x, so 1e-7 absolute.
        double[] wantApprox = { -0.0036373920817729943, -0.15880800939172324, 0, 0.34571400982514394, 0.8411919906082768, 2.996362607918227, 0 };
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(wantApprox[i] - approx[i]) <= 2e-6 * Math.Abs(wantApprox[i]) + 1e-7, $"gelu~({x[i]}) = {approx[i]:R}, want {wantApprox[i]:R}");
    }

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        var x = new[] { 1f, 2f, 3f, 1f, 1f, 1f };
        var y = new float[6];
        Softmax.Eval(x, y, depth: 3, beta: 1f);
        Assert.Equal(0.09003057f, y[0], 6);
        Assert.Equal(0.24472847f, y[1], 6);
        Assert.Equal(0.66524096f, y[2], 6);
        Assert.Equal(1f / 3f, y[3], 6);

        Softmax.Eval(new[] { 0f, MathF.Log(3f) }, y.AsSpan(0, 2), depth: 2, beta: 0.5f);   // exp(0.5 ln 3) = sqrt 3
        Assert.Equal(1f / (1f + MathF.Sqrt(3f)), y[0], 6);

        LogSoftmax.Eval(x, y, depth: 3);
        Assert.Equal(-2.4076059f, y[0], 5);
        Assert.Equal(-1.4076059f, y[1], 5);
        Assert.Equal(-0.4076059f, y[2], 5);
        Assert.Equal(-MathF.Log(3f), y[4], 6);
    }

    [Fact]
    public void UnaryMathValues()
    {
        var x = new[] { 4f, 0.25f, -2.5f };
        var y = new float[3];
        UnaryMath.Sqrt(x.AsSpan(0, 2), y.AsSpan(0, 2)); Assert.Equal(new[] { 2f, 0.5f }, y[..2]);
        UnaryMath.Rsqrt(x.AsSpan(0, 2), y.AsSpan(0, 2)); Assert.Equal(new[] { 0.5f, 2f }, y[..2]);
        UnaryMath.Abs(x, y); Assert.Equal(new[] { 4f, 0.25f, 2.5f }, y);
        UnaryMath.Neg(x, y); Assert.Equal(new[] { -4f, -0.25f, 2.5f }, y);
        UnaryMath.Square(x, y); Assert.Equal(new[] { 16f, 0.0625f, 6.25f }, y);
        UnaryMath.Floor(x, y); Assert.Equal(new[] { 4f, 0f, -3f }, y);
        UnaryMath.Ceil(x, y); Assert.Equal(new[] { 4f, 1f, -2f }, y);
        UnaryMath.Exp(new[] { 0f, 1f, -1f }, y); Assert.Equal(1f, y[0]); Assert.Equal(2.7182817f, y[1], 6);
    }
}
