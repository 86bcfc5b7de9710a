using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Serving;

/// <summary>Small models for the pool tests: two with the same signature (x[1,4], y[1,4] -> out[1,4]) and different results.</summary>
internal static class ServingModels
{
    private const byte AddOptions = 11, MulOptions = 21;

    /// <summary>out = relu(x + y) when <paramref name="multiply"/> is false, relu(x * y) when true.</summary>
    public static byte[] Binary(bool multiply, string inputName = "x")
    {
        var m = new TinyModel();
        int x = m.Input(inputName, TensorType.Float32, 1, 4), y = m.Input("y", TensorType.Float32, 1, 4);
        int s = m.Input("mid", TensorType.Float32, 1, 4), o = m.Input("out", TensorType.Float32, 1, 4);
        var act = new OptionField(0, OptionKind.Byte, (int)ActivationFunctionType.None);
        return (multiply
                ? m.Op(BuiltinOperator.MUL, [x, y], [s], 1, MulOptions, act)
                : m.Op(BuiltinOperator.ADD, [x, y], [s], 1, AddOptions, act))
            .Op(BuiltinOperator.RELU, [s], [o]).Inputs(x, y).Outputs(o).Build();
    }

    /// <summary>x[1,4] + y[1,3]: valid flatbuffer, rejected when the interpreter prepares ADD (shapes do not broadcast).</summary>
    public static byte[] Mismatched()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4), y = m.Input("y", TensorType.Float32, 1, 3);
        int o = m.Input("out", TensorType.Float32, 1, 4);
        return m.Op(BuiltinOperator.ADD, [x, y], [o], 1, AddOptions, new OptionField(0, OptionKind.Byte, 0)).Inputs(x, y).Outputs(o).Build();
    }

    public static float Expected(bool multiply, float x, float y) => Math.Max(0f, multiply ? x * y : x + y);

    public static byte[] Bytes(params float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
