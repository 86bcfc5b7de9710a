using ManagedLite.Kernels.Params;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>
/// The vectorized quantized MAX_POOL_2D against the reference, bit-exact: int8, uint8 and int16, channel counts at and
/// around the vector widths, windows clipped at every border, strides larger than the window (empty windows get the
/// type's lowest value before the clamp), narrow activation ranges, row ranges.
/// </summary>
public class OptimizedMaxPoolQuantizedTests
{
    public static TheoryData<int> Depths => [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100];

    private static QuantizedPoolParams Geometry(QuantRandom r, int depth, int min, int max)
    {
        int fH = r.Next(1, 4), fW = r.Next(1, 4), sH = r.Next(1, 3), sW = r.Next(1, 3);
        int inH = r.Next(1, 9), inW = r.Next(1, 9), padH = r.Next(0, fH), padW = r.Next(0, fW);
        int outH = Math.Max(1, (inH + 2 * padH - fH) / sH + 1), outW = Math.Max(1, (inW + 2 * padW - fW) / sW + 1);
        int lo = r.Next(min, min + 40), hi = r.Next(max - 40, max);
        return new QuantizedPoolParams
        {
            Batches = r.Next(1, 2), InputHeight = inH, InputWidth = inW, Depth = depth, OutputHeight = outH, OutputWidth = outW,
            FilterHeight = fH, FilterWidth = fW, StrideHeight = sH, StrideWidth = sW, PadHeight = padH, PadWidth = padW, ActivationMin = lo, ActivationMax = hi,
        };
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void MatchesReference(int depth)
    {
        var r = new QuantRandom(900 + depth);
        for (int trial = 0; trial < 8; trial++)
        {
            var p = Geometry(r, depth, -128, 127);
            int n = p.Batches * p.InputHeight * p.InputWidth * depth, m = p.Batches * p.OutputHeight * p.OutputWidth * depth;
            var x8 = r.Int8(n);
            sbyte[] e8 = new sbyte[m], a8 = new sbyte[m];
            Ref.MaxPool2DQuantized.Run(p, x8, e8);
            Opt.MaxPool2DQuantized.Run(p, x8, a8);
            Assert.Equal(e8, a8);
            int split = r.Next(0, p.Batches * p.OutputHeight);
            Array.Clear(a8);
            Opt.MaxPool2DQuantized.RunRows<sbyte>(p, x8, a8, split, p.Batches * p.OutputHeight);
            Opt.MaxPool2DQuantized.RunRows<sbyte>(p, x8, a8, 0, split);
            Assert.Equal(e8, a8);

            var pu = p with { ActivationMin = r.Next(0, 40), ActivationMax = r.Next(215, 255) };
            var xu = r.UInt8(n);
            byte[] eu = new byte[m], au = new byte[m];
            Ref.MaxPool2DQuantized.Run(pu, xu, eu);
            Opt.MaxPool2DQuantized.Run(pu, xu, au);
            Assert.Equal(eu, au);

            var ps = p with { ActivationMin = short.MinValue + r.Next(0, 1000), ActivationMax = short.MaxValue - r.Next(0, 1000) };
            var xs = r.Int16(n);
            short[] es = new short[m], as16 = new short[m];
            Ref.MaxPool2DQuantized.Run(ps, xs, es);
            Opt.MaxPool2DQuantized.Run(ps, xs, as16);
            Assert.Equal(es, as16);
        }
    }
}
