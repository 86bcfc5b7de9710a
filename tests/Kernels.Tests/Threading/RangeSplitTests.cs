using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Optimized.Gemm;
using Xunit;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Threading;

/// <summary>
/// The range entry points that the runtime hands to its threads (broadcast units, resize rows, transposed-convolution
/// output rows): any set of pieces that covers the output, each computed on its own, gives the bits of one whole call.
/// Outputs start as NaN so that a piece that writes too little shows, and each piece runs on a fresh NaN buffer copied
/// back over its own range only, so a piece that writes outside its range shows too.
/// </summary>
public class RangeSplitTests
{
    private static float[] RandomData(Random rng, long n)
    {
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 4 - 2);
        return a;
    }

    /// <summary>Split points 0 = s0 &lt;= s1 &lt;= ... = units, on multiples of <paramref name="alignment"/> (the end excepted).</summary>
    private static int[] RandomSplits(Random rng, int units, int pieces, int alignment)
    {
        var s = new int[pieces + 1];
        for (int i = 1; i < pieces; i++) s[i] = rng.Next(0, units / alignment + 1) * alignment;
        s[pieces] = units;
        Array.Sort(s);
        return s;
    }

    /// <summary>Runs every piece into its own NaN buffer and keeps only the piece's own elements.</summary>
    private static float[] RunPieces(int length, int[] splits, int elementsPerUnit, Action<int, int, float[]> piece)
    {
        var got = new float[length];
        Array.Fill(got, float.NaN);
        for (int i = 0; i + 1 < splits.Length; i++)
        {
            var own = new float[length];
            Array.Fill(own, float.NaN);
            piece(splits[i], splits[i + 1], own);
            int from = splits[i] * elementsPerUnit, to = splits[i + 1] * elementsPerUnit;
            for (int k = 0; k < length; k++)
            {
                if (k >= from && k < to) got[k] = own[k];
                else Assert.True(float.IsNaN(own[k]), $"units [{splits[i]}, {splits[i + 1]}) wrote element {k} outside [{from}, {to})");
            }
        }
        return got;
    }

    private static void AssertSameBits(float[] want, float[] got, string what)
    {
        for (int i = 0; i < want.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(want[i]) == BitConverter.SingleToInt32Bits(got[i]),
                        $"{what}: element {i} is {got[i]}, the whole call gives {want[i]}");
    }

    public static TheoryData<int[], int[]> BroadcastShapes() => new()
    {
        { [1, 40, 40, 24], [1, 40, 40, 24] },   // flat
        { [3, 7, 11], [3, 7, 11] },             // flat, not a multiple of 16
        { [1, 20, 20, 12], [12] },              // tiled rows (short inner row repeated)
        { [5], [1, 33, 7, 5] },                 // tiled rows, the repeated operand first
        { [1, 16, 16, 200], [200] },            // rows, inner too long to tile
        { [1, 24, 24, 20], [1, 24, 24, 1] },    // rows of one operand times an element of the other
        { [1], [1, 30, 30, 3] },                // scalar a
        { [2, 1, 9, 17], [1, 6, 1, 17] },       // general walk over 3 merged dimensions
        { [4, 1, 3], [1, 5, 1] },               // general, inner broadcast both ways
    };

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void BroadcastUnitRangesGiveTheWholeBits(int[] sa, int[] sb)
    {
        var rng = new Random(sa.Sum() * 31 + sb.Sum());
        var plan = BroadcastPlan.Create(sa, sb);
        var a = RandomData(rng, plan.CountA);
        var b = RandomData(rng, plan.CountB);
        int units = BroadcastDriver.Units(plan), unitLength = BroadcastDriver.UnitLength(plan), alignment = BroadcastDriver.UnitAlignment(plan);
        Assert.Equal(plan.OutputLength, units * unitLength);
        foreach (var (lo, hi) in new[] { (float.NegativeInfinity, float.PositiveInfinity), (0f, 1.5f) })
        {
            var want = new float[plan.OutputLength];
            Opt.BinaryElementwise.Add(plan, a, b, want, lo, hi);
            var wantMax = new float[plan.OutputLength];
            Opt.BinaryElementwise.Maximum(plan, a, b, wantMax);
            for (int rep = 0; rep < 6; rep++)
            {
                var splits = RandomSplits(rng, units, 1 + rep, alignment);
                AssertSameBits(want, RunPieces(plan.OutputLength, splits, unitLength,
                    (s, e, y) => Opt.BinaryElementwise.Add(plan, a, b, y, lo, hi, s, e)), $"ADD {plan.Kind} split {string.Join(",", splits)}");
                AssertSameBits(wantMax, RunPieces(plan.OutputLength, splits, unitLength,
                    (s, e, y) => Opt.BinaryElementwise.Maximum(plan, a, b, y, s, e)), $"MAXIMUM {plan.Kind} split {string.Join(",", splits)}");
            }
        }
    }

    [Fact]
    public void BroadcastUnitRangeOutsideThePlanThrows()
    {
        var plan = BroadcastPlan.Create([4, 8], [4, 8]);
        var a = new float[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.BinaryElementwise.Add(plan, a, a, new float[32], 0, 1, 0, 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => Opt.BinaryElementwise.Add(plan, a, a, new float[32], 0, 1, 5, 4));
    }

    [Theory]
    [InlineData(1, 5, 7, 8, 20, 28, false, true)]
    [InlineData(2, 6, 4, 3, 13, 9, true, false)]
    [InlineData(1, 16, 16, 17, 32, 32, false, false)]
    [InlineData(3, 3, 2, 1, 7, 5, false, true)]
    public void ResizeRowRangesGiveTheWholeBits(int n, int h, int w, int c, int oh, int ow, bool alignCorners, bool halfPixel)
    {
        var rng = new Random(n * 1000 + h * 100 + oh);
        int[] shape = [n, h, w, c];
        var input = RandomData(rng, n * h * w * c);
        int length = n * oh * ow * c;
        var want = new float[length];
        Opt.ResizeBilinear.Run(shape, input, oh, ow, alignCorners, halfPixel, want);
        for (int rep = 0; rep < 6; rep++)
        {
            var splits = RandomSplits(rng, n * oh, 1 + rep, 1);
            AssertSameBits(want, RunPieces(length, splits, ow * c,
                (s, e, y) => Opt.ResizeBilinear.RunRows(shape, input, oh, ow, alignCorners, halfPixel, y, s, e)), $"resize split {string.Join(",", splits)}");
        }
    }

    public static TheoryData<int, int, int, int, int, int, int> TransposeGeometries() => new()
    {
        // batches, in H/W, in C, filter H/W, stride, out C, pad
        { 1, 8, 5, 2, 2, 3, 0 },   // 2x2 stride 2 upsampling: no overlap between input rows
        { 2, 6, 4, 3, 2, 2, 1 },   // filter taller than the stride: input rows share output rows
        { 1, 7, 3, 4, 1, 1, 2 },   // stride 1, heavy overlap
        { 2, 5, 9, 1, 3, 5, 0 },   // stride above the filter: gaps of bias-only rows
    };

    [SkippableTheory]
    [MemberData(nameof(TransposeGeometries))]
    public void TransposeConvRowRangesGiveTheWholeBits(int n, int hw, int ic, int k, int s, int oc, int pad)
    {
        var rng = new Random(n * 7 + hw * 11 + k * 13 + s);
        int outSize = (hw - 1) * s + k - 2 * pad;
        foreach (bool biasFirst in new[] { false, true })
        {
            var p = new TransposeConvParams
            {
                Batches = n, InputHeight = hw, InputWidth = hw + 1, InputChannels = ic, FilterHeight = k, FilterWidth = k,
                OutputHeight = outSize, OutputWidth = outSize + s, OutputChannels = oc, StrideHeight = s, StrideWidth = s,
                PadTop = pad, PadLeft = pad, BiasFirst = biasFirst, ActivationMin = biasFirst ? float.NegativeInfinity : -0.5f,
            };
            var uk = Opt.TransposeConv.SelectMicrokernel(p);
            Skip.If(uk is null, "no vector hardware on this machine (Vector128 not accelerated): no f32 GEMM microkernel, so SelectMicrokernel returns null and TRANSPOSE_CONV runs the unsplit reference");
            var input = RandomData(rng, p.InputLength);
            var filter = RandomData(rng, p.FilterLength);
            var bias = RandomData(rng, oc);
            var packed = new float[Opt.TransposeConv.PackedWeightsLength(p, uk!)];
            Opt.TransposeConv.PackWeights(p, uk!, filter, packed);
            var want = new float[p.OutputLength];
            Opt.TransposeConv.RunPacked(p, uk!, input, packed, bias, want, new float[Opt.TransposeConv.ScratchLength(p)]);
            int rows = n * p.OutputHeight, rowLength = p.OutputWidth * oc;
            for (int rep = 0; rep < 6; rep++)
            {
                var splits = RandomSplits(rng, rows, 1 + rep, 1);
                AssertSameBits(want, RunPieces((int)p.OutputLength, splits, rowLength,
                    (r0, r1, y) => Opt.TransposeConv.RunPackedRows(p, uk!, input, packed, bias, y, new float[Opt.TransposeConv.ScratchLength(p)], r0, r1)),
                    $"transpose conv {p} split {string.Join(",", splits)}");
            }
            // The split points the runtime uses cover the output in order.
            for (int tasks = 1; tasks <= 5; tasks++)
            {
                Assert.Equal(0, Opt.TransposeConv.SplitRow(p, 0, tasks));
                Assert.Equal(rows, Opt.TransposeConv.SplitRow(p, tasks, tasks));
                for (int t = 0; t < tasks; t++) Assert.True(Opt.TransposeConv.SplitRow(p, t, tasks) <= Opt.TransposeConv.SplitRow(p, t + 1, tasks));
            }
        }
    }
}
