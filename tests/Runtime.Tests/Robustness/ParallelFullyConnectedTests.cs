using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Float FULLY_CONNECTED splits its packed GEMM across the interpreter's threads (by column panels when the weights
/// outweigh the input rows, else by row blocks), and its dot-product path for fewer than four rows by output units: the same bits for 1, 2 and 3 threads, close to the reference kernels,
/// nothing allocated by a warm Invoke.
/// </summary>
public class ParallelFullyConnectedTests
{
    private const byte FullyConnectedOptions = 8;

    [Theory]
    [InlineData(1, 1024, 1000, 0)]     // a classifier head: batch 1, dot products split by output units
    [InlineData(3, 1280, 1001, 3)]     // three rows (dot path), a unit count off the groups of four, RELU6
    [InlineData(1, 37, 2050, 1)]       // depth off the vector width
    [InlineData(128, 256, 1024, 1)]    // a transformer projection (RELU): weights outweigh the rows, panels
    [InlineData(517, 64, 40, 3)]       // many rows, small weights (RELU6): split by row blocks, a partial last block
    [InlineData(3, 16, 8, 0)]          // too small to split
    public void FullyConnectedGivesTheSameBitsForEveryThreadCount(int batches, int depth, int units, int activation)
    {
        var rng = new Random(batches * 31 + units);
        float[] Random(int n, float scale) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale; return a; }
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, batches, depth);
        int w = m.ConstFloat("w", [units, depth], Random(units * depth, 1f / MathF.Sqrt(depth)));
        int b = m.ConstFloat("b", [units], Random(units, 0.1f));
        int y = m.Input("y", TensorType.Float32, batches, units);
        m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w, b], [y], 1, FullyConnectedOptions, new OptionField(0, OptionKind.Byte, activation));
        var model = Model.FromBytes(m.Inputs(x).Outputs(y).Build());
        var data = Random(batches * depth, 2f);
        float[] Run(InterpreterOptions o, out long allocated)
        {
            using var interp = new Interpreter(model, o);
            interp.AllocateTensors();
            data.CopyTo(interp.Inputs[0].GetWritableData<float>());
            interp.Invoke();
            allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                interp.Invoke();
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return interp.Outputs[0].ToArray<float>();
        }
        var one = Run(new InterpreterOptions { Threads = 1 }, out _);
        foreach (int threads in new[] { 2, 3 })
        {
            var got = Run(new InterpreterOptions { Threads = threads }, out long allocated);
            Assert.True(one.AsSpan().SequenceEqual(got), $"FC [{batches},{depth}] -> {units} with {threads} threads differs from one thread");
            Assert.Equal(0, allocated);
        }
        var reference = Run(new InterpreterOptions { UseReferenceKernels = true }, out _);
        for (int i = 0; i < one.Length; i++)
            Assert.True(Math.Abs(one[i] - reference[i]) <= 1e-4f * Math.Max(1f, Math.Abs(reference[i])), $"output {i}: {one[i]} vs reference {reference[i]}");
    }
}
