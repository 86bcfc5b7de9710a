using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Hybrid;
using Ref = ManagedLite.Kernels.Reference.Hybrid;

namespace ManagedLite.Kernels.Tests.Hybrid;

/// <summary>
/// Blockwise int4 FULLY_CONNECTED: the optimized kernel against the reference bit for bit, on random shapes whose
/// depths and block sizes sit around the 16- and 32-lane vector widths (odd blocks, one block a row, a block a value),
/// with and without bias and clamping, including all-zero input rows; the packed-int4 path likewise on blocks of
/// multiples of 32; and the argument checks.
/// </summary>
public class BlockwiseInt4FullyConnectedTests
{
    /// <summary>Two int4 values a byte, the even index in the low nibble (TFLite's packing).</summary>
    private static byte[] Pack(sbyte[] values)
    {
        var packed = new byte[(values.Length + 1) / 2];
        for (int i = 0; i < values.Length; i++)
            packed[i / 2] |= (byte)((values[i] & 0xF) << (i % 2 * 4));
        return packed;
    }

    private (float[] Ref, float[] Opt) RunBoth(Random rng, int batches, int depth, int units, int block, bool bias, bool clamp)
    {
        var input = new float[batches * depth];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(rng.NextDouble() * 6 - 3);
        if (batches > 1) Array.Clear(input, depth, depth); // row 1 all zero
        var weights = new sbyte[units * depth];
        for (int i = 0; i < weights.Length; i++) weights[i] = (sbyte)rng.Next(-8, 8);
        var scales = new float[units * (depth / block)];
        for (int i = 0; i < scales.Length; i++) scales[i] = (float)(Half)(0.001 + rng.NextDouble() * 0.2);
        float[] b = bias ? Enumerable.Range(0, units).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray() : [];
        var p = new FullyConnectedParams
        {
            Batches = batches, InputDepth = depth, OutputDepth = units,
            ActivationMin = clamp ? -0.5f : float.NegativeInfinity, ActivationMax = clamp ? 2f : float.PositiveInfinity,
        };
        var expected = new float[batches * units];
        var got = new float[batches * units];
        var scratch = new sbyte[depth];
        Ref.BlockwiseInt4FullyConnected.Run(p, input, weights, block, scales, b, expected, scratch);
        var sums = new float[units];
        Opt.BlockwiseInt4FullyConnected.CorrectionSums(weights, units, depth, block, scales, sums);
        Opt.BlockwiseInt4FullyConnected.Run(p, input, weights, block, scales, sums, b, got, scratch);
        AssertBitIdentical(expected, got, $"unpacked, depth {depth} block {block} batches {batches} units {units}");
        if (Opt.BlockwiseInt4FullyConnected.CanRunPacked(block))
        {
            var packedSums = new float[units];
            var packed = Pack(weights);
            Opt.BlockwiseInt4FullyConnected.CorrectionSumsPacked(packed, units, depth, block, scales, packedSums);
            Assert.Equal(sums, packedSums);
            Array.Clear(got);
            Opt.BlockwiseInt4FullyConnected.RunPacked(p, input, packed, block, scales, packedSums, b, got, scratch);
            AssertBitIdentical(expected, got, $"packed, depth {depth} block {block} batches {batches} units {units}");
            PackedRuns++;
            // The threaded split: rows quantized first, then the units in two uneven ranges.
            var quantized = new sbyte[batches * depth];
            var split = new short[batches * depth];
            var rowScales = new float[batches];
            var zeroPoints = new int[batches];
            Opt.BlockwiseInt4FullyConnected.QuantizeRows(p, input, quantized, split, rowScales, zeroPoints);
            Array.Clear(got);
            int cut = units / 3;
            Opt.BlockwiseInt4FullyConnected.RunPackedRows(p, split, rowScales, zeroPoints, packed, block, scales, packedSums, b, got, cut, units);
            Opt.BlockwiseInt4FullyConnected.RunPackedRows(p, split, rowScales, zeroPoints, packed, block, scales, packedSums, b, got, 0, cut);
            AssertBitIdentical(expected, got, $"packed rows, depth {depth} block {block} batches {batches} units {units}");
        }
        return (expected, got);
    }

    private int PackedRuns;

    private static void AssertBitIdentical(float[] e, float[] g, string what)
    {
        for (int i = 0; i < e.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(g[i]), $"{what}: element {i} is {g[i]}, reference {e[i]}");
    }

    [Fact]
    public void OptimizedMatchesReferenceBitForBit()
    {
        var rng = new Random(4242);
        int[] depths = [32, 34, 48, 62, 64, 66, 96, 128, 130, 192, 256, 510, 1024];
        for (int iter = 0; iter < 200; iter++)
        {
            int depth = depths[rng.Next(depths.Length)];
            var divisors = Enumerable.Range(1, depth).Where(d => depth % d == 0).ToArray();
            int block = divisors[rng.Next(divisors.Length)];
            int batches = rng.Next(0, 4), units = rng.Next(1, 10);
            // Half the draws take a multiple of 32 where there is one, for the packed path.
            var of32 = divisors.Where(d => d % 32 == 0).ToArray();
            if (of32.Length > 0 && rng.Next(2) == 0) block = of32[rng.Next(of32.Length)];
            RunBoth(rng, batches, depth, units, block, rng.Next(2) == 0, rng.Next(3) == 0);
        }
        if (Opt.BlockwiseInt4FullyConnected.CanRunPacked(32)) Assert.True(PackedRuns > 50, $"only {PackedRuns} packed runs");
    }

    [Fact]
    public void LongBlocksStayExact()
    {
        var (e, g) = RunBoth(new Random(7), 2, 4096, 3, 4096, true, false);
        Assert.Equal(e, g);
        (e, g) = RunBoth(new Random(8), 1, 2 * Opt.BlockwiseInt4FullyConnected.MaxExactBlock + 64, 1, Opt.BlockwiseInt4FullyConnected.MaxExactBlock * 2 + 64, false, false);
        Assert.Equal(e, g);
    }

    [Fact]
    public void ChecksArguments()
    {
        var p = new FullyConnectedParams { Batches = 1, InputDepth = 32, OutputDepth = 2 };
        var x = new float[32];
        var w = new sbyte[64];
        var o = new float[2];
        var row = new sbyte[32];
        Assert.Throws<ArgumentException>(() => Ref.BlockwiseInt4FullyConnected.Run(p, x, w, 5, new float[12], [], o, row));
        Assert.Throws<ArgumentException>(() => Ref.BlockwiseInt4FullyConnected.Run(p, x, w, 16, new float[3], [], o, row));
        Assert.Throws<ArgumentException>(() => Ref.BlockwiseInt4FullyConnected.Run(p, x, w, 16, new float[4], [], o, new sbyte[8]));
        // Without AVX2 Run is the reference, which takes no correction sums: there is nothing to check there.
        if (ManagedLite.Kernels.Optimized.Quantized.Int8DotProduct.IsAccelerated)
            Assert.Throws<ArgumentException>(() => Opt.BlockwiseInt4FullyConnected.Run(p, x, w, 16, new float[4], new float[1], [], o, row));
        Assert.Throws<ArgumentException>(() => Opt.BlockwiseInt4FullyConnected.RunPacked(p, x, new byte[32], 16, new float[4], new float[2], [], o, row));
        if (Opt.BlockwiseInt4FullyConnected.CanRunPacked(32))
            Assert.Throws<ArgumentException>(() => Opt.BlockwiseInt4FullyConnected.RunPacked(p, x, new byte[31], 32, new float[2], new float[2], [], o, row));
    }
}
