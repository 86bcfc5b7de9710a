using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Runtime.Tests.Graph;

/// <summary>Op-level wiring of the quantized BATCH_MATMUL (int8, hybrid) and uint8 TRANSPOSE_CONV paths, hand-worked values.</summary>
public class QuantizedConvFamilyOpTests
{
    private static TestModelBuilder.TensorSpec T(string name, G.TensorType type, int[] shape, float scale = 0, long zp = 0, uint buffer = 0) =>
        new() { Name = name, Type = type, Shape = shape, Buffer = buffer, Scale = scale == 0 ? null : [scale], ZeroPoint = scale == 0 ? null : [zp] };

    [Fact]
    public void BatchMatMulInt8BroadcastAdjY()
    {
        var b = new TestModelBuilder();
        int op = b.AddOperatorCode(BuiltinOperator.BATCH_MATMUL, 4);
        uint rhs = b.AddBuffer<sbyte>([1, 2, 3, -1]); // adj_y: [cols, depth]
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors =
            {
                T("lhs", G.TensorType.INT8, [2, 1, 2], 0.5f, -1),
                T("rhs", G.TensorType.INT8, [2, 2], 0.25f, 0, rhs),
                T("out", G.TensorType.INT8, [2, 1, 2], 0.125f, 3),
            },
            Inputs = [0], Outputs = [2],
            Operators =
            {
                new() { OpcodeIndex = (uint)op, Inputs = [0, 1], Outputs = [2], OptionsType = G.BuiltinOptions.BatchMatMulOptions,
                        Options = fb => G.BatchMatMulOptions.CreateBatchMatMulOptions(fb, false, true, false).Value },
            },
        });
        using var interp = new Interpreter(Model.FromBytes(b.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<sbyte>([1, 3, -1, 0]);
        interp.Invoke();
        // (lhs + 1) = [2, 4] and [0, 1]; columns [1, 2] and [3, -1]; multiplier 0.5 * 0.25 / 0.125 = 1; + 3.
        Assert.Equal(new sbyte[] { 13, 5, 5, 2 }, interp.Outputs[0].ToArray<sbyte>());
    }

    [Fact]
    public void BatchMatMulHybridConstantRhs()
    {
        var b = new TestModelBuilder();
        int op = b.AddOperatorCode(BuiltinOperator.BATCH_MATMUL, 4);
        uint rhs = b.AddBuffer<sbyte>([1, 2, 3, 4, 5, 6]);
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors =
            {
                T("lhs", G.TensorType.FLOAT32, [1, 3]),
                T("rhs", G.TensorType.INT8, [3, 2], 0.5f, 0, rhs),
                T("out", G.TensorType.FLOAT32, [1, 2]),
            },
            Inputs = [0], Outputs = [2],
            Operators =
            {
                new() { OpcodeIndex = (uint)op, Inputs = [0, 1], Outputs = [2], OptionsType = G.BuiltinOptions.BatchMatMulOptions,
                        Options = fb => G.BatchMatMulOptions.CreateBatchMatMulOptions(fb, false, false, false).Value },
            },
        });
        using var interp = new Interpreter(Model.FromBytes(b.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, 2f, 3f]);
        interp.Invoke();
        // q = [42, 85, 127] (scale 3/127), dots 932 and 1186, times 3/127 * 0.5.
        float scale = 3f / 127f * 0.5f;
        Assert.Equal(new[] { 932f * scale, 1186f * scale }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void TransposeConvUInt8()
    {
        var b = new TestModelBuilder();
        int op = b.AddOperatorCode(BuiltinOperator.TRANSPOSE_CONV, 3);
        uint shape = b.AddBuffer<int>([1, 1, 4, 1]);
        uint weights = b.AddBuffer<byte>([3, 13]);
        uint bias = b.AddBuffer<int>([2]);
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors =
            {
                T("output_shape", G.TensorType.INT32, [4], buffer: shape),
                T("weights", G.TensorType.UINT8, [1, 1, 2, 1], 1f, 3, weights),
                T("input", G.TensorType.UINT8, [1, 1, 2, 1], 1f, 1),
                T("bias", G.TensorType.INT32, [1], buffer: bias),
                T("out", G.TensorType.UINT8, [1, 1, 4, 1], 1f, 100),
            },
            Inputs = [2], Outputs = [4],
            Operators =
            {
                new() { OpcodeIndex = (uint)op, Inputs = [0, 1, 2, 3], Outputs = [4], OptionsType = G.BuiltinOptions.TransposeConvOptions,
                        Options = fb => G.TransposeConvOptions.CreateTransposeConvOptions(fb, G.Padding.VALID, 2, 1).Value },
            },
        });
        using var interp = new Interpreter(Model.FromBytes(b.Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<byte>([1, 2]);
        interp.Invoke();
        // input - 1 = [0, 1], weights - 3 = [0, 10], stride 2: [0, 0, 0, 10] + bias 2, multiplier 1, + 100.
        Assert.Equal(new byte[] { 102, 102, 102, 112 }, interp.Outputs[0].ToArray<byte>());
    }
}
