using ManagedLite.Kernels.Optimized.Gemm;
using Xunit;
using static ManagedLite.Kernels.Tests.Convolution.ConvTestUtil;

namespace ManagedLite.Kernels.Tests.Convolution;

public class GemmTests
{
    public static TheoryData<string> KernelIds()
    {
        var d = new TheoryData<string>();
        foreach (var k in F32GemmMicrokernels.All) d.Add(k.Id);
        return d;
    }

    [Fact]
    public void TableHasUniqueIdsAndNamesFollowingConvention()
    {
        var all = F32GemmMicrokernels.All;
        Assert.Equal(all.Count, all.Select(k => k.Id).Distinct().Count());
        foreach (var k in all)
        {
            Assert.StartsWith($"F32Gemm{k.MR}x{k.NR}", k.Name);
            Assert.StartsWith($"f32-gemm-{k.MR}x{k.NR}", k.Id);
            Assert.Same(k, F32GemmMicrokernels.Find(k.Id));
        }
    }

    [Theory]
    [MemberData(nameof(KernelIds))]
    public void MatchesNaiveProductAtTileEdges(string id)
    {
        var uk = F32GemmMicrokernels.Find(id)!;
        if (!uk.IsSupported) return; // not runnable on this machine; the conv tests cover the ones that are
        var rng = new Random(1234);
        int[] ms = [1, uk.MR - 1, uk.MR, uk.MR + 1, 2 * uk.MR + 3];
        int[] ns = [1, uk.NR - 1, uk.NR, uk.NR + 1, 2 * uk.NR + 5];
        int[] ks = [0, 1, 7, 33];
        foreach (int m in ms.Where(x => x > 0))
        foreach (int n in ns.Where(x => x > 0))
        foreach (int k in ks)
        {
            int aStride = k + 3, cStride = n + 2;
            var a = Random(rng, Math.Max(1, (m - 1) * aStride + k));
            var b = Random(rng, n * k);
            var bias = Random(rng, n);
            var packed = new float[F32Gemm.PackedLength(n, k, uk.NR)];
            F32Gemm.Pack(b, n, k, bias, uk.NR, packed);
            var c = new float[(m - 1) * cStride + n];
            const float sentinel = 12345f;
            Array.Fill(c, sentinel);
            F32Gemm.Run(uk, m, n, k, a, aStride, packed, c, cStride, -0.5f, 0.75f);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < cStride && i * cStride + j < c.Length; j++)
            {
                float got = c[i * cStride + j];
                if (j >= n) { Assert.Equal(sentinel, got); continue; }
                float s = bias[j], abs = MathF.Abs(bias[j]);
                for (int kk = 0; kk < k; kk++) { s += a[i * aStride + kk] * b[j * k + kk]; abs += MathF.Abs(a[i * aStride + kk] * b[j * k + kk]); }
                float want = Math.Min(Math.Max(s, -0.5f), 0.75f);
                Assert.True(MathF.Abs(want - got) <= RelTol * (1 + abs), $"{id} m={m} n={n} k={k} [{i},{j}]: {want} vs {got}");
            }
        }
    }

    [Fact]
    public void SelectReturnsSupportedKernel()
    {
        foreach (int n in new[] { 1, 8, 16, 24, 32, 48, 64 })
        {
            var k = F32GemmMicrokernels.Select(n);
            if (k is not null) Assert.True(k.IsSupported);
        }
    }

    /// <summary>
    /// Panel-outer order (packed weights larger than A) and row-block-outer order compute every tile the same way: forced
    /// either way, the outputs are identical, with partial row blocks and a partial last panel.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelIds))]
    public void LoopOrdersGiveIdenticalResults(string id)
    {
        var uk = F32GemmMicrokernels.Find(id)!;
        if (!uk.IsSupported) return; // not runnable on this machine
        var rng = new Random(4321);
        foreach (var (m, n, k) in new[] { (3 * uk.MR + 1, 5 * uk.NR + 3, 40), (uk.MR + 2, 3 * uk.NR, 300), (2 * uk.MR, uk.NR + 1, 9) })
        {
            var a = Random(rng, m * k);
            var packed = new float[F32Gemm.PackedLength(n, k, uk.NR)];
            F32Gemm.Pack(Random(rng, n * k), n, k, Random(rng, n), uk.NR, packed);
            var rowOuter = new float[m * n];
            var panelOuter = new float[m * n];
            long saved = F32Gemm.PanelOuterMinFloats;
            try
            {
                F32Gemm.PanelOuterMinFloats = long.MaxValue;
                F32Gemm.Run(uk, m, n, k, a, k, packed, rowOuter, n, float.NegativeInfinity, float.PositiveInfinity);
                F32Gemm.PanelOuterMinFloats = 0;
                F32Gemm.Run(uk, m, n, k, a, k, packed, panelOuter, n, float.NegativeInfinity, float.PositiveInfinity);
            }
            finally { F32Gemm.PanelOuterMinFloats = saved; }
            AssertExact(rowOuter, panelOuter, $"{id} m={m} n={n} k={k}");
        }
    }
}
