using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>
/// Op-level wiring of the packed dynamic-range CONV_2D and DEPTHWISE_CONV_2D on a small two-batch graph that covers
/// what MobileNetV2 does not: a per-tensor filter scale (symmetric input quantization), depth multiplier 2, VALID
/// padding, no bias, no fused activation. Optimized on 1 and 2 threads must give the reference kernels' bits on every
/// tensor, without allocating per invoke on the calling thread.
/// </summary>
public class HybridConvolutionOpTests
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2;
    private const int Same = 0, Valid = 1, None = 0, Relu6 = 3;

    private static byte[] Graph()
    {
        var rng = new Random(42);
        var m = new TinyModel();
        byte[] Weights(int n) => Enumerable.Range(0, n).Select(_ => (byte)(sbyte)rng.Next(-127, 128)).ToArray();
        byte[] Floats(int n, double scale) => MemoryMarshal.AsBytes(Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray().AsSpan()).ToArray();
        float[] Scales(int n) => Enumerable.Range(0, n).Select(_ => (float)(0.002 + rng.NextDouble() * 0.01)).ToArray();

        int x = m.Tensor("x", TensorType.Float32, [2, 40, 40, 24]);
        // 3x3 stride 1 SAME, 48 channels, one filter scale (per tensor), bias, RELU6
        int w1 = m.Tensor("w1", TensorType.Int8, [48, 3, 3, 24], Weights(48 * 9 * 24), scale: Scales(1), zeroPoint: [0]);
        int b1 = m.Tensor("b1", TensorType.Float32, [48], Floats(48, 0.1));
        int y1 = m.Tensor("y1", TensorType.Float32, [2, 40, 40, 48]);
        m.Op(BuiltinOperator.CONV_2D, [x, w1, b1], [y1], 5, Conv2DTag, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, Relu6), Int(4, 1), Int(5, 1));
        // depthwise 3x3 stride 1 VALID, depth multiplier 2, per channel, bias, no activation
        int w2 = m.Tensor("w2", TensorType.Int8, [1, 3, 3, 96], Weights(9 * 96), scale: Scales(96), zeroPoint: new long[96], quantizedDimension: 3);
        int b2 = m.Tensor("b2", TensorType.Float32, [96], Floats(96, 0.1));
        int y2 = m.Tensor("y2", TensorType.Float32, [2, 38, 38, 96]);
        m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [y1, w2, b2], [y2], 6, DepthwiseTag, Byte(0, Valid), Int(1, 1), Int(2, 1), Int(3, 2), Byte(4, None), Int(5, 1), Int(6, 1));
        // 1x1 stride 2 per channel, no bias, no activation
        int w3 = m.Tensor("w3", TensorType.Int8, [20, 1, 1, 96], Weights(20 * 96), scale: Scales(20), zeroPoint: new long[20], quantizedDimension: 0);
        int y3 = m.Tensor("y3", TensorType.Float32, [2, 19, 19, 20]);
        m.Op(BuiltinOperator.CONV_2D, [y2, w3, -1], [y3], 5, Conv2DTag, Byte(0, Same), Int(1, 2), Int(2, 2), Byte(3, None), Int(4, 1), Int(5, 1));
        return m.Inputs(x).Outputs(y3).Build();
    }

    private static TinyModel.OptionField Byte(int slot, int value) => new(slot, TinyModel.OptionKind.Byte, value);
    private static TinyModel.OptionField Int(int slot, int value) => new(slot, TinyModel.OptionKind.Int, value);

    private static Dictionary<string, int[]> Run(Model model, InterpreterOptions options, out long allocated)
    {
        options.PreserveAllTensors = true;
        using var interp = new Interpreter(model, options);
        interp.AllocateTensors();
        var rng = new Random(3);
        var x = new float[2 * 40 * 40 * 24];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 3 - 1);
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        interp.Invoke();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return interp.Tensors.Where(t => !t.IsConstant && t.HasData && t.DataType == TensorType.Float32)
            .ToDictionary(t => t.Name, t => t.ToArray<float>().Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [Fact]
    public void PackedHybridConvolutionsMatchReferenceBitsOnOneAndTwoThreads()
    {
        var model = Model.FromBytes(Graph());
        var reference = Run(model, new InterpreterOptions { UseReferenceKernels = true }, out _);
        var one = Run(model, new InterpreterOptions { Threads = 1 }, out long allocatedOne);
        var two = Run(model, new InterpreterOptions { Threads = 2 }, out long allocatedTwo);
        Assert.Equal(0, allocatedOne);
        Assert.Equal(0, allocatedTwo);
        Assert.Equal(["x", "y1", "y2", "y3"], reference.Keys.Order());
        foreach (var (name, bits) in reference)
        {
            Assert.True(bits.SequenceEqual(one[name]), $"tensor {name}: 1 thread differs from the reference kernels");
            Assert.True(bits.SequenceEqual(two[name]), $"tensor {name}: 2 threads differ from the reference kernels");
        }
        Assert.Contains(reference["y3"], v => v != 0);
    }
}
