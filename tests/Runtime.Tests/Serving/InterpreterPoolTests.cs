using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedLite.Runtime.Tests.ControlFlow;
using ManagedLite.Serving;
using Xunit;

namespace ManagedLite.Runtime.Tests.Serving;

/// <summary>
/// <see cref="InterpreterPool"/>: many concurrent requests on one model, bounded size, waiting or failing fast,
/// cancellation, leases returned reset, no allocation per request on the buffer overloads.
/// </summary>
public sealed class InterpreterPoolTests
{
    private static Dictionary<string, ReadOnlyMemory<byte>> Inputs(float[] x, float[] y) =>
        new() { ["x"] = ServingModels.Bytes(x), ["y"] = ServingModels.Bytes(y) };

    [Fact]
    public async Task ManyConcurrentRequestsGetTheirOwnResults()
    {
        var model = Model.FromBytes(ServingModels.Binary(multiply: false));
        using var pool = new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 3 });
        int maxInUse = 0;
        var tasks = Enumerable.Range(0, 24).Select(c => Task.Run(async () =>
        {
            for (int r = 0; r < 40; r++)
            {
                float[] x = [c, -c, r, 0.5f], y = [r, 1, -2 * r, c];
                var result = await pool.RunAsync(Inputs(x, y));
                int now = pool.InUse;
                int seen;
                while ((seen = Volatile.Read(ref maxInUse)) < now && Interlocked.CompareExchange(ref maxInUse, now, seen) != seen) { }
                var o = result["out"].AsSpan<float>();
                for (int i = 0; i < 4; i++) Assert.Equal(ServingModels.Expected(false, x[i], y[i]), o[i]);
                Assert.Equal(0, result.Generation);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.InRange(pool.InterpretersCreated, 1, 3); // bounded: never more than MaxSize interpreters
        Assert.InRange(maxInUse, 0, 3);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task ConcurrentLeasesNeverShareAnInterpreter()
    {
        using var pool = new InterpreterPool(Model.FromBytes(ServingModels.Binary(false)), new InterpreterPoolOptions { MaxSize = 4, Prewarm = 4 });
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<Interpreter, int>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            for (int r = 0; r < 50; r++)
            {
                using var lease = await pool.RentAsync();
                Assert.True(owners.TryAdd(lease.Interpreter, c), "an interpreter was leased twice at once");
                lease.Interpreter.Inputs[0].CopyFrom<float>([c, c, c, c]);
                lease.Interpreter.Inputs[1].CopyFrom<float>([r, r, r, r]);
                await Task.Yield();
                lease.Interpreter.Invoke();
                Assert.Equal(c + r, lease.Interpreter.Outputs[0].GetData<float>()[3]);
                Assert.True(owners.TryRemove(lease.Interpreter, out _));
            }
        })));
        Assert.Equal(4, pool.InterpretersCreated);
        Assert.Equal(4, pool.IdleCount);
    }

    [Fact]
    public async Task FailFastAndRentTimeout()
    {
        var model = Model.FromBytes(ServingModels.Binary(false));
        using (var pool = new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 1, WaitWhenExhausted = false }))
        {
            using var held = pool.Rent();
            var e = await Assert.ThrowsAsync<PoolExhaustedException>(async () => await pool.RentAsync());
            Assert.Contains("all 1 interpreter(s) of the pool are in use", e.Message);
            Assert.False(pool.TryRent(out var none));
            Assert.Throws<ObjectDisposedException>(() => none.Interpreter);
            Assert.Throws<PoolExhaustedException>(() => pool.Rent());
        }
        using (var pool = new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 1, RentTimeout = TimeSpan.FromMilliseconds(50) }))
        {
            var held = pool.Rent();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<PoolExhaustedException>(async () => await pool.RunAsync(Inputs([1, 2, 3, 4], [1, 1, 1, 1])));
            Assert.True(sw.ElapsedMilliseconds >= 40, $"waited {sw.ElapsedMilliseconds} ms");
            Assert.Contains("RentTimeout", e.Message);
            held.Dispose();
            held.Dispose(); // a second return is ignored
            Assert.Equal(0, pool.InUse);
            var ok = await pool.RunAsync(Inputs([1, 2, 3, 4], [1, 1, 1, 1]));
            Assert.Equal(new[] { 2f, 3f, 4f, 5f }, ok["out"].AsSpan<float>().ToArray());
        }
    }

    [Fact]
    public async Task WaitersAreServedInArrivalOrderWhenAnInterpreterReturns()
    {
        using var pool = new InterpreterPool(Model.FromBytes(ServingModels.Binary(false)), new InterpreterPoolOptions { MaxSize = 1 });
        var held = pool.Rent();
        var order = new List<int>();
        var waiters = new List<Task>();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            var rent = pool.RentAsync();
            Assert.False(rent.IsCompleted);
            waiters.Add(Task.Run(async () =>
            {
                using var lease = await rent;
                lock (order) order.Add(n);
            }));
        }
        held.Dispose();
        await Task.WhenAll(waiters);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Fact]
    public async Task CancellationStopsTheWaitAndTheInvoke()
    {
        // Waiting: a cancelled wait throws and leaves the pool usable.
        var add = Model.FromBytes(ServingModels.Binary(false));
        using (var pool = new InterpreterPool(add, new InterpreterPoolOptions { MaxSize = 1 }))
        {
            var held = pool.Rent();
            using var cts = new CancellationTokenSource(30);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.RunAsync(Inputs([1, 1, 1, 1], [1, 1, 1, 1]), cts.Token));
            held.Dispose();
            Assert.Equal(0, (await pool.RunAsync(Inputs([0, 0, 0, 0], [0, 0, 0, 0])))["out"].AsSpan<float>()[0]);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.RunAsync(Inputs([1, 1, 1, 1], [1, 1, 1, 1]), new CancellationToken(true)));
        }

        // Running: a never-ending WHILE (limit -1) stops at the token; the same interpreter serves the next request.
        var loop = Model.FromBytes(ControlFlowModels.Doubling());
        using (var pool = new InterpreterPool(loop, new InterpreterPoolOptions { MaxSize = 1 }))
        {
            var forever = new Dictionary<string, ReadOnlyMemory<byte>>
            {
                ["i"] = BitConverter.GetBytes(0), ["limit"] = BitConverter.GetBytes(-1), ["x"] = ServingModels.Bytes(1f, 1f),
            };
            using var cts = new CancellationTokenSource(100);
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.RunAsync(forever, cts.Token));
            Assert.Equal(cts.Token, e.CancellationToken);
            var three = new Dictionary<string, ReadOnlyMemory<byte>>
            {
                ["i"] = BitConverter.GetBytes(0), ["limit"] = BitConverter.GetBytes(3), ["x"] = ServingModels.Bytes(1f, 2f),
            };
            var r = await pool.RunAsync(three);
            Assert.Equal(new[] { 8f, 16f }, r["x_out"].AsSpan<float>().ToArray());
            Assert.Equal(1, pool.InterpretersCreated); // cancelled, not discarded
        }
    }

    [Fact]
    public async Task LeasesComeBackResetVariablesAndShapes()
    {
        // Resource variables (CALL_ONCE + ASSIGN_VARIABLE accumulator): each request starts from the initial state.
        using (var pool = new InterpreterPool(Model.FromBytes(ControlFlowModels.Accumulator()), new InterpreterPoolOptions { MaxSize = 1 }))
        {
            for (int i = 0; i < 3; i++)
            {
                var r = await pool.RunAsync(new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = ServingModels.Bytes(1f, 2f) });
                Assert.Equal(new[] { 11f, 22f }, r.Outputs[0].AsSpan<float>().ToArray());
            }
        }
        using (var pool = new InterpreterPool(Model.FromBytes(ControlFlowModels.Accumulator()), new InterpreterPoolOptions { MaxSize = 1, ResetStateOnReturn = false }))
        {
            await pool.RunAsync(new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = ServingModels.Bytes(1f, 2f) });
            var r = await pool.RunAsync(new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = ServingModels.Bytes(1f, 2f) });
            Assert.Equal(new[] { 12f, 24f }, r.Outputs[0].AsSpan<float>().ToArray()); // state kept when asked
        }
        // A lease that resized a dynamic input comes back with the model's shape.
        var chain = Model.FromBytes(ManagedLite.Robustness.TinyModels.FloatChain());
        using (var pool = new InterpreterPool(chain, new InterpreterPoolOptions { MaxSize = 1 }))
        {
            using (var lease = pool.Rent())
            {
                lease.Interpreter.ResizeInputTensor(0, [3, 8, 8, 3]);
                lease.Interpreter.AllocateTensors();
                Assert.Equal(3, lease.Interpreter.Inputs[0].Dim(0));
            }
            using var again = pool.Rent();
            Assert.Equal(new[] { 1, 8, 8, 3 }, again.Interpreter.Inputs[0].Shape.ToArray());
            Assert.True(again.Interpreter.Inputs[0].HasData);
        }
    }

    [Fact]
    public async Task BadInputsAreReportedAndTheInterpreterKeepsServing()
    {
        using var pool = new InterpreterPool(Model.FromBytes(ServingModels.Binary(false)), new InterpreterPoolOptions { MaxSize = 1 });
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(async () =>
            await pool.RunAsync(new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = ServingModels.Bytes(1, 2, 3, 4), ["z"] = ServingModels.Bytes(1, 2, 3, 4) }));
        Assert.Contains("missing 'y'", missing.Message);
        Assert.Contains("unknown 'z'", missing.Message);
        var size = await Assert.ThrowsAsync<TensorException>(async () => await pool.RunAsync(Inputs([1, 2, 3], [1, 2, 3, 4])));
        Assert.Contains("expected 16 bytes (4 x float32, shape [1,4]), got 12", size.Message);
        var type = await Assert.ThrowsAsync<TensorException>(async () =>
            await pool.RunAsync(new Dictionary<string, Array> { ["x"] = new int[4], ["y"] = new float[4] }));
        Assert.Contains("is float32, got an array of Int32", type.Message);
        var buffer = await Assert.ThrowsAsync<TensorException>(async () =>
            await pool.RunAsync(Inputs([1, 2, 3, 4], [1, 2, 3, 4]), new Dictionary<string, Memory<byte>> { ["out"] = new byte[8] }));
        Assert.Contains("the output buffer holds 8 bytes; the output has 16", buffer.Message);
        var typed = await pool.RunAsync(new Dictionary<string, Array> { ["x"] = new float[] { 1, -5, 3, 4 }, ["y"] = new float[] { 1, 1, 1, 1 } });
        Assert.Equal(new[] { 2f, 0f, 4f, 5f }, typed.Outputs[0].ToFloatArray());
        Assert.Equal(new[] { 1, 4 }, typed["out"].Shape);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.InterpretersCreated);
    }

    [Fact]
    public void BufferOverloadsAllocateNothingPerRequest()
    {
        using var pool = new InterpreterPool(Model.FromBytes(ServingModels.Binary(false)), new InterpreterPoolOptions { MaxSize = 2 });
        var named = Inputs([1, 2, 3, 4], [4, 3, 2, 1]);
        var output = new byte[16];
        var namedOut = new Dictionary<string, Memory<byte>> { ["out"] = output };
        ReadOnlyMemory<byte>[] positional = [named["x"], named["y"]];
        Memory<byte>[] positionalOut = [output];
        var typed = new Dictionary<string, Array> { ["x"] = new float[] { 1, 2, 3, 4 }, ["y"] = new float[] { 4, 3, 2, 1 } };

        for (int i = 0; i < 50; i++) // warm up: JIT, tiered compilation, lazy structures
        {
            Run(pool.RunAsync(named, namedOut));
            Run(pool.RunAsync(positional, positionalOut));
            using var lease = Sync(pool.RentAsync());
        }
        // Tiered compilation may allocate on this thread while it swaps code in: the least of several rounds counts.
        long allocated = long.MaxValue;
        for (int round = 0; round < 8 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                Run(pool.RunAsync(named, namedOut));
                Run(pool.RunAsync(positional, positionalOut));
                using var lease = Sync(pool.RentAsync());
            }
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            if (allocated != 0) Thread.Sleep(50);
        }
        Assert.Equal(0, allocated); // 600 requests, not one byte
        Assert.Equal(new[] { 5f, 5f, 5f, 5f }, MemoryMarshal.Cast<byte, float>(output).ToArray());

        // The overload that returns outputs allocates them (a result, one TensorOutput, its shape and data) and no more.
        for (int i = 0; i < 5; i++) _ = Sync(pool.RunAsync(typed));
        long typedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) _ = Sync(pool.RunAsync(typed));
        long perRequest = (GC.GetAllocatedBytesForCurrentThread() - typedBefore) / 100;
        Assert.InRange(perRequest, 1, 256);

        static void Run(ValueTask<long> t)
        {
            if (Sync(t) != 0) throw new Xunit.Sdk.XunitException("served by a generation other than 0");
        }
    }

    /// <summary>The result of a call that completed synchronously (no contention: nothing awaited, nothing boxed).</summary>
    private static T Sync<T>(ValueTask<T> t)
    {
        if (!t.IsCompletedSuccessfully) throw new Xunit.Sdk.XunitException("the call did not complete synchronously");
        return t.Result;
    }

    [Fact]
    public async Task DisposeWakesWaitersAndLaterLeasesAreDisposedOnReturn()
    {
        var pool = new InterpreterPool(Model.FromBytes(ServingModels.Binary(false)), new InterpreterPoolOptions { MaxSize = 1 });
        var held = pool.Rent();
        var interp = held.Interpreter;
        var waiter = pool.RentAsync().AsTask();
        pool.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
        held.Dispose();
        Assert.Throws<ObjectDisposedException>(() => interp.Invoke());
    }

    [Fact]
    public void OptionsAreChecked()
    {
        var model = Model.FromBytes(ServingModels.Binary(false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 2, Prewarm = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InterpreterPool(model, new InterpreterPoolOptions { RentTimeout = TimeSpan.FromSeconds(-2) }));
        using var pool = new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 2, Prewarm = 0 });
        Assert.Equal(0, pool.InterpretersCreated);
        using var lease = pool.Rent();
        Assert.Equal(1, lease.Interpreter.Options.Threads); // one thread per pooled interpreter by default
    }
}
