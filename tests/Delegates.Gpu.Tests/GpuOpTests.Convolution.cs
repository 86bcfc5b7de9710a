using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

public abstract partial class GpuOpTests
{
    public static IEnumerable<object[]> ConvCases()
    {
        // kh, kw, stride, dilation, padding, activation, bias, constantFilter
        yield return [1, 1, 1, 1, Same, NoActivation, true, true];   // pointwise GEMM
        yield return [3, 3, 1, 1, Same, Relu, true, true];
        yield return [3, 3, 2, 1, Valid, Relu6, false, true];
        yield return [5, 3, 1, 2, Same, ReluN1To1, true, true];
        yield return [1, 1, 2, 1, Same, NoActivation, true, true];   // 1x1 stride 2: im2col path
        yield return [3, 3, 1, 1, Same, NoActivation, true, false];  // weights computed at run time
    }

    [SkippableTheory]
    [MemberData(nameof(ConvCases))]
    public void Conv2D(int kh, int kw, int stride, int dilation, int padding, int activation, bool bias, bool constantFilter)
    {
        foreach (int oc in new[] { 1, Tiles(8).Tn - 1, Tiles(8).Tn, Tiles(8).Tn + 1, 2 * Tiles(24).Tn + 3 })
        {
            var (tm, _, tk) = Tiles(oc);
            foreach (int depthTarget in new[] { tk - 1, tk + 1 })
            {
                int ic = Math.Max(1, depthTarget / (kh * kw) + (depthTarget % (kh * kw) == 0 ? 0 : 1));
                int side = (int)Math.Ceiling(Math.Sqrt(tm + 1)) + 2;
                var m = new OpModel(oc * 131 + ic);
                int x = m.Input([1, side, side + 1, ic]);
                int f = constantFilter ? m.Const([oc, kh, kw, ic]) : m.Input([oc, kh, kw, ic]);
                var ins = bias ? new[] { x, f, m.Const([oc]) } : new[] { x, f };
                int y = m.Value("y");
                m.Op(BuiltinOperator.CONV_2D, ins, [y], Tag.Conv2D,
                     Byte(0, padding), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, dilation), Int(5, dilation)).Output(y);
                Check(m, what: $"oc {oc} ic {ic}");
            }
        }
    }

    public static IEnumerable<object[]> DepthwiseCases()
    {
        // kh, kw, multiplier, stride, dilation, padding, activation, bias
        yield return [3, 3, 1, 1, 1, Same, Relu6, true];
        yield return [3, 3, 2, 2, 1, Valid, NoActivation, false];
        yield return [5, 5, 1, 2, 1, Same, Relu, true];
        yield return [3, 3, 1, 1, 2, Same, NoActivation, true];
    }

    [SkippableTheory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseConv2D(int kh, int kw, int multiplier, int stride, int dilation, int padding, int activation, bool bias)
    {
        foreach (int ic in new[] { 1, 7, 16, 33 })
        {
            var m = new OpModel(ic * 7 + multiplier);
            int oc = ic * multiplier;
            int x = m.Input([2, 11, 9, ic]);
            int f = m.Const([1, kh, kw, oc]);
            var ins = bias ? new[] { x, f, m.Const([oc]) } : new[] { x, f };
            int y = m.Value("y");
            m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, ins, [y], Tag.DepthwiseConv2D,
                 Byte(0, padding), Int(1, stride), Int(2, stride), Int(3, multiplier), Byte(4, activation), Int(5, dilation), Int(6, dilation)).Output(y);
            Check(m, what: $"ic {ic}");
        }
    }

    [SkippableTheory]
    [InlineData(false, NoActivation, true)]
    [InlineData(true, Relu, true)]
    [InlineData(false, Relu6, false)]
    public void FullyConnected(bool keepNumDims, int activation, bool bias)
    {
        foreach (int units in new[] { 1, Tiles(4).Tn + 1, 2 * Tiles(40).Tn - 1 })
        {
            var (tm, _, tk) = Tiles(units);
            foreach (int batches in new[] { 1, tm + 1 })
            {
                int depth = tk + 3;
                var m = new OpModel(units * 17 + batches);
                int x = m.Input(keepNumDims ? [batches, 1, depth] : [batches, depth]);
                int w = m.Const([units, depth]);
                var ins = bias ? new[] { x, w, m.Const([units]) } : new[] { x, w };
                int y = m.Value("y");
                m.Op(BuiltinOperator.FULLY_CONNECTED, ins, [y], Tag.FullyConnected, Byte(0, activation), Byte(1, 0), Bool(2, keepNumDims)).Output(y);
                Check(m, what: $"units {units} batches {batches}");
            }
        }
    }

    [SkippableTheory]
    [InlineData(3, 2, Same, true)]
    [InlineData(2, 2, Valid, false)]
    [InlineData(4, 3, Same, true)]
    [InlineData(1, 1, Valid, true)]
    public void TransposeConv(int k, int stride, int padding, bool bias)
    {
        foreach (int oc in new[] { 3, Tiles(8).Tn + 1 })
        {
            int n = 1, h = 5, w = 6, ic = 5;
            int oh = padding == Same ? h * stride : (h - 1) * stride + k;
            int ow = padding == Same ? w * stride : (w - 1) * stride + k;
            var m = new OpModel(oc * 3 + k);
            int shape = m.Ints(n, oh, ow, oc);
            int wt = m.Const([oc, k, k, ic]);
            int x = m.Input([n, h, w, ic]);
            var ins = bias ? new[] { shape, wt, x, m.Const([oc]) } : new[] { shape, wt, x };
            int y = m.Value("y");
            m.Op(BuiltinOperator.TRANSPOSE_CONV, ins, [y], Tag.TransposeConv, Byte(0, padding), Int(1, stride), Int(2, stride)).Output(y);
            Check(m, what: $"oc {oc}");
        }
    }

    [SkippableTheory]
    [InlineData(1, 2, 2)]   // SAME
    [InlineData(2, 3, 2)]   // VALID
    [InlineData(1, 4, 2)]
    public void Convolution2DTransposeBias(int padding, int k, int stride)
    {
        var m = new OpModel(k * 11 + padding);
        int x = m.Input([1, 6, 5, 7]);
        int wt = m.Const([9, k, k, 7]);
        int b = m.Const([9]);
        int y = m.Value("y");
        var options = new byte[12];
        BitConverter.TryWriteBytes(options.AsSpan(0), padding);
        BitConverter.TryWriteBytes(options.AsSpan(4), stride);
        BitConverter.TryWriteBytes(options.AsSpan(8), stride);
        m.Custom("Convolution2DTransposeBias", [x, wt, b], [y], options).Output(y);
        Check(m);
    }
}
