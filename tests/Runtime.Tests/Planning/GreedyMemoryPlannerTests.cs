using ManagedLite.Planning;
using Xunit;

namespace ManagedLite.Runtime.Tests.Planning;

public class GreedyMemoryPlannerTests
{
    private static void AssertNoOverlap(IReadOnlyList<BufferRequest> reqs, long[] offsets, long total, int alignment)
    {
        for (int i = 0; i < reqs.Count; i++)
        {
            Assert.True(offsets[i] >= 0);
            Assert.Equal(0, offsets[i] % alignment);
            Assert.True(offsets[i] + reqs[i].Size <= total, $"buffer {i} ends past the arena");
            for (int j = i + 1; j < reqs.Count; j++)
            {
                bool timeOverlap = reqs[i].FirstUse <= reqs[j].LastUse && reqs[j].FirstUse <= reqs[i].LastUse;
                bool spaceOverlap = offsets[i] < offsets[j] + reqs[j].Size && offsets[j] < offsets[i] + reqs[i].Size;
                Assert.False(timeOverlap && spaceOverlap && reqs[i].Size > 0 && reqs[j].Size > 0,
                    $"buffers {i} and {j} overlap in time and space");
            }
        }
    }

    [Fact]
    public void ChainReusesMemory()
    {
        // a -> b -> c -> d: each buffer lives for two steps, so two slots suffice.
        var reqs = new[]
        {
            new BufferRequest(1000, 0, 1), new BufferRequest(1000, 1, 2),
            new BufferRequest(1000, 2, 3), new BufferRequest(1000, 3, 4),
        };
        var offsets = new long[4];
        long total = new GreedyMemoryPlanner(64).Plan(reqs, offsets);
        AssertNoOverlap(reqs, offsets, total, 64);
        Assert.Equal(2048, total); // two slots of 1000 rounded up to 1024
    }

    [Fact]
    public void LargestFirstFillsGaps()
    {
        var reqs = new[]
        {
            new BufferRequest(64, 0, 0),    // small, early
            new BufferRequest(4096, 1, 2),  // large, later
            new BufferRequest(128, 2, 2),
        };
        var offsets = new long[3];
        long total = new GreedyMemoryPlanner(64).Plan(reqs, offsets);
        AssertNoOverlap(reqs, offsets, total, 64);
        Assert.Equal(0, offsets[1]);   // largest goes first, at 0
        Assert.Equal(0, offsets[0]);   // dead before the large one starts: shares its space
        Assert.Equal(4096, offsets[2]);
        Assert.Equal(4096 + 128, total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void RandomGraphsNeverOverlap(int seed)
    {
        var rng = new Random(seed);
        for (int round = 0; round < 50; round++)
        {
            int n = rng.Next(1, 60);
            var reqs = new BufferRequest[n];
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                int first = rng.Next(0, 30);
                reqs[i] = new BufferRequest(rng.Next(0, 5000), first, first + rng.Next(0, 8));
                sum += (reqs[i].Size + 63) / 64 * 64;
            }
            var offsets = new long[n];
            long total = new GreedyMemoryPlanner(64).Plan(reqs, offsets);
            AssertNoOverlap(reqs, offsets, total, 64);
            Assert.True(total <= sum, "the plan must never be bigger than giving every buffer its own space");
        }
    }
}
