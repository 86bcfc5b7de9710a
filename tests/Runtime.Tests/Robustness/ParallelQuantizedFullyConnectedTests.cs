using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// The optimized int8 (per tensor and per channel) and uint8 FULLY_CONNECTED kernels split their output units across
/// the interpreter's threads, as the float dot-product path does: the same bytes for 1, 2 and 3 threads, equal to the
/// reference kernels (integer arithmetic: bit-exact), nothing allocated by a warm Invoke.
/// </summary>
public class ParallelQuantizedFullyConnectedTests
{
    private const byte FullyConnectedOptions = 8;

    public enum Quantized { Int8PerTensor, Int8PerChannel, UInt8 }

    public static TheoryData<Quantized, int, int, int, int> Cases()
    {
        var data = new TheoryData<Quantized, int, int, int, int>();
        foreach (var kind in Enum.GetValues<Quantized>())
        {
            data.Add(kind, 1, 1024, 1000, 0);   // a classifier head: batch 1, split by output units
            data.Add(kind, 3, 1280, 1001, 3);   // three rows, a unit count off the groups of four, RELU6
            data.Add(kind, 128, 256, 1024, 1);  // many rows (RELU)
            data.Add(kind, 1, 37, 2050, 0);     // depth off the vector width
            data.Add(kind, 2, 37, 2050, 1);     // the same, enough work to split
            data.Add(kind, 3, 16, 8, 0);        // too small to split
        }
        return data;
    }

    /// <summary>A FULLY_CONNECTED [batches, depth] -> [batches, units] of <paramref name="kind"/> with random constant weights and bias.</summary>
    internal static byte[] BuildModel(Quantized kind, int batches, int depth, int units, int activation, int seed)
    {
        var rng = new Random(seed);
        bool u8 = kind == Quantized.UInt8;
        var type = u8 ? TensorType.UInt8 : TensorType.Int8;
        const float inputScale = 0.05f;
        long inputZero = u8 ? 131 : -3;
        var wBytes = new byte[units * depth];
        rng.NextBytes(wBytes);
        if (!u8) for (int i = 0; i < wBytes.Length; i++) if (wBytes[i] == 0x80) wBytes[i] = 0x81; // symmetric int8 weights avoid -128
        // RELU6 keeps a few units of range: smaller weights then (accumulated values of a few units, not hundreds).
        float wScale = activation == 3 ? 0.015f / MathF.Sqrt(depth) : 0.02f;
        float[] wScales = kind == Quantized.Int8PerChannel
            ? Enumerable.Range(0, units).Select(_ => wScale * (0.5f + (float)rng.NextDouble())).ToArray()
            : [wScale];
        long[] wZeros = kind == Quantized.Int8PerChannel ? new long[units] : [u8 ? 120 : 0];
        var bias = new int[units];
        for (int i = 0; i < units; i++) bias[i] = rng.Next(-20000, 20000);
        // About three standard deviations of the accumulated value span the output range (RELU6: [0, 6] in 200 steps).
        float outputScale = activation == 3 ? 0.03f : MathF.Sqrt(depth) * 0.06f;

        var m = new TinyModel();
        int x = m.Tensor("x", type, [batches, depth], scale: [inputScale], zeroPoint: [inputZero]);
        int w = m.Tensor("w", type, [units, depth], wBytes, scale: wScales, zeroPoint: wZeros, quantizedDimension: 0);
        int b = m.Tensor("b", TensorType.Int32, [units], MemoryMarshal.AsBytes(bias.AsSpan()).ToArray(),
            scale: wScales.Select(s => s * inputScale).ToArray(), zeroPoint: new long[wScales.Length], quantizedDimension: 0);
        int y = m.Tensor("y", type, [batches, units], scale: [outputScale], zeroPoint: [u8 ? 128 : -5]);
        m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w, b], [y], u8 ? 1 : 4, FullyConnectedOptions, new OptionField(0, OptionKind.Byte, activation));
        return m.Inputs(x).Outputs(y).Build();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void QuantizedFullyConnectedGivesTheSameBytesForEveryThreadCount(Quantized kind, int batches, int depth, int units, int activation)
    {
        var model = Model.FromBytes(BuildModel(kind, batches, depth, units, activation, seed: batches * 31 + units + (int)kind));
        var data = new byte[batches * depth];
        new Random(depth).NextBytes(data);
        byte[] Run(InterpreterOptions o, out long allocated)
        {
            using var interp = new Interpreter(model, o);
            interp.AllocateTensors();
            data.CopyTo(interp.Inputs[0].WritableBytes);
            interp.Invoke();
            allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                interp.Invoke();
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return interp.Outputs[0].RawBytes.ToArray();
        }
        var one = Run(new InterpreterOptions { Threads = 1 }, out _);
        foreach (int threads in new[] { 2, 3 })
        {
            var got = Run(new InterpreterOptions { Threads = threads }, out long allocated);
            int first = one.AsSpan().CommonPrefixLength(got);
            Assert.True(first == one.Length, $"{kind} FC [{batches},{depth}] -> {units} with {threads} threads differs from one thread at output {first}");
            Assert.Equal(0, allocated);
        }
        var reference = Run(new InterpreterOptions { UseReferenceKernels = true }, out _);
        int same = one.AsSpan().CommonPrefixLength(reference);
        Assert.True(same == one.Length, $"{kind} FC [{batches},{depth}] -> {units} differs from the reference kernels at output {same}");
        // The outputs are not saturated to a constant: the comparison means something.
        Assert.True(one.Distinct().Count() > Math.Min(16, one.Length / 2), $"{kind} FC [{batches},{depth}] -> {units}: only {one.Distinct().Count()} distinct outputs");
    }
}
