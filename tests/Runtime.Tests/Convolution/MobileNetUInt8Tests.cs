using ManagedLite.QuantModels;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>
/// The legacy-uint8 MobileNetV2 that tools/quantmodels writes for the speed comparison: its packed uint8 CONV_2D,
/// DEPTHWISE_CONV_2D (the tap-pair layout on AVX-512, rows split across threads) and residual ADDs give the reference kernels' bytes on every
/// tensor, on 1 and 2 threads, without allocating per invoke.
/// </summary>
public class MobileNetUInt8Tests
{
    private static readonly Lazy<Model> UInt8 = new(() => Model.FromBytes(new MobileNetUInt8(1234).Build()));

    private static Dictionary<string, byte[]> RunAll(InterpreterOptions options, out long allocated)
    {
        options.PreserveAllTensors = true;
        using var interp = new Interpreter(UInt8.Value, options);
        interp.AllocateTensors();
        var x = new byte[224 * 224 * 3];
        new Random(5).NextBytes(x);
        interp.Inputs[0].CopyFrom<byte>(x);
        interp.Invoke(); // warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Invoke();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return interp.Tensors.Where(t => !t.IsConstant && t.HasData && t.DataType == TensorType.UInt8)
            .ToDictionary(t => t.Name, t => t.ToArray<byte>());
    }

    [Fact]
    public void UInt8MobileNetOptimizedMatchesReferenceBytesOnOneAndTwoThreads()
    {
        var reference = RunAll(new InterpreterOptions { UseReferenceKernels = true }, out _);
        var one = RunAll(new InterpreterOptions { Threads = 1 }, out long allocatedOne);
        var two = RunAll(new InterpreterOptions { Threads = 2 }, out long allocatedTwo);
        Assert.Equal(0, allocatedOne);
        Assert.Equal(0, allocatedTwo);
        Assert.True(reference.Count > 50, $"only {reference.Count} uint8 tensors preserved");
        var differ = reference.Where(kv => !kv.Value.AsSpan().SequenceEqual(one[kv.Key])).Select(kv => kv.Key).ToList();
        Assert.True(differ.Count == 0, $"tensors differing from the reference kernels: {string.Join(", ", differ)}");
        var threads = one.Where(kv => !kv.Value.AsSpan().SequenceEqual(two[kv.Key])).Select(kv => kv.Key).ToList();
        Assert.True(threads.Count == 0, $"tensors differing between 1 and 2 threads: {string.Join(", ", threads)}");
    }
}
