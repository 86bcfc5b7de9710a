using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Float GELU splits its elements, float SOFTMAX its rows, across the interpreter's threads: the same bits for 1, 2 and
/// 3 threads (GELU's exact and approximate forms, lengths that leave a short last range), nothing allocated by a warm Invoke.
/// </summary>
public class ParallelGeluTests
{
    private const byte GeluOptions = 116, SoftmaxOptions = 9;

    [Theory]
    [InlineData(4 * 128, 128)]   // attention scores of a BERT-style encoder
    [InlineData(333, 100)]
    [InlineData(4, 10)]          // too small to split
    public void SoftmaxGivesTheSameBitsForEveryThreadCount(int rows, int depth)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, rows, depth), y = m.Input("y", TensorType.Float32, rows, depth);
        m.Op(BuiltinOperator.SOFTMAX, [x], [y], 1, SoftmaxOptions, new OptionField(0, OptionKind.Float, 1.0));
        AssertSameBits(Model.FromBytes(m.Inputs(x).Outputs(y).Build()), rows * depth, $"SOFTMAX [{rows},{depth}]");
    }

    [Theory]
    [InlineData(false, 128 * 1024 + 5)]
    [InlineData(true, 100_003)]
    [InlineData(false, 1000)] // too small to split
    public void GeluGivesTheSameBitsForEveryThreadCount(bool approximate, int length)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, length), y = m.Input("y", TensorType.Float32, 1, length);
        m.Op(BuiltinOperator.GELU, [x], [y], 1, GeluOptions, new OptionField(0, OptionKind.Bool, approximate ? 1 : 0));
        AssertSameBits(Model.FromBytes(m.Inputs(x).Outputs(y).Build()), length, $"GELU (approximate {approximate}) x {length}");
    }

    private static void AssertSameBits(Model model, int length, string what)
    {
        var rng = new Random(5);
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = (float)(rng.NextDouble() * 16 - 8);
        byte[]? want = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var interp = new Interpreter(model, new InterpreterOptions { Threads = threads });
            interp.AllocateTensors();
            data.CopyTo(interp.Inputs[0].GetWritableData<float>());
            interp.Invoke();
            var got = interp.Outputs[0].RawBytes.ToArray();
            want ??= got;
            Assert.True(want.AsSpan().SequenceEqual(got), $"{what} with {threads} threads differs from one thread");
            long allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
            {
                interp.Invoke();
                long before = GC.GetAllocatedBytesForCurrentThread();
                interp.Invoke();
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, allocated);
        }
    }
}
