using ManagedLite.Schema;
using ManagedLite.Robustness;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Tests.Passes;

/// <summary>
/// "fold-pad" on 8-bit graphs: a PAD (or PADV2 whose value is the zero point) in front of a CONV_2D / DEPTHWISE_CONV_2D
/// is folded, and the outputs equal those of the unfolded graph and of the reference kernels bit for bit; a PADV2 of
/// any other value, or a PAD whose output is quantized differently from its input, stays.
/// </summary>
public class QuantizedPadFoldingTests
{
    private const byte Conv2DOptionsType = 1, DepthwiseOptionsType = 2;

    /// <summary>x [1,6,7,8] -> PAD(V2) by (top 1, bottom 2, left 0, right 1) -> CONV_2D 3x3 (or DEPTHWISE) VALID stride 2.</summary>
    private static byte[] Build(TensorType type, bool depthwise, long padValue, bool v2, long padOutZero)
    {
        long zp = type == TensorType.UInt8 ? 131 : type == TensorType.Int16 ? 0 : -7;
        var rng = new Random(5);
        var m = new TinyModel();
        int x = m.Tensor("x", type, [1, 6, 7, 8], scale: [0.05f], zeroPoint: [zp]);
        int pads = m.ConstInt("pads", [4, 2], 0, 0, 1, 2, 0, 1, 0, 0);
        int padded = m.Tensor("padded", type, [1, 9, 8, 8], scale: [0.05f], zeroPoint: [padOutZero]);
        int oc = 8;
        byte[] wBytes = new byte[oc * 9 * (depthwise ? 1 : 8)];
        rng.NextBytes(wBytes);
        if (type == TensorType.UInt8) { }
        else for (int i = 0; i < wBytes.Length; i++) if (wBytes[i] == 0x80) wBytes[i] = 0x81; // int8 filters avoid -128
        var wType = type == TensorType.UInt8 ? TensorType.UInt8 : TensorType.Int8;
        int w = m.Tensor("w", wType, depthwise ? [1, 3, 3, oc] : [oc, 3, 3, 8], wBytes,
            scale: [0.02f], zeroPoint: [type == TensorType.UInt8 ? 120 : 0]);
        var biasType = type == TensorType.Int16 ? TensorType.Int64 : TensorType.Int32;
        int b = biasType == TensorType.Int64
            ? m.Tensor("b", biasType, [oc], System.Runtime.InteropServices.MemoryMarshal.AsBytes(Enumerable.Range(0, oc).Select(i => (long)(i * 37 - 100)).ToArray().AsSpan()).ToArray(), scale: [0.001f], zeroPoint: [0])
            : m.Tensor("b", biasType, [oc], System.Runtime.InteropServices.MemoryMarshal.AsBytes(Enumerable.Range(0, oc).Select(i => i * 37 - 100).ToArray().AsSpan()).ToArray(), scale: [0.001f], zeroPoint: [0]);
        int y = m.Tensor("y", type, [1, 4, 3, oc], scale: [0.1f], zeroPoint: [type == TensorType.Int16 ? 0 : 3]);
        if (v2)
        {
            byte[] data = type switch
            {
                TensorType.UInt8 => [(byte)padValue],
                TensorType.Int16 => BitConverter.GetBytes((short)padValue),
                _ => [(byte)(sbyte)padValue],
            };
            int value = m.Tensor("v", type, [], data, scale: [0.05f], zeroPoint: [padOutZero]);
            m.Op(BuiltinOperator.PADV2, [x, pads, value], [padded]);
        }
        else m.Op(BuiltinOperator.PAD, [x, pads], [padded]);
        if (depthwise)
            m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [padded, w, b], [y], 2, DepthwiseOptionsType,
                new OptionField(0, OptionKind.Byte, 1), new OptionField(1, OptionKind.Int, 2), new OptionField(2, OptionKind.Int, 2),
                new OptionField(3, OptionKind.Int, 1), new OptionField(4, OptionKind.Byte, 0), new OptionField(5, OptionKind.Int, 1), new OptionField(6, OptionKind.Int, 1));
        else
            m.Op(BuiltinOperator.CONV_2D, [padded, w, b], [y], 3, Conv2DOptionsType,
                new OptionField(0, OptionKind.Byte, 1), new OptionField(1, OptionKind.Int, 2), new OptionField(2, OptionKind.Int, 2),
                new OptionField(3, OptionKind.Byte, 0), new OptionField(4, OptionKind.Int, 1), new OptionField(5, OptionKind.Int, 1));
        return m.Inputs(x).Outputs(y).Build();
    }

    private static (byte[] Output, int Nodes) Run(byte[] bytes, InterpreterOptions options)
    {
        using var it = new Interpreter(Model.FromBytes(bytes), options);
        it.AllocateTensors();
        var input = it.Inputs[0].WritableBytes;
        new Random(11).NextBytes(input);
        it.Invoke();
        return (it.Outputs[0].RawBytes.ToArray(), it.ExecutionPlanLength);
    }

    private static InterpreterOptions Off()
    {
        var o = new InterpreterOptions();
        o.DisabledPasses.Add("fold-pad");
        return o;
    }

    [Theory]
    [InlineData(TensorType.Int8, false, false)]
    [InlineData(TensorType.Int8, true, false)]
    [InlineData(TensorType.Int8, false, true)]
    [InlineData(TensorType.UInt8, false, false)]
    [InlineData(TensorType.UInt8, true, true)]
    [InlineData(TensorType.Int16, false, false)]
    public void FoldsZeroPointPadsExactly(TensorType type, bool depthwise, bool v2)
    {
        long zp = type == TensorType.UInt8 ? 131 : type == TensorType.Int16 ? 0 : -7;
        var bytes = Build(type, depthwise, zp, v2, zp);
        var folded = Run(bytes, new InterpreterOptions());
        var unfolded = Run(bytes, Off());
        var reference = Run(bytes, new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false });
        Assert.Equal(1, folded.Nodes);
        Assert.Equal(2, unfolded.Nodes);
        Assert.Equal(unfolded.Output, folded.Output);
        Assert.Equal(reference.Output, folded.Output);
    }

    [Theory]
    [InlineData(TensorType.Int8, 5L, -7L)]   // PADV2 value is not the zero point
    [InlineData(TensorType.Int8, -7L, -6L)]  // PAD output quantized differently from its input
    [InlineData(TensorType.UInt8, 0L, 131L)]
    public void KeepsPadsWhoseValueIsNotTheSkippedTap(TensorType type, long value, long padOutZero)
    {
        bool v2 = padOutZero == (type == TensorType.UInt8 ? 131 : -7);
        var bytes = Build(type, depthwise: false, value, v2, padOutZero);
        var result = Run(bytes, new InterpreterOptions());
        Assert.Equal(2, result.Nodes);
        Assert.Equal(Run(bytes, new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false }).Output, result.Output);
    }
}
