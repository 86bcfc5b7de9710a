using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Elementwise;

/// <summary>
/// The element-wise type paths added for TFLite parity, through the interpreter where the native oracle cannot reach
/// (bfloat16 has no NumPy type) and for the run-time errors TFLite raises: quantized DIV by a zero-point divisor,
/// negative int32 POW exponents, negative quantized SQRT / RSQRT inputs; and what Prepare rejects.
/// </summary>
public class ElementwiseTypeTests
{
    private static byte[] Model(BuiltinOperator op, int version, (TensorType Type, int[] Shape, (float, long)? Q)[] inputs, (TensorType Type, int[] Shape, (float, long)? Q) output,
        byte optionsType = 0, params TinyModel.OptionField[] options)
    {
        var m = new TinyModel();
        var ins = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var q = inputs[i].Q;
            ins[i] = m.Tensor($"in{i}", inputs[i].Type, inputs[i].Shape, scale: q is null ? null : [q.Value.Item1], zeroPoint: q is null ? null : [q.Value.Item2]);
        }
        var oq = output.Q;
        int o = m.Tensor("out", output.Type, output.Shape, scale: oq is null ? null : [oq.Value.Item1], zeroPoint: oq is null ? null : [oq.Value.Item2]);
        return m.Op(op, ins, [o], version, optionsType, options).Inputs(ins).Outputs(o).Build();
    }

    private static byte[] Unary(BuiltinOperator op, TensorType type, int n, (float, long)? q = null, (float, long)? qo = null) =>
        Model(op, 1, [(type, [n], q)], (type, [n], qo ?? q));

    private static byte[] Binary(BuiltinOperator op, TensorType type, int[] a, int[] b, (float, long)? qa = null, (float, long)? qb = null, (float, long)? qo = null,
        TensorType? outType = null, byte optionsType = 0, params TinyModel.OptionField[] options)
    {
        var outShape = BroadcastPlan.TryGetOutputShape(a, b)!;
        return Model(op, 1, [(type, a, qa), (type, b, qb)], (outType ?? type, outShape, qo), optionsType, options);
    }

    private static T[] Run<T>(byte[] model, bool reference, params byte[][] inputs) where T : unmanaged
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        for (int i = 0; i < inputs.Length; i++) inputs[i].CopyTo(interp.Inputs[i].WritableBytes);
        interp.Invoke();
        return MemoryMarshal.Cast<byte, T>(interp.Outputs[0].RawBytes).ToArray();
    }

    private static byte[] Bytes<T>(params T[] v) where T : unmanaged => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static ushort[] BF(params float[] v) => v.Select(BFloat16.FromSingle).ToArray();

    private static OperatorException InvokeFails(byte[] model, params byte[][] inputs)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        interp.AllocateTensors();
        for (int i = 0; i < inputs.Length; i++) inputs[i].CopyTo(interp.Inputs[i].WritableBytes);
        return Assert.Throws<OperatorException>(() => interp.Invoke());
    }

    private static OperatorException PrepareFails(byte[] model)
    {
        using var interp = new Interpreter(ManagedLite.Model.FromBytes(model));
        return Assert.Throws<OperatorException>(() => interp.AllocateTensors());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BFloat16PathsComputeInFloat32AndRoundOnce(bool reference)
    {
        var a = Bytes(BF(1.5f, -2f, 3f));
        var b = Bytes(BF(2f));
        Assert.Equal(BF(2f, 2f, 3f), Run<ushort>(Binary(BuiltinOperator.MAXIMUM, TensorType.BFloat16, [3], [1]), reference, a, b));
        Assert.Equal(BF(1.5f, -2f, 2f), Run<ushort>(Binary(BuiltinOperator.MINIMUM, TensorType.BFloat16, [3], [1]), reference, a, b));
        Assert.Equal(BF(-1.5f, 2f, -3f), Run<ushort>(Unary(BuiltinOperator.NEG, TensorType.BFloat16, 3), reference, a));
        Assert.Equal(BF(1f, -2f, 3f), Run<ushort>(Unary(BuiltinOperator.FLOOR, TensorType.BFloat16, 3), reference, a));
        Assert.Equal(BF(2f, -2f, 3f), Run<ushort>(Unary(BuiltinOperator.ROUND, TensorType.BFloat16, 3), reference, a)); // 1.5 rounds to even 2
        Assert.Equal(BF(MathF.Tanh(1.5f), MathF.Tanh(-2f), MathF.Tanh(3f)), Run<ushort>(Unary(BuiltinOperator.TANH, TensorType.BFloat16, 3), reference, a));
        var logistic = Run<ushort>(Unary(BuiltinOperator.LOGISTIC, TensorType.BFloat16, 3), reference, a);
        Assert.Equal(BF(1f / (1f + MathF.Exp(-1.5f)), 1f / (1f + MathF.Exp(2f)), 1f / (1f + MathF.Exp(-3f))), logistic);
        var atan2 = Run<ushort>(Binary(BuiltinOperator.ATAN2, TensorType.BFloat16, [3], [3]), reference, a, Bytes(BF(1f, 1f, -1f)));
        Assert.Equal(BF(MathF.Atan2(1.5f, 1f), MathF.Atan2(-2f, 1f), MathF.Atan2(3f, -1f)), atan2);
        var less = Run<byte>(Binary(BuiltinOperator.LESS, TensorType.BFloat16, [3], [1], outType: TensorType.Bool), reference, a, b);
        Assert.Equal(new byte[] { 1, 1, 0 }, less);
    }

    [Fact]
    public void CastFollowsTflitesConversions()
    {
        float[] x = [float.NaN, -1e20f, 1e20f, -7.9f, 300.5f];
        Assert.Equal(new[] { int.MaxValue, int.MinValue, int.MaxValue, -7, 300 },
            Run<int>(Model(BuiltinOperator.CAST, 1, [(TensorType.Float32, [5], null)], (TensorType.Int32, [5], null)), false, Bytes(x)));
        Assert.Equal(new byte[] { 255, 0, 255, 0, 255 },
            Run<byte>(Model(BuiltinOperator.CAST, 1, [(TensorType.Float32, [5], null)], (TensorType.UInt8, [5], null)), false, Bytes(x)));
        // int32 -> float16 goes through float32: 2049 + 2^24 style double rounding is what TFLite does.
        int[] big = [16777217, 2049, -65519];
        var h = Run<Half>(Model(BuiltinOperator.CAST, 1, [(TensorType.Int32, [3], null)], (TensorType.Float16, [3], null)), false, Bytes(big));
        Assert.Equal(new[] { (Half)(float)16777217, (Half)2048f, (Half)(float)-65519 }, h);
        // bfloat16 and complex64 both ways.
        var bf = Run<ushort>(Model(BuiltinOperator.CAST, 7, [(TensorType.Float32, [3], null)], (TensorType.BFloat16, [3], null)), false, Bytes(1.00390625f, -3.5f, float.NaN));
        Assert.Equal(new ushort[] { 0x3F80, 0xC060, 0xFFC0 }, bf); // 1 + 2^-8 is a tie: rounds to even 1.0; .NET's NaN is negative
        var back = Run<int>(Model(BuiltinOperator.CAST, 7, [(TensorType.BFloat16, [3], null)], (TensorType.Int32, [3], null)), false, Bytes(BF(2.75f, -3.5f, 1e20f)));
        Assert.Equal(new[] { 2, -3, int.MaxValue }, back);
        var c = Run<float>(Model(BuiltinOperator.CAST, 1, [(TensorType.Int16, [2], null)], (TensorType.Complex64, [2], null)), false, Bytes<short>(3, -4));
        Assert.Equal(new[] { 3f, 0f, -4f, 0f }, c);
        var re = Run<long>(Model(BuiltinOperator.CAST, 1, [(TensorType.Complex64, [2], null)], (TensorType.Int64, [2], null)), false, Bytes(2.9f, 100f, -1.5f, 7f));
        Assert.Equal(new[] { 2L, -1L }, re);
        var flag = Run<byte>(Model(BuiltinOperator.CAST, 7, [(TensorType.BFloat16, [3], null)], (TensorType.Bool, [3], null)), false, Bytes<ushort>(0x8000, 0x0001, 0x7FC0));
        Assert.Equal(new byte[] { 0, 1, 1 }, flag);
    }

    [Fact]
    public void RunTimeErrorsAreOperatorExceptions()
    {
        var div = Binary(BuiltinOperator.DIV, TensorType.Int8, [3], [3], (0.5f, 0), (0.25f, 4), (0.5f, 0));
        Assert.Contains("zero point 4", InvokeFails(div, Bytes<sbyte>(1, 2, 3), Bytes<sbyte>(5, 4, 6)).Message);
        var pow = Binary(BuiltinOperator.POW, TensorType.Int32, [2], [2]);
        Assert.Contains("negative int32 exponents", InvokeFails(pow, Bytes(2, 3), Bytes(1, -1)).Message);
        var sqrt = Unary(BuiltinOperator.SQRT, TensorType.Int8, 2, (0.1f, 10));
        Assert.Contains("non-negative", InvokeFails(sqrt, Bytes<sbyte>(12, 9)).Message);
        var rsqrt = Unary(BuiltinOperator.RSQRT, TensorType.Int8, 2, (0.1f, 10), (0.1f, -128));
        Assert.Contains("below its zero point", InvokeFails(rsqrt, Bytes<sbyte>(12, 9)).Message);
    }

    [Fact]
    public void PrepareRejectsWhatTfliteRejects()
    {
        var relu = new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, 1);
        Assert.Contains("not allowed on complex64", PrepareFails(Binary(BuiltinOperator.MUL, TensorType.Complex64, [2], [2], optionsType: 21, options: [relu])).Message);
        Assert.Contains("does not broadcast", PrepareFails(Binary(BuiltinOperator.MUL, TensorType.Int16, [2, 3], [3], qo: (1f / 128, 0), outType: TensorType.Int8)).Message);
        Assert.Contains("not supported by SUB", PrepareFails(Binary(BuiltinOperator.SUB, TensorType.Float16, [2], [2])).Message);
        Assert.Contains("not supported by SQUARED_DIFFERENCE", PrepareFails(Binary(BuiltinOperator.SQUARED_DIFFERENCE, TensorType.UInt8, [2], [2], (1f, 0), (1f, 0), (1f, 0))).Message);
        Assert.Contains("not supported by POW", PrepareFails(Binary(BuiltinOperator.POW, TensorType.Int64, [2], [2])).Message);
        Assert.Contains("same type", PrepareFails(Model(BuiltinOperator.ADD, 1, [(TensorType.Int32, [2], null), (TensorType.Int64, [2], null)], (TensorType.Int32, [2], null))).Message);
        Assert.Contains("no quantization parameters", PrepareFails(Unary(BuiltinOperator.EXP, TensorType.Int8, 2)).Message);
        Assert.Contains("zero point", PrepareFails(Unary(BuiltinOperator.LOG, TensorType.Int16, 2, (0.01f, 3))).Message);
        Assert.Contains("not supported by SQUARE", PrepareFails(Unary(BuiltinOperator.SQUARE, TensorType.Int32, 2)).Message);
        Assert.Contains("alpha", PrepareFails(Model(BuiltinOperator.PRELU, 1, [(TensorType.Int16, [2], (0.01f, 0)), (TensorType.Int16, [2], (0.01f, 0))], (TensorType.Int16, [2], (0.01f, 0)))).Message);
    }

    [Fact]
    public void IntegerPathsWrapAsTfliteDoes()
    {
        Assert.Equal(new short[] { short.MinValue, -3 }, Run<short>(Binary(BuiltinOperator.ADD, TensorType.Int16, [2], [2], optionsType: 11, options: [new(0, TinyModel.OptionKind.Byte, 0)]), false,
            Bytes<short>(short.MaxValue, -1), Bytes<short>(1, -2)));
        Assert.Equal(new uint[] { 0xFFFFFFFEu, 6u }, Run<uint>(Binary(BuiltinOperator.MUL, TensorType.UInt32, [2], [2]), true, Bytes(0x7FFFFFFFu, 2u), Bytes(2u, 3u)));
        Assert.Equal(new[] { int.MinValue, 5 }, Run<int>(Unary(BuiltinOperator.ABS, TensorType.Int32, 2), false, Bytes(int.MinValue, -5)));
        Assert.Equal(new sbyte[] { -128, 127 }, Run<sbyte>(Unary(BuiltinOperator.NEG, TensorType.Int8, 2), false, Bytes<sbyte>(-128, -127)));
        // POW int32 element-wise: pow in double, out-of-range results become int.MinValue; a single exponent squares with wrap.
        Assert.Equal(new[] { 1024, int.MinValue }, Run<int>(Binary(BuiltinOperator.POW, TensorType.Int32, [2], [2]), false, Bytes(2, 3), Bytes(10, 40)));
        Assert.Equal(new[] { 1024, unchecked(59049 * 59049) }, Run<int>(Binary(BuiltinOperator.POW, TensorType.Int32, [2], [1]), false, Bytes(2, 9), Bytes(10)));
    }
}
