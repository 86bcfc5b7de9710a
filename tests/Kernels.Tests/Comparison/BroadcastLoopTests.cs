using ManagedLite.Kernels.Elementwise;
using Xunit;

namespace ManagedLite.Kernels.Tests.Comparison;

/// <summary>
/// The generic broadcast walks against a naive NumPy index walk on random shapes (ranks 0 to 6, size-1 and size-0
/// dimensions, rows shorter and longer than any vector width), for two and three operands.
/// </summary>
public class BroadcastLoopTests
{
    private readonly struct Pair : IElementBinary<int, int, long>
    {
        public long Invoke(int a, int b) => (long)a * 1000 + b;
    }

    private static int[] RandomShape(Random rng, int rank)
    {
        var s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = rng.Next(8) == 0 ? 1 : rng.Next(1, 5);
        return s;
    }

    /// <summary>Makes <paramref name="full"/> broadcast-compatible: some dimensions become 1, some leading ones dropped.</summary>
    private static int[] Broadcastable(Random rng, int[] full)
    {
        int drop = rng.Next(full.Length + 1);
        return full.Skip(drop).Select(d => rng.Next(3) == 0 ? 1 : d).ToArray();
    }

    private static long Count(int[] s) => s.Aggregate(1L, (x, y) => x * y);

    // Right-aligned offset with size-1 dimensions pinned to 0 (TFLite's BroadcastBinaryOpSimple semantics).
    private static int Offset(int[] shape, int[] index)
    {
        int lead = index.Length - shape.Length, off = 0;
        for (int d = 0; d < shape.Length; d++) off = off * shape[d] + (shape[d] == 1 ? 0 : index[lead + d]);
        return off;
    }

    private static IEnumerable<int[]> Indices(int[] shape)
    {
        long n = Count(shape);
        var idx = new int[shape.Length];
        for (long f = 0; f < n; f++)
        {
            long rem = f;
            for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = (int)(rem % shape[d]); rem /= shape[d]; }
            yield return idx;
        }
    }

    [Fact]
    public void BinaryMatchesTheNaiveWalk()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 400; trial++)
        {
            int[] full = RandomShape(rng, rng.Next(0, 7));
            if (trial % 50 == 7 && full.Length > 0) full[rng.Next(full.Length)] = 0;
            int[] sa = rng.Next(2) == 0 ? full : Broadcastable(rng, full);
            int[] sb = rng.Next(2) == 0 ? full : Broadcastable(rng, full);
            var outShape = BroadcastPlan.TryGetOutputShape(sa, sb)!;
            var a = Enumerable.Range(0, (int)Count(sa)).Select(i => i + 1).ToArray();
            var b = Enumerable.Range(0, (int)Count(sb)).Select(i => -i - 1).ToArray();
            var plan = BroadcastPlan.Create(sa, sb);
            var got = new long[Count(outShape)];
            BroadcastLoop.Binary(default(Pair), plan, a, b, got);
            int k = 0;
            foreach (var idx in Indices(outShape))
            {
                long want = (long)a[Offset(sa, idx)] * 1000 + b[Offset(sb, idx)];
                Assert.True(want == got[k], $"[{string.Join(",", sa)}] x [{string.Join(",", sb)}] element {k}: {got[k]} != {want}");
                k++;
            }
        }
    }

    [Fact]
    public void TernarySelectMatchesTheNaiveWalk()
    {
        var rng = new Random(12);
        for (int trial = 0; trial < 400; trial++)
        {
            int[] full = RandomShape(rng, rng.Next(0, 7));
            if (trial % 50 == 9 && full.Length > 0) full[rng.Next(full.Length)] = 0;
            int[] sc = Broadcastable(rng, full), sx = rng.Next(2) == 0 ? full : Broadcastable(rng, full), sy = Broadcastable(rng, full);
            var outShape = TernaryBroadcastPlan.TryGetOutputShape(sc, sx, sy)!;
            var cond = Enumerable.Range(0, (int)Count(sc)).Select(_ => (byte)rng.Next(2)).ToArray();
            var x = Enumerable.Range(0, (int)Count(sx)).Select(i => i + 1).ToArray();
            var y = Enumerable.Range(0, (int)Count(sy)).Select(i => -i - 1).ToArray();
            var plan = TernaryBroadcastPlan.Create(sc, sx, sy);
            Assert.Equal(outShape, plan.OutputShape);
            var got = new int[Count(outShape)];
            Kernels.Reference.Select.Broadcast(plan, cond, x, y, got);
            int k = 0;
            foreach (var idx in Indices(outShape))
            {
                int want = cond[Offset(sc, idx)] != 0 ? x[Offset(sx, idx)] : y[Offset(sy, idx)];
                Assert.True(want == got[k], $"[{string.Join(",", sc)}], [{string.Join(",", sx)}], [{string.Join(",", sy)}] element {k}: {got[k]} != {want}");
                k++;
            }
        }
    }

    [Fact]
    public void IncompatibleShapesAndWrongLengthsAreRejected()
    {
        Assert.Null(TernaryBroadcastPlan.TryGetOutputShape([2, 3], [3], [2, 2]));
        Assert.Throws<ArgumentException>(() => TernaryBroadcastPlan.Create([4], [3], [1]));
        var plan = BroadcastPlan.Create([2, 3], [3]);
        Assert.Throws<ArgumentException>(() => BroadcastLoop.Binary(default(Pair), plan, new int[6], new int[2], new long[6]));
        var p3 = TernaryBroadcastPlan.Create([2, 1], [3], [2, 3]);
        Assert.Throws<ArgumentException>(() => Kernels.Reference.Select.Broadcast(p3, new byte[2], new int[3], new int[6], new int[5]));
    }
}
