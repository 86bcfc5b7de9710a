using System.Runtime.CompilerServices;
using ManagedLite.Serving;
using Xunit;

namespace ManagedLite.Runtime.Tests.Serving;

/// <summary>
/// Hot model swap: atomic, in-flight leases finish on the old model, a refused model leaves the old one serving
/// with the reason, the old model is collectable once its last lease returns.
/// </summary>
public sealed class ModelSwapTests
{
    private static readonly byte[] Add = ServingModels.Binary(multiply: false), Mul = ServingModels.Binary(multiply: true);

    private static Dictionary<string, ReadOnlyMemory<byte>> Inputs(float[] x, float[] y) =>
        new() { ["x"] = ServingModels.Bytes(x), ["y"] = ServingModels.Bytes(y) };

    [Fact]
    public async Task InFlightLeasesFinishOnTheOldModelAndNewRequestsUseTheNewOne()
    {
        using var pool = new InterpreterPool(Model.FromBytes(Add), new InterpreterPoolOptions { MaxSize = 2 });
        var old = pool.Model;
        var lease = pool.Rent();
        var oldInterp = lease.Interpreter;
        Assert.Equal(1, pool.SwapModel(Mul));
        Assert.Equal(1, pool.Generation);
        Assert.Equal(1, pool.SwapCount);
        Assert.NotSame(old, pool.Model);
        Assert.Equal(1, pool.RetiredLeases);

        // The lease out keeps its model and still runs it.
        Assert.Equal(0, lease.Generation);
        Assert.Same(old, lease.Model);
        oldInterp.Inputs[0].CopyFrom<float>([2, 3, 4, 5]);
        oldInterp.Inputs[1].CopyFrom<float>([10, 10, 10, 10]);
        oldInterp.Invoke();
        Assert.Equal(new[] { 12f, 13f, 14f, 15f }, oldInterp.Outputs[0].ToArray<float>());

        // New requests run the new model.
        var r = await pool.RunAsync(Inputs([2, 3, 4, 5], [10, 10, 10, 10]));
        Assert.Equal(1, r.Generation);
        Assert.Equal(new[] { 20f, 30f, 40f, 50f }, r["out"].AsSpan<float>().ToArray());

        // Returned, the old interpreter is disposed, not pooled.
        lease.Dispose();
        Assert.Equal(0, pool.RetiredLeases);
        Assert.Throws<ObjectDisposedException>(() => oldInterp.Invoke());
        using var next = pool.Rent();
        Assert.Equal(1, next.Generation);
    }

    [Fact]
    public async Task ARefusedModelLeavesTheOldOneServingAndSaysWhy()
    {
        string dir = Directory.CreateTempSubdirectory("ml-swap-").FullName;
        try
        {
            using var pool = new InterpreterPool(Model.FromBytes(Add), new InterpreterPoolOptions { MaxSize = 2 });

            var garbage = Assert.Throws<ModelSwapException>(() => pool.SwapModel(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
            Assert.Contains("generation 0 keeps serving: the new model cannot be read", garbage.Message);
            Assert.IsAssignableFrom<ManagedLite.Schema.ModelFormatException>(garbage.InnerException);

            var missing = Assert.Throws<ModelSwapException>(() => pool.SwapModel(Path.Combine(dir, "nope.tflite")));
            Assert.IsType<FileNotFoundException>(missing.InnerException);

            var renamed = Assert.Throws<ModelSwapException>(() => pool.SwapModel(ServingModels.Binary(true, inputName: "a")));
            Assert.Contains("input 0 differs: the serving model has 'x' float32 [1,4], the new one 'a' float32 [1,4]", renamed.Message);
            Assert.Null(renamed.InnerException);

            var trial = Assert.Throws<ModelSwapException>(() => pool.SwapModel(Mul, new ModelSwapOptions { ValidationInputs = Inputs([1, 2], [1, 2, 3, 4]) }));
            Assert.Contains("the trial run on the validation inputs failed", trial.Message);
            Assert.IsType<TensorException>(trial.InnerException);

            var refused = Assert.Throws<ModelSwapException>(() => pool.SwapModel(Mul, new ModelSwapOptions
            {
                ValidationInputs = Inputs([1, 2, 3, 4], [2, 2, 2, 2]),
                Validate = i => i.Outputs[0].GetData<float>()[0] == 3f ? null : $"out[0] = {i.Outputs[0].GetData<float>()[0]}, expected 3",
            }));
            Assert.Equal("the validation callback refused the model: out[0] = 2, expected 3", refused.Reason);

            var prepare = Assert.Throws<ModelSwapException>(() => pool.SwapModel(ServingModels.Mismatched(), new ModelSwapOptions { RequireSameSignature = false }));
            Assert.Contains("the new model cannot be prepared", prepare.Message);
            Assert.IsType<OperatorException>(prepare.InnerException);

            Assert.Equal(0, pool.Generation);
            Assert.Equal(0, pool.SwapCount);
            Assert.Equal(6, pool.FailedSwapCount);
            var r = await pool.RunAsync(Inputs([1, 2, 3, 4], [1, 1, 1, 1]));
            Assert.Equal(0, r.Generation);
            Assert.Equal(new[] { 2f, 3f, 4f, 5f }, r["out"].AsSpan<float>().ToArray());

            // A valid file with a trial run that passes is accepted.
            string path = Path.Combine(dir, "mul.tflite");
            File.WriteAllBytes(path, Mul);
            Assert.Equal(1, await pool.SwapModelAsync(path, new ModelSwapOptions { ValidationInputs = Inputs([1, 2, 3, 4], [2, 2, 2, 2]), Validate = _ => null }));
            r = await pool.RunAsync(Inputs([1, 2, 3, 4], [2, 2, 2, 2]));
            Assert.Equal(new[] { 2f, 4f, 6f, 8f }, r["out"].AsSpan<float>().ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SwapsUnderConcurrentLoadLoseNoRequest()
    {
        using var pool = new InterpreterPool(Model.FromBytes(Add), new InterpreterPoolOptions { MaxSize = 3 });
        using var stop = new CancellationTokenSource();
        long served = 0;
        var perGeneration = new System.Collections.Concurrent.ConcurrentDictionary<long, int>();
        var clients = Enumerable.Range(0, 12).Select(c => Task.Run(async () =>
        {
            var rnd = new Random(c);
            var output = new byte[16];
            var outputs = new Dictionary<string, Memory<byte>> { ["out"] = output };
            while (!stop.IsCancellationRequested)
            {
                float[] x = [rnd.Next(-5, 5), rnd.Next(-5, 5), 1, 2], y = [rnd.Next(-5, 5), 3, 0.5f, -1];
                long gen = await pool.RunAsync(Inputs(x, y), outputs);
                bool multiply = gen % 2 == 1; // generations alternate Add, Mul, Add, ...
                var o = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(output);
                for (int i = 0; i < 4; i++) Assert.Equal(ServingModels.Expected(multiply, x[i], y[i]), o[i]);
                perGeneration.AddOrUpdate(gen, 1, (_, n) => n + 1);
                Interlocked.Increment(ref served);
            }
        })).ToArray();
        for (int s = 1; s <= 20; s++)
        {
            await Task.Delay(15);
            Assert.Equal(s, pool.SwapModel(s % 2 == 1 ? Mul : Add));
        }
        await Task.Delay(15);
        stop.Cancel();
        await Task.WhenAll(clients); // any wrong result or failed request fails here
        Assert.Equal(20, pool.SwapCount);
        Assert.True(served > 0);
        Assert.True(perGeneration.Count >= 2, $"requests were served by {perGeneration.Count} generation(s)");
        Assert.Equal(0, pool.RetiredLeases);
        Assert.InRange(pool.IdleCount, 1, 3);
    }

    [Fact]
    public void TheOldModelIsCollectableAfterItsLastLeaseReturns()
    {
        using var pool = NewPool(); // built in a helper: no temporary of this frame refers to the first model
        var (weak, lease) = ServeAndHoldALease(pool);
        pool.SwapModel(Mul);
        Collect();
        Assert.True(weak.IsAlive, "the old model went away while a lease still used it");
        Return(lease);
        Collect();
        Assert.False(weak.IsAlive, "the old model is still reachable after its last lease returned");
        Assert.Equal(1, pool.Generation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference, InterpreterLease) ServeAndHoldALease(InterpreterPool pool)
    {
        for (int i = 0; i < 5; i++)
        {
            using var l = pool.Rent();
            l.Interpreter.Invoke();
        }
        var lease = pool.Rent();
        lease.Interpreter.Invoke();
        return (new WeakReference(pool.Model), lease);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InterpreterPool NewPool() => new(Model.FromBytes(Add), new InterpreterPoolOptions { MaxSize = 2, Prewarm = 2 });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Return(InterpreterLease lease) => lease.Dispose();

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
