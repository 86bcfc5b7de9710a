using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

/// <summary>Optimized 8-bit RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR against the reference, bit for bit.</summary>
public class Resize8Tests
{
    private static readonly int[] Depths = [1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    // (align, half): legacy, align_corners, half_pixel_centers
    private static readonly (bool Align, bool Half)[] Modes = [(false, false), (true, false), (false, true)];

    private static IEnumerable<(int[] Shape, int H, int W)> Shapes(Random rng, int depth)
    {
        yield return ([1, 4, 4, depth], 8, 8);          // 2x up
        yield return ([2, 5, 3, depth], 11, 7);         // non-integer up, batch 2
        yield return ([1, 9, 8, depth], 4, 3);          // down
        yield return ([1, 1, 1, depth], 3, 2);          // single pixel
        yield return ([1, 6, 7, depth], 6, 7);          // same size
        yield return ([rng.Next(1, 4), rng.Next(1, 9), rng.Next(1, 9), depth], rng.Next(1, 14), rng.Next(1, 14));
    }

    [Fact]
    public void BilinearInt8_BitExact_Random()
    {
        var rng = new Random(11);
        foreach (int depth in Depths)
            foreach (var (shape, h, w) in Shapes(rng, depth))
                foreach (var (align, half) in Modes)
                {
                    var input = new sbyte[shape.Aggregate(1, (a, b) => a * b)];
                    for (int i = 0; i < input.Length; i++) input[i] = (sbyte)rng.Next(-128, 128);
                    var want = new sbyte[shape[0] * h * w * depth];
                    var got = new sbyte[want.Length];
                    ResizeBilinear.RunInteger<sbyte>(shape, input, h, w, align, half, want);
                    Opt.ResizeBilinear8.Run(shape, input, h, w, align, half, got);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"int8 {string.Join(",", shape)} -> {h}x{w} align={align} half={half}");
                }
    }

    [Fact]
    public void BilinearUInt8_BitExact_Random()
    {
        var rng = new Random(12);
        foreach (int depth in Depths)
            foreach (var (shape, h, w) in Shapes(rng, depth))
                foreach (var (align, half) in Modes)
                {
                    var input = new byte[shape.Aggregate(1, (a, b) => a * b)];
                    rng.NextBytes(input);
                    var want = new byte[shape[0] * h * w * depth];
                    var got = new byte[want.Length];
                    ResizeBilinear.Run(shape, (ReadOnlySpan<byte>)input, h, w, align, half, want);
                    Opt.ResizeBilinear8.Run(shape, (ReadOnlySpan<byte>)input, h, w, align, half, got);
                    Assert.True(want.AsSpan().SequenceEqual(got), $"uint8 {string.Join(",", shape)} -> {h}x{w} align={align} half={half}");
                }
    }

    [Theory]
    [InlineData(1, 33, 33, 64, 65, 65)]
    [InlineData(2, 10, 13, 17, 37, 23)]
    [InlineData(1, 32, 32, 3, 128, 128)]
    [InlineData(1, 40, 60, 33, 13, 7)]
    public void Bilinear_RowRangesGiveTheWholeBits(int n, int h, int w, int c, int oh, int ow)
    {
        var rng = new Random(13);
        foreach (var (align, half) in Modes)
        {
            int[] shape = [n, h, w, c];
            var i8 = new sbyte[n * h * w * c];
            var u8 = new byte[i8.Length];
            rng.NextBytes(u8);
            for (int i = 0; i < i8.Length; i++) i8[i] = (sbyte)u8[i];
            var wantI = new sbyte[n * oh * ow * c];
            var wantU = new byte[wantI.Length];
            ResizeBilinear.RunInteger<sbyte>(shape, i8, oh, ow, align, half, wantI);
            ResizeBilinear.Run(shape, (ReadOnlySpan<byte>)u8, oh, ow, align, half, wantU);
            var planI = Opt.ResizeBilinear8.CreatePlan(shape, oh, ow, align, half, integer: true);
            var planU = Opt.ResizeBilinear8.CreatePlan(shape, oh, ow, align, half, integer: false);
            Assert.True(planI.Covered && planU.Covered);
            var gotI = new sbyte[wantI.Length];
            var gotU = new byte[wantU.Length];
            int rows = planI.Rows;
            int[] cuts = [0, rows / 3, rows / 3 + 1, rows - 1, rows];
            for (int k = 0; k + 1 < cuts.Length; k++)
            {
                Opt.ResizeBilinear8.RunRows(planI, i8, gotI, cuts[k], cuts[k + 1], new int[planI.ScratchLength]);
                Opt.ResizeBilinear8.RunRows(planU, u8, gotU, cuts[k], cuts[k + 1], new float[planU.ScratchLength]);
            }
            Assert.True(wantI.AsSpan().SequenceEqual(gotI), $"int8 align={align} half={half}");
            Assert.True(wantU.AsSpan().SequenceEqual(gotU), $"uint8 align={align} half={half}");
        }
    }

    [Fact]
    public void BilinearInt8_LargeUpscaleOvershoot_FallsBackToReference()
    {
        // 1 -> 600: the 10-bit scale rounds up (2/1024) and the last rows' lower index passes the input's last row.
        var plan = Opt.ResizeBilinear8.CreatePlan([1, 2, 1, 1], 2, 600, false, false, integer: true);
        Assert.False(plan.Covered);
    }

    [Fact]
    public void EmptyOutputs_MakeNoTables()
    {
        // No batch (or no channels): a huge size costs nothing and writes nothing.
        var bil = Opt.ResizeBilinear8.CreatePlan([0, 2, 2, 3], 1 << 15, 1 << 15, false, false, integer: true);
        Assert.Equal(0, bil.Rows);
        Opt.ResizeBilinear8.Run([1, 2, 2, 0], ReadOnlySpan<sbyte>.Empty, 1 << 15, 1 << 15, false, true, Span<sbyte>.Empty);
        var nn = Opt.ResizeNearest.CreatePlan([1, 2, 2, 0], 1 << 15, 1 << 15, false, false);
        Opt.ResizeNearest.RunRows<float>(nn, ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, nn.Rows);
        Opt.ResizeNearest.Run<byte>([0, 2, 2, 5], ReadOnlySpan<byte>.Empty, 1 << 15, 1 << 15, true, false, Span<byte>.Empty);
    }

    [Fact]
    public void Nearest_Identical_Random()
    {
        var rng = new Random(14);
        foreach (int depth in Depths)
            foreach (var (shape, h, w) in Shapes(rng, depth))
                foreach (var (align, half) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    int count = shape.Aggregate(1, (a, b) => a * b), outCount = shape[0] * h * w * depth;
                    var b8 = new byte[count];
                    rng.NextBytes(b8);
                    Check(shape, b8, h, w, align, half, outCount);
                    Check(shape, b8.Select(v => (ushort)(v * 257)).ToArray(), h, w, align, half, outCount);
                    Check(shape, b8.Select(v => (float)rng.NextDouble()).ToArray(), h, w, align, half, outCount);
                    Check(shape, b8.Select(v => (long)rng.NextInt64()).ToArray(), h, w, align, half, outCount);
                }

        static void Check<T>(int[] shape, T[] input, int h, int w, bool align, bool half, int outCount) where T : unmanaged, IEquatable<T>
        {
            var want = new T[outCount];
            var got = new T[outCount];
            ResizeNearestNeighbor.Run<T>(shape, input, h, w, align, half, want);
            Opt.ResizeNearest.Run<T>(shape, input, h, w, align, half, got);
            Assert.True(want.AsSpan().SequenceEqual(got), $"{typeof(T).Name} {string.Join(",", shape)} -> {h}x{w} align={align} half={half}");
            // Row ranges (as threads run them) give the same result.
            var plan = Opt.ResizeNearest.CreatePlan(shape, h, w, align, half);
            var split = new T[outCount];
            int mid = plan.Rows / 2;
            Opt.ResizeNearest.RunRows<T>(plan, input, split, mid, plan.Rows);
            Opt.ResizeNearest.RunRows<T>(plan, input, split, 0, mid);
            Assert.True(want.AsSpan().SequenceEqual(split));
        }
    }
}
