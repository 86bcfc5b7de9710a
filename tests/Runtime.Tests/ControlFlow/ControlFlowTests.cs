using System.Diagnostics;
using ManagedLite.Schema;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Runtime.Tests.ControlFlow;

public class ControlFlowTests(ITestOutputHelper output)
{
    private static Interpreter Make(byte[] model, int threads = 1, bool reference = false) =>
        new(Model.FromBytes(model), new InterpreterOptions { Threads = threads, UseReferenceKernels = reference });

    private static void Feed(Interpreter interp, int i, int limit, float[] x)
    {
        interp.Inputs[0].CopyFrom<int>([i]);
        interp.Inputs[1].CopyFrom<int>([limit]);
        interp.Inputs[2].CopyFrom<float>(x);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WhileLoopsUntilTheConditionFails(bool reference)
    {
        using var interp = Make(ControlFlowModels.Doubling(), reference: reference);
        interp.AllocateTensors();
        Feed(interp, 0, 5, [1.5f, -2f]);
        interp.Invoke();
        Assert.Equal(5, interp.Outputs[0].GetData<int>()[0]);
        Assert.Equal(new[] { 48f, -64f }, interp.Outputs[2].ToArray<float>());
        Feed(interp, 3, 3, [1f, 1f]); // condition false at once: outputs are the inputs
        interp.Invoke();
        Assert.Equal(new[] { 1f, 1f }, interp.Outputs[2].ToArray<float>());
    }

    [Fact]
    public void NestedWhileRunsTheInnerLoopEachIteration()
    {
        using var interp = Make(ControlFlowModels.Nested());
        interp.AllocateTensors();
        Feed(interp, 0, 4, [0.25f, 10f]);
        interp.Invoke();
        Assert.Equal(4, interp.Outputs[0].GetData<int>()[0]);
        Assert.Equal(new[] { 12.25f, 22f }, interp.Outputs[2].ToArray<float>());
    }

    [Fact]
    public void WhileWhoseBodyChangesAShapeGivesDynamicOutputs()
    {
        using var interp = Make(ControlFlowModels.Growing());
        interp.AllocateTensors();
        foreach (int n in new[] { 3, 0, 5, 2 })
        {
            interp.Inputs[0].CopyFrom<float>([-1f, 2f]);
            interp.Inputs[1].CopyFrom<int>([n]);
            interp.Invoke();
            var o = interp.Outputs[0];
            Assert.Equal(new[] { 1 + n, 2 }, o.Shape.ToArray());
            var expected = new List<float> { 0f, 2f };
            for (int k = 0; k < n; k++) expected.AddRange([0.5f, 0f]);
            Assert.Equal(expected, o.ToArray<float>());
        }
    }

    [Fact]
    public void IfRunsTheBranchTheConditionPicks()
    {
        using var interp = Make(ControlFlowModels.Branch());
        interp.AllocateTensors();
        interp.Inputs[1].CopyFrom<float>([1, 2, 3, 4]);
        interp.Inputs[2].CopyFrom<float>([10, 20, 30, 40]);
        interp.Inputs[0].CopyFrom<bool>([true]);
        interp.Invoke();
        Assert.Equal(new[] { 11f, 22, 33, 44 }, interp.Outputs[0].ToArray<float>());
        interp.Inputs[0].CopyFrom<bool>([false]);
        interp.Invoke();
        Assert.Equal(new[] { -9f, -18, -27, -36 }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void CallOnceInitialisesResourceVariablesThatPersistAcrossInvokes()
    {
        using var interp = Make(ControlFlowModels.Accumulator());
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, 2f]);
        interp.Invoke();
        Assert.Equal(new[] { 11f, 22f }, interp.Outputs[0].ToArray<float>());
        interp.Invoke();
        Assert.Equal(new[] { 12f, 24f }, interp.Outputs[0].ToArray<float>());
        interp.ResetVariableTensors();
        interp.Invoke();
        Assert.Equal(new[] { 11f, 22f }, interp.Outputs[0].ToArray<float>());
        // A second interpreter of the same model has its own variables.
        using var other = Make(ControlFlowModels.Accumulator());
        other.AllocateTensors();
        other.Inputs[0].CopyFrom<float>([0f, 0f]);
        other.Invoke();
        Assert.Equal(new[] { 10f, 20f }, other.Outputs[0].ToArray<float>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CancelStopsANeverEndingWhileAndTheInterpreterRunsTheNextInput(int threads)
    {
        using var interp = Make(ControlFlowModels.Doubling(), threads);
        interp.AllocateTensors();
        Feed(interp, 0, -1, [1f, 1f]);
        Exception? error = null;
        var started = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            started.Set();
            try { interp.Invoke(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        started.Wait();
        Thread.Sleep(100);
        var sw = Stopwatch.StartNew();
        interp.Cancel();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "Invoke did not return after Cancel");
        output.WriteLine($"Cancel -> Invoke returned in {sw.Elapsed.TotalMilliseconds:F2} ms");
        Assert.IsType<OperationCanceledException>(error);
        Assert.Throws<TensorException>(() => interp.Outputs[2].GetData<float>()); // incomplete outputs are not readable
        Feed(interp, 0, 3, [1f, 2f]);
        interp.Invoke();
        Assert.Equal(new[] { 8f, 16f }, interp.Outputs[2].ToArray<float>());
    }

    [Fact]
    public void ACancellationTokenStopsInvoke()
    {
        using var interp = Make(ControlFlowModels.Doubling());
        interp.AllocateTensors();
        Feed(interp, 0, -1, [1f, 1f]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var e = Assert.ThrowsAny<OperationCanceledException>(() => interp.Invoke(cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Feed(interp, 0, 2, [1f, 1f]);
        interp.Invoke(CancellationToken.None);
        Assert.Equal(new[] { 4f, 4f }, interp.Outputs[2].ToArray<float>());
    }

    [Fact]
    public void TheComputeBudgetCountsLoopIterationsAsTheyRun()
    {
        var model = Model.FromBytes(ControlFlowModels.Doubling());
        // Each iteration runs the condition and the body subgraphs: a few nodes, each charged Ops.OpWork.NodeOverhead.
        using var interp = new Interpreter(model, new InterpreterOptions { MaxMacsPerInvoke = 40 * Ops.OpWork.NodeOverhead });
        interp.AllocateTensors();
        Feed(interp, 0, -1, [1f, 1f]); // never ends: stopped by the budget, not a hang
        var e = Assert.Throws<ResourceLimitException>(interp.Invoke);
        Assert.Contains("MaxMacsPerInvoke", e.Message);
        Feed(interp, 0, 4, [1f, 1f]); // a few iterations fit
        interp.Invoke();
        Assert.Equal(new[] { 16f, 16f }, interp.Outputs[2].ToArray<float>());
    }

    [Fact]
    public void ConcurrentInvokeOnOneInterpreterIsRefused()
    {
        using var interp = Make(ControlFlowModels.Doubling());
        interp.AllocateTensors();
        Feed(interp, 0, -1, [1f, 1f]);
        var running = new Thread(() => { try { interp.Invoke(); } catch (OperationCanceledException) { } });
        running.Start();
        Thread.Sleep(50);
        var e = Assert.Throws<InvalidOperationException>(interp.Invoke);
        Assert.Contains("single-threaded", e.Message);
        Assert.Throws<InvalidOperationException>(interp.AllocateTensors);
        interp.Cancel();
        Assert.True(running.Join(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void DisposeDuringInvokeReturnsInEveryRound(int threads)
    {
        var model = Model.FromBytes(ControlFlowModels.Doubling());
        long worst = 0;
        for (int round = 0; round < 20; round++)
        {
            var interp = new Interpreter(model, new InterpreterOptions { Threads = threads });
            interp.AllocateTensors();
            Feed(interp, 0, -1, [1f, 1f]);
            Exception? error = null;
            var thread = new Thread(() => { try { interp.Invoke(); } catch (Exception e) { error = e; } });
            thread.Start();
            Thread.Sleep(round % 5);
            var sw = Stopwatch.StartNew();
            interp.Dispose();
            Assert.True(thread.Join(TimeSpan.FromSeconds(10)), $"round {round}: Invoke did not return after Dispose");
            worst = Math.Max(worst, sw.ElapsedTicks);
            Assert.True(error is ObjectDisposedException or null, $"round {round}: {error}");
            Assert.Throws<ObjectDisposedException>(interp.Invoke);
        }
        output.WriteLine($"threads {threads}: slowest return after Dispose {worst * 1000.0 / Stopwatch.Frequency:F2} ms");
    }
}
