using Xunit;
using ManagedLite.Kernels.Reference;
using Opt = ManagedLite.Kernels.Optimized;

namespace ManagedLite.Kernels.Tests.Shape;

/// <summary>
/// The optimized TRANSPOSE's blocked 2-D path (8x8 register transposes of 4-byte elements with overlapping ragged
/// blocks, scalar tiles otherwise) and its run copies: bit-identical with the reference for every permutation of rank
/// 2 to 4, on dimensions at and around the block and tile widths, and on the YOLOv8n shapes.
/// </summary>
public class TransposeBlockedTests
{
    private static readonly int[] Sizes = [1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    private static IEnumerable<int[]> Permutations(int rank)
    {
        if (rank == 1) { yield return [0]; yield break; }
        foreach (var p in Permutations(rank - 1))
            for (int at = 0; at < rank; at++)
            {
                var q = new List<int>(p);
                q.Insert(at, rank - 1);
                yield return q.ToArray();
            }
    }

    private static void Check<T>(int[] shape, int[] perm, Func<int, T> value) where T : unmanaged, IEquatable<T>
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var input = new T[n];
        for (int i = 0; i < n; i++) input[i] = value(i);
        var want = new T[n];
        var got = new T[n];
        Transpose.Run<T>(shape, perm, input, want);
        Opt.Transpose.Run<T>(shape, perm, input, got);
        if (!want.AsSpan().SequenceEqual(got))
            Assert.Fail($"{typeof(T).Name} [{string.Join(",", shape)}] perm [{string.Join(",", perm)}]");
    }

    /// <summary>NaN bit patterns of every kind among the floats: the 4-byte path must move them unchanged.</summary>
    private static uint Bits(int i) => (uint)i * 2654435761u ^ (i % 5 == 0 ? 0x7FC00001u : i % 7 == 0 ? 0xFF800123u : 0u);

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void EveryPermutationMatchesReference(int rank)
    {
        var rng = new Random(4000 + rank);
        int shapesPerPerm = rank == 2 ? 60 : rank == 3 ? 25 : 8;
        foreach (var perm in Permutations(rank))
            for (int t = 0; t < shapesPerPerm; t++)
            {
                var shape = new int[rank];
                long n;
                do
                {
                    for (int d = 0; d < rank; d++) shape[d] = Sizes[rng.Next(Sizes.Length)];
                    n = shape.Aggregate(1L, (a, b) => a * b);
                } while (n > 300_000);
                Check<uint>(shape, perm, Bits);
                if (t % 4 == 0)
                {
                    Check<byte>(shape, perm, i => (byte)(i * 31 + 7));
                    Check<ushort>(shape, perm, i => (ushort)(i * 131 + 3));
                    Check<ulong>(shape, perm, i => (ulong)i * 0x9E3779B97F4A7C15ul);
                }
            }
    }

    /// <summary>Every 2-D size pair of <see cref="Sizes"/> (both block edges ragged or not), plain and batched [B, R, C] -> [B, C, R].</summary>
    [Fact]
    public void AllSizePairs2D()
    {
        foreach (int r in Sizes)
            foreach (int c in Sizes)
            {
                Check<uint>([r, c], [1, 0], Bits);
                Check<float>([3, r, c], [0, 2, 1], i => BitConverter.UInt32BitsToSingle(Bits(i)));
                Check<uint>([r, 2, c], [2, 1, 0], Bits);
            }
    }

    /// <summary>The YOLOv8n float model's transposes: NHWC head outputs to NCHW, the DFL [1, 4, 16, N] -> [1, 4, N, 16], and [1, 64, 8400] -> [1, 8400, 64].</summary>
    [Theory]
    [InlineData(new[] { 1, 40, 40, 144 }, new[] { 0, 3, 1, 2 })]
    [InlineData(new[] { 1, 20, 20, 144 }, new[] { 0, 3, 1, 2 })]
    [InlineData(new[] { 1, 10, 10, 144 }, new[] { 0, 3, 1, 2 })]
    [InlineData(new[] { 1, 4, 16, 2100 }, new[] { 0, 1, 3, 2 })]
    [InlineData(new[] { 1, 4, 16, 8400 }, new[] { 0, 2, 1, 3 })]
    [InlineData(new[] { 1, 64, 8400 }, new[] { 0, 2, 1 })]
    public void YoloShapesMatchReference(int[] shape, int[] perm)
    {
        Check<uint>(shape, perm, Bits);
        Check<byte>(shape, perm, i => (byte)(i * 13 + 1));
    }
}
