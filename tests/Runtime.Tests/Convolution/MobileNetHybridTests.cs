using ManagedLite.QuantModels;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>
/// The dynamic-range MobileNetV2 that tools/quantmodels writes for the speed comparison loads and runs; its packed
/// hybrid CONV_2D / DEPTHWISE_CONV_2D paths give the reference kernels' bits on every tensor, on 1 and 2 threads,
/// without allocating per invoke.
/// </summary>
public class MobileNetHybridTests
{
    private static readonly Lazy<Model> Hybrid = new(() => Model.FromBytes(new MobileNetHybrid(1234).Build()));

    /// <summary>Every float tensor after one invoke on a fixed input (all tensors preserved).</summary>
    private static Dictionary<string, int[]> RunAll(InterpreterOptions options, out long allocated)
    {
        options.PreserveAllTensors = true;
        using var interp = new Interpreter(Hybrid.Value, options);
        interp.AllocateTensors();
        var x = new float[224 * 224 * 3];
        var rng = new Random(11);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke(); // warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Invoke();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before; // the calling thread (process-wide counts see the test host)
        return interp.Tensors.Where(t => !t.IsConstant && t.HasData && t.DataType == TensorType.Float32)
            .ToDictionary(t => t.Name, t => t.ToArray<float>().Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [Fact]
    public void HybridMobileNetOptimizedMatchesReferenceBitsOnOneAndTwoThreads()
    {
        var reference = RunAll(new InterpreterOptions { UseReferenceKernels = true }, out _);
        var one = RunAll(new InterpreterOptions { Threads = 1 }, out long allocatedOne);
        var two = RunAll(new InterpreterOptions { Threads = 2 }, out long allocatedTwo);
        Assert.Equal(0, allocatedOne);
        Assert.Equal(0, allocatedTwo);
        Assert.True(reference.Count > 50, $"only {reference.Count} float tensors preserved");
        // the SOFTMAX output is left out: the optimized float softmax is within an ulp bound of the reference, not bit-exact
        var differ = reference.Where(kv => kv.Key != "probabilities" && !kv.Value.SequenceEqual(one[kv.Key])).Select(kv => kv.Key).ToList();
        Assert.True(differ.Count == 0, $"tensors differing from the reference kernels: {string.Join(", ", differ)}");
        var threads = one.Where(kv => !kv.Value.SequenceEqual(two[kv.Key])).Select(kv => kv.Key).ToList();
        Assert.True(threads.Count == 0, $"tensors differing between 1 and 2 threads: {string.Join(", ", threads)}");
    }

    [Fact]
    public void HybridMobileNetRunsWithFiniteNonDegenerateProbabilities()
    {
        var model = Model.FromBytes(new MobileNetHybrid(1234).Build());
        using var interp = new Interpreter(model);
        interp.AllocateTensors();
        // int8 weights of 35 CONV_2D, 17 DEPTHWISE_CONV_2D and the FULLY_CONNECTED; every activation float32
        Assert.Equal(35 + 17 + 1, interp.Tensors.Count(t => t.IsConstant && t.DataType == TensorType.Int8));
        Assert.All(interp.Tensors.Where(t => !t.IsConstant), t => Assert.Equal(TensorType.Float32, t.DataType));
        var x = new float[224 * 224 * 3];
        var rng = new Random(7);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke();
        var p = interp.Outputs[0].ToArray<float>();
        Assert.Equal(1001, p.Length);
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.InRange(p.Sum(), 0.999f, 1.001f);
        Assert.InRange(p.Max(), 0.01f, 0.9f); // peaked, not flat and not one-hot
    }
}
