using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// The quantized LOG_SOFTMAX, ELU, GELU and DIV (uint8, int8, int16) paths wired through their op classes: one-node models run in both
/// kernel modes with the hand-worked values of the kernel tests, and Prepare rejects what TFLite rejects.
/// </summary>
public class QuantizedGapOpsModelTests
{
    private static byte[] Unary(BuiltinOperator op, int version, TensorType type, float si, long zi, float so, long zo, int n)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", type, [1, n], scale: [si], zeroPoint: [zi]);
        int y = m.Tensor("y", type, [1, n], scale: [so], zeroPoint: [zo]);
        return m.Op(op, [x], [y], version).Inputs(x).Outputs(y).Build();
    }

    private static byte[] Div(TensorType type)
    {
        var m = new TinyModel();
        int a = m.Tensor("a", type, [4], scale: [0.5f], zeroPoint: [0]);
        int b = m.Tensor("b", type, [4], scale: [1f], zeroPoint: [0]);
        int y = m.Tensor("y", type, [4], scale: [0.5f], zeroPoint: [0]);
        return m.Op(BuiltinOperator.DIV, [a, b], [y], 2).Inputs(a, b).Outputs(y).Build();
    }

    private static T[] Run<T>(byte[] model, bool reference, params T[][] inputs) where T : unmanaged
    {
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        for (int i = 0; i < inputs.Length; i++) interp.Inputs[i].CopyFrom<T>(inputs[i]);
        interp.Invoke();
        return interp.Outputs[0].ToArray<T>();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void QuantizedNodesGiveTheHandWorkedValues(bool reference)
    {
        var lsm = Unary(BuiltinOperator.LOG_SOFTMAX, 2, TensorType.Int8, 1f / 16, 0, 0.0625f, 127, 4);
        Assert.Equal(new sbyte[] { 72, 88, 104, 120 }, Run<sbyte>(lsm, reference, [0, 16, 32, 48]));
        var lsmU = Unary(BuiltinOperator.LOG_SOFTMAX, 2, TensorType.UInt8, 1f / 16, 0, 0.0625f, 255, 2);
        Assert.Equal(new byte[] { 234, 250 }, Run<byte>(lsmU, reference, [100, 116]));

        var elu = Unary(BuiltinOperator.ELU, 2, TensorType.Int8, 1f / 16, 0, 1f / 16, 0, 3);
        Assert.Equal(new sbyte[] { 16, -10, -16 }, Run<sbyte>(elu, reference, [16, -16, -128]));

        var gelu = Unary(BuiltinOperator.GELU, 2, TensorType.UInt8, 1f / 16, 128, 1f / 16, 128, 3);
        Assert.Equal(new byte[] { 141, 125, 159 }, Run<byte>(gelu, reference, [144, 112, 160]));
        var geluS = Unary(BuiltinOperator.GELU, 2, TensorType.Int8, 1f / 16, 0, 1f / 16, 0, 2);
        Assert.Equal(new sbyte[] { 13, -3 }, Run<sbyte>(geluS, reference, [16, -16]));

        Assert.Equal(new byte[] { 3, 5, 0, 1 }, Run<byte>(Div(TensorType.UInt8), reference, [6, 10, 1, 2], [2, 2, 3, 3]));
        // TFLite's DIV gained int8 and int16 quantized paths (the same reciprocal-based arithmetic).
        Assert.Equal(new sbyte[] { 3, -5, 0, 1 }, Run<sbyte>(Div(TensorType.Int8), reference, [6, -10, 1, 2], [2, 2, 3, 3]));
        Assert.Equal(new short[] { 3, -5, 0, 1 }, Run<short>(Div(TensorType.Int16), reference, [6, -10, 1, 2], [2, 2, 3, 3]));
    }

    [Fact]
    public void PrepareRejectsWhatTfliteRejects()
    {
        AssertFails(Unary(BuiltinOperator.LOG_SOFTMAX, 2, TensorType.Int8, 0.1f, 0, 0.0625f, 126, 4), "zero point");
        AssertFails(Unary(BuiltinOperator.LOG_SOFTMAX, 2, TensorType.UInt8, 0.1f, 0, 0.0625f, 127, 4), "zero point");
        AssertFails(Unary(BuiltinOperator.LOG_SOFTMAX, 2, TensorType.Int8, 0.1f, 0, 0.1f, 127, 4), "16/256");
        AssertFails(Unary(BuiltinOperator.ELU, 2, TensorType.UInt8, 0.1f, 0, 0.1f, 0, 4), "not supported");
        AssertFails(Div(TensorType.Float16), "not supported by DIV");
    }

    private static void AssertFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.ThrowsAny<Exception>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
    }
}
