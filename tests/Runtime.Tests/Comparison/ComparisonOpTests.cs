using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Comparison;

/// <summary>
/// The comparison-family operators through the interpreter: what TFLite rejects fails in AllocateTensors with an
/// OperatorException naming the node and the tensor, run-time errors (division by zero) fail the Invoke, and the
/// cases native TFLite cannot be compared on (unquantized int16 NOT_EQUAL, narrow-range FAKE_QUANT) give the
/// formula's values.
/// </summary>
public class ComparisonOpTests
{
    private static byte[] Binary(BuiltinOperator op, TensorType a, int[] sa, TensorType b, int[] sb, TensorType o, int[] so, int version = 1,
        (float, long)? qa = null, (float, long)? qb = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", a, sa, scale: qa is null ? null : [qa.Value.Item1], zeroPoint: qa is null ? null : [qa.Value.Item2]);
        int y = m.Tensor("y", b, sb, scale: qb is null ? null : [qb.Value.Item1], zeroPoint: qb is null ? null : [qb.Value.Item2]);
        int z = m.Tensor("z", o, so);
        return m.Op(op, [x, y], [z], version).Inputs(x, y).Outputs(z).Build();
    }

    private static OperatorException PrepareFails(byte[] model)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        return Assert.Throws<OperatorException>(() => interp.AllocateTensors());
    }

    private static Interpreter Ready(byte[] model, bool reference = false)
    {
        var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference });
        interp.AllocateTensors();
        return interp;
    }

    [Fact]
    public void ComparisonsRejectWhatTfliteRejects()
    {
        var e = PrepareFails(Binary(BuiltinOperator.LESS, TensorType.Float32, [3], TensorType.Int32, [3], TensorType.Bool, [3]));
        Assert.Contains("same type", e.Message);
        Assert.Contains("'x'", e.Message);
        e = PrepareFails(Binary(BuiltinOperator.EQUAL, TensorType.Float32, [3], TensorType.Float32, [3], TensorType.Float32, [3]));
        Assert.Contains("must be bool", e.Message);
        e = PrepareFails(Binary(BuiltinOperator.LESS, TensorType.Bool, [3], TensorType.Bool, [3], TensorType.Bool, [3]));
        Assert.Contains("bool is not supported by LESS", e.Message);
        e = PrepareFails(Binary(BuiltinOperator.LESS_EQUAL, TensorType.BFloat16, [3], TensorType.BFloat16, [3], TensorType.Bool, [3]));
        Assert.Contains("bfloat16", e.Message);
        e = PrepareFails(Binary(BuiltinOperator.GREATER, TensorType.Float32, [2, 3], TensorType.Float32, [4], TensorType.Bool, [2, 3]));
        Assert.Contains("cannot be broadcast", e.Message);
        // int8 comparisons are always quantized: no parameters, or a scale of 1, is what TFLite aborts on.
        e = PrepareFails(Binary(BuiltinOperator.EQUAL, TensorType.Int8, [3], TensorType.Int8, [3], TensorType.Bool, [3]));
        Assert.Contains("no quantization parameters", e.Message);
        e = PrepareFails(Binary(BuiltinOperator.EQUAL, TensorType.UInt8, [3], TensorType.UInt8, [3], TensorType.Bool, [3], 2, (1f, 0), (0.5f, 0)));
        Assert.Contains("(0, 1)", e.Message);
    }

    [Fact]
    public void UnquantizedInt16NotEqualComparesStoredValues()
    {
        // TFLite's NOT_EQUAL leaves this output unwritten; ManagedLite computes it.
        foreach (bool reference in new[] { false, true })
        {
            using var interp = Ready(Binary(BuiltinOperator.NOT_EQUAL, TensorType.Int16, [2, 2], TensorType.Int16, [2], TensorType.Bool, [2, 2]), reference);
            interp.Inputs[0].CopyFrom<short>([1, -2, 3, 4]);
            interp.Inputs[1].CopyFrom<short>([1, 4]);
            interp.Invoke();
            Assert.Equal(new byte[] { 0, 1, 1, 0 }, interp.Outputs[0].ToArray<byte>());
        }
    }

    [Fact]
    public void LogicalOpsNeedBool()
    {
        var e = PrepareFails(Binary(BuiltinOperator.LOGICAL_AND, TensorType.Int32, [2], TensorType.Int32, [2], TensorType.Bool, [2]));
        Assert.Contains("accepts bool", e.Message);
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2]);
        int y = m.Tensor("y", TensorType.Bool, [2]);
        PrepareFails(m.Op(BuiltinOperator.LOGICAL_NOT, [x], [y]).Inputs(x).Outputs(y).Build());
    }

    private static byte[] Select(BuiltinOperator op, int[] c, int[] x, int[] y, int[] o, TensorType type = TensorType.Float32, TensorType cond = TensorType.Bool)
    {
        var m = new TinyModel();
        int tc = m.Tensor("cond", cond, c), tx = m.Tensor("x", type, x), ty = m.Tensor("y", type, y), to = m.Tensor("out", type, o);
        return m.Op(op, [tc, tx, ty], [to], 1).Inputs(tc, tx, ty).Outputs(to).Build();
    }

    [Fact]
    public void SelectValidatesItsShapes()
    {
        var e = PrepareFails(Select(BuiltinOperator.SELECT, [2], [3, 2], [3, 2], [3, 2]));
        Assert.Contains("rank 1 matching", e.Message);
        e = PrepareFails(Select(BuiltinOperator.SELECT, [3], [3, 2], [3, 1], [3, 2]));
        Assert.Contains("same shape", e.Message);
        e = PrepareFails(Select(BuiltinOperator.SELECT, [3], [3], [3], [3], cond: TensorType.Int8));
        Assert.Contains("must be bool", e.Message);
        e = PrepareFails(Select(BuiltinOperator.SELECT_V2, [2, 1], [3], [4], [2, 3]));
        Assert.Contains("cannot be broadcast", e.Message);
        e = PrepareFails(Select(BuiltinOperator.SELECT_V2, [2, 1], [3], [1], [2, 3], TensorType.Complex128));
        Assert.Contains("1, 2, 4 or 8 bytes", e.Message);
    }

    [Fact]
    public void SelectKeepsTheDeclaredShapeOfOneElementOperands()
    {
        using var interp = Ready(Select(BuiltinOperator.SELECT_V2, [], [1], [1, 1], [1, 1, 1]));
        interp.Inputs[0].CopyFrom<byte>([1]);
        interp.Inputs[1].CopyFrom<float>([2.5f]);
        interp.Inputs[2].CopyFrom<float>([-1f]);
        interp.Invoke();
        Assert.Equal(new[] { 1, 1, 1 }, interp.Outputs[0].Shape.ToArray());
        Assert.Equal(2.5f, interp.Outputs[0].ToArray<float>()[0]);
    }

    [Theory]
    [InlineData(BuiltinOperator.FLOOR_DIV, TensorType.Int32)]
    [InlineData(BuiltinOperator.FLOOR_DIV, TensorType.Float32)]
    [InlineData(BuiltinOperator.FLOOR_MOD, TensorType.Int64)]
    public void DivisionByZeroFailsTheInvoke(BuiltinOperator op, TensorType type)
    {
        using var interp = Ready(Binary(op, type, [3], type, [1], type, [3]));
        interp.Inputs[0].WritableBytes.Fill(1);
        interp.Inputs[1].WritableBytes.Clear();
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("division by zero", e.Message);
        Assert.Contains("'y'", e.Message);
    }

    [Fact]
    public void FloatFloorModByZeroIsNaN()
    {
        using var interp = Ready(Binary(BuiltinOperator.FLOOR_MOD, TensorType.Float32, [2], TensorType.Float32, [2], TensorType.Float32, [2]));
        interp.Inputs[0].CopyFrom<float>([1f, 7f]);
        interp.Inputs[1].CopyFrom<float>([0f, -3f]);
        interp.Invoke();
        var y = interp.Outputs[0].ToArray<float>();
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(-2f, y[1]);
    }

    [Fact]
    public void ArithmeticOpsRejectUnsupportedTypes()
    {
        Assert.Contains("float32, int8, int16, int32", PrepareFails(Binary(BuiltinOperator.FLOOR_DIV, TensorType.Int64, [2], TensorType.Int64, [2], TensorType.Int64, [2])).Message);
        Assert.Contains("int8, uint8, int16, uint16, int32, uint32", PrepareFails(Binary(BuiltinOperator.RIGHT_SHIFT, TensorType.Int64, [2], TensorType.Int64, [2], TensorType.Int64, [2])).Message);
        Assert.Contains("int8, uint8, int16, uint16, int32, uint32", PrepareFails(Binary(BuiltinOperator.BITWISE_XOR, TensorType.Float32, [2], TensorType.Float32, [2], TensorType.Float32, [2])).Message);
        Assert.Contains("must be int32", PrepareFails(Binary(BuiltinOperator.BITWISE_XOR, TensorType.Int32, [2], TensorType.Int32, [2], TensorType.UInt32, [2])).Message);
        Assert.Contains("does not broadcast", PrepareFails(Binary(BuiltinOperator.ATAN2, TensorType.Float32, [2, 3], TensorType.Float32, [1, 3], TensorType.Float32, [2, 3])).Message);
    }

    private static byte[] Unary(BuiltinOperator op, TensorType a, int[] sa, TensorType o, int[] so, int version = 1, byte optionsType = 0, params TinyModel.OptionField[] options)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", a, sa);
        int y = m.Tensor("y", o, so);
        return m.Op(op, [x], [y], version, optionsType, options).Inputs(x).Outputs(y).Build();
    }

    [Fact]
    public void UnaryOpsRejectUnsupportedTypes()
    {
        Assert.Contains("float32, float16, bfloat16", PrepareFails(Unary(BuiltinOperator.ROUND, TensorType.Int32, [2], TensorType.Int32, [2])).Message);
        Assert.Contains("float32, float64, int32", PrepareFails(Unary(BuiltinOperator.SIGN, TensorType.Int8, [2], TensorType.Int8, [2])).Message);
        Assert.Contains("int64, int32, float32", PrepareFails(Unary(BuiltinOperator.ZEROS_LIKE, TensorType.Bool, [2], TensorType.Bool, [2])).Message);
        Assert.Contains("must be float32", PrepareFails(Unary(BuiltinOperator.ZEROS_LIKE, TensorType.Float32, [2], TensorType.Int32, [2])).Message);
    }

    [Fact]
    public void BitcastChecksTheLastDimension()
    {
        var e = PrepareFails(Unary(BuiltinOperator.BITCAST, TensorType.Int8, [2, 3], TensorType.Int32, [2]));
        Assert.Contains("dimension of 4", e.Message);
        PrepareFails(Unary(BuiltinOperator.BITCAST, TensorType.Int8, [], TensorType.Int16, []));
        using var interp = Ready(Unary(BuiltinOperator.BITCAST, TensorType.UInt8, [2, 4], TensorType.Float32, [2]));
        interp.Inputs[0].CopyFrom<byte>([0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0]);
        interp.Invoke();
        Assert.Equal(new[] { 1f, -2f }, interp.Outputs[0].ToArray<float>());
    }

    private static TinyModel.OptionField[] FakeQuant(float min, float max, int bits, bool narrow) =>
    [
        new(0, TinyModel.OptionKind.Float, min), new(1, TinyModel.OptionKind.Float, max), new(2, TinyModel.OptionKind.Int, bits),
        new(3, TinyModel.OptionKind.Bool, narrow ? 1 : 0),
    ];

    [Fact]
    public void FakeQuantValidatesItsOptionsAndRunsNarrowRange()
    {
        Assert.Contains("num_bits", PrepareFails(Unary(BuiltinOperator.FAKE_QUANT, TensorType.Float32, [2], TensorType.Float32, [2], 1, 58, FakeQuant(-1, 1, 1, false))).Message);
        Assert.Contains("min < max", PrepareFails(Unary(BuiltinOperator.FAKE_QUANT, TensorType.Float32, [2], TensorType.Float32, [2], 1, 58, FakeQuant(1, 1, 8, false))).Message);
        // narrow_range, 2 bits over [-1, 1]: levels 1..3, scale 1, zero point 2, grid {-1, 0, 1}.
        using var interp = Ready(Unary(BuiltinOperator.FAKE_QUANT, TensorType.Float32, [5], TensorType.Float32, [5], 2, 58, FakeQuant(-1, 1, 2, true)));
        interp.Inputs[0].CopyFrom<float>([-3f, -0.6f, 0.4f, 0.5f, 9f]);
        interp.Invoke();
        Assert.Equal(new[] { -1f, -1f, 0f, 1f, 1f }, interp.Outputs[0].ToArray<float>());
    }
}
