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

    private sealed class Tagged : IParallelWork
    {
        public int[] Hits = new int[0];
        public int Round;
        public void Execute(int i) => Interlocked.Add(ref Hits[i], Round);
    }

    /// <summary>
    /// Back-to-back calls with different counts and works, with idle gaps long enough for the workers to block: a worker
    /// that wakes late must never run a task of a call that is over (each task adds its call's round number once).
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void LateWorkersNeverRunTasksOfAFinishedCall(int threads)
    {
        using var runner = new ParallelRunner(threads);
        var works = new[] { new Tagged { Hits = new int[3] }, new Tagged { Hits = new int[7] }, new Tagged { Hits = new int[2] } };
        var expected = new int[works.Length][];
        for (int w = 0; w < works.Length; w++) expected[w] = new int[works[w].Hits.Length];
        for (int round = 1; round <= 600; round++)
        {
            var w = round % works.Length;
            works[w].Round = round;
            runner.For(works[w].Hits.Length, works[w]);
            for (int i = 0; i < expected[w].Length; i++) expected[w][i] += round;
            if (round % 100 == 0) Thread.Sleep(2); // past the spin window: workers block and are woken again
        }
        for (int w = 0; w < works.Length; w++) Assert.Equal(expected[w], works[w].Hits);
    }

    private sealed class Nested : IParallelWork
    {
        public ParallelRunner? Runner;
        public Marks Inner = new() { Hits = new int[4] };
        public void Execute(int i) => Runner!.For(4, Inner);
    }

    [Fact]
    public void NestedCallRunsInline()
    {
        using var runner = new ParallelRunner(2);
        var w = new Nested { Runner = runner };
        runner.For(3, w);
        Assert.All(w.Inner.Hits, h => Assert.Equal(3, h));
    }

    [Fact]
    public void FailureOnAWorkerIsRethrownAfterEveryTaskFinished()
    {
        using var runner = new ParallelRunner(2);
        var w = new Marks { Hits = new int[200], ThrowAt = 150 };
        Assert.Throws<InvalidOperationException>(() => runner.For(200, w));
        for (int i = 0; i < 200; i++) Assert.Equal(i == 150 ? 0 : 1, w.Hits[i]);
    }

    [Fact]
    public void TooManyTasksAreRefused()
    {
        using var runner = new ParallelRunner(2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => runner.For(ParallelRunner.MaxTasks + 1, new Marks()));
        Assert.Contains("at most", ex.Message);
    }

    [Fact]
    public async Task DisposeReturnsWhileWorkersAreBlocked()
    {
        var runner = new ParallelRunner(3);
        runner.For(8, new Marks { Hits = new int[8] });
        await Task.Delay(5); // workers past their spin window, blocked
        var disposed = Task.Run(runner.Dispose);
        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(10))));
    }
}
