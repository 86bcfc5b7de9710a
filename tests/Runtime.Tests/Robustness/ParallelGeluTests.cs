using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Float GELU splits its elements across the interpreter's threads: the same bits for 1, 2 and 3 threads (exact and
/// approximate forms, a length that leaves a short last range), nothing allocated by a warm Invoke.
/// </summary>
public class ParallelGeluTests
{
    private const byte GeluOptions = 116;

    [Theory]
    [InlineData(false, 128 * 1024 + 5)]
    [InlineData(true, 100_003)]
    [InlineData(false, 1000)] // too small to split
    public void GeluGivesTheSameBitsForEveryThreadCount(bool approximate, int length)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, length), y = m.Input("y", TensorType.Float32, 1, length);
        m.Op(BuiltinOperator.GELU, [x], [y], 1, GeluOptions, new OptionField(0, OptionKind.Bool, approximate ? 1 : 0));
        var model = Model.FromBytes(m.Inputs(x).Outputs(y).Build());
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
            Assert.True(want.AsSpan().SequenceEqual(got), $"GELU (approximate {approximate}) x {length} with {threads} threads differs from one thread");
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
