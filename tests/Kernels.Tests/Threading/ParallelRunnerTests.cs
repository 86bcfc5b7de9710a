using ManagedLite.Kernels.Threading;
using Xunit;

namespace ManagedLite.Kernels.Tests.Threading;

public class ParallelRunnerTests
{
    private sealed class Marks : IParallelWork
    {
        public int[] Hits = new int[0];
        public int ThrowAt = -1;
        public void Execute(int i)
        {
            if (i == ThrowAt) throw new InvalidOperationException("task " + i);
            Interlocked.Increment(ref Hits[i]);
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 100)]
    public void EveryTaskRunsExactlyOnce(int threads, int count)
    {
        using var runner = new ParallelRunner(threads);
        var w = new Marks { Hits = new int[count] };
        for (int round = 0; round < 20; round++) runner.For(count, w);
        Assert.All(w.Hits, h => Assert.Equal(20, h));
    }

    [Fact]
    public void FailureIsRethrownOnCaller()
    {
        using var runner = new ParallelRunner(3);
        var w = new Marks { Hits = new int[10], ThrowAt = 7 };
        var ex = Assert.Throws<InvalidOperationException>(() => runner.For(10, w));
        Assert.Equal("task 7", ex.Message);
        w.ThrowAt = -1;
        runner.For(10, w); // still usable
    }

    [Fact]
    public void DispatchAllocatesNothing()
    {
        using var runner = new ParallelRunner(2);
        var w = new Marks { Hits = new int[64] };
        runner.For(64, w);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) runner.For(64, w);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
