using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>A small model built in code (TinyModel) with its graph inputs' data, for one-op and few-op tests.</summary>
internal sealed class OpModel
{
    private readonly TinyModel _m = new();
    private readonly List<int> _inputs = new();
    private readonly List<int> _outputs = new();
    public List<float[]> Feeds { get; } = new();
    public Random Rng { get; }

    public OpModel(int seed) => Rng = new Random(seed);

    /// <summary>A graph input filled with seeded values in [-scale, scale].</summary>
    public int Input(int[] shape, float scale = 1f, string? name = null)
    {
        int t = _m.Input(name ?? $"in{_inputs.Count}", TensorType.Float32, shape);
        _inputs.Add(t);
        Feeds.Add(Harness.Random(Rng, Harness.Count(shape), scale));
        return t;
    }

    public int Const(int[] shape, float scale = 1f) => _m.ConstFloat($"c{_constants++}", shape, Harness.Random(Rng, Harness.Count(shape), scale));

    public int Const(int[] shape, float[] values) => _m.ConstFloat($"c{_constants++}", shape, values);

    public int Ints(params int[] values) => _m.ConstInt($"i{_constants++}", [values.Length], values);

    public int Ints(int[] shape, int[] values) => _m.ConstInt($"i{_constants++}", shape, values);

    public int Tensor(string name, TensorType type, int[] shape, byte[]? data = null, float[]? scale = null, long[]? zeroPoint = null, int quantizedDimension = 0) =>
        _m.Tensor(name, type, shape, data, scale: scale, zeroPoint: zeroPoint, quantizedDimension: quantizedDimension);

    private int _constants;

    /// <summary>An intermediate or output tensor (float32); the placeholder shape is replaced by shape inference.</summary>
    public int Value(string name, int[]? shape = null, TensorType type = TensorType.Float32) => _m.Tensor(name, type, shape ?? [1]);

    public OpModel Op(BuiltinOperator op, int[] inputs, int[] outputs, byte optionsType = 0, params TinyModel.OptionField[] options)
    {
        _m.Op(op, inputs, outputs, 1, optionsType, options);
        return this;
    }

    public OpModel Custom(string code, int[] inputs, int[] outputs, byte[] customOptions)
    {
        _m.Custom(code, inputs, outputs, customOptions);
        return this;
    }

    public OpModel Output(int t)
    {
        _outputs.Add(t);
        return this;
    }

    public byte[] Build() => _m.Inputs(_inputs.ToArray()).Outputs(_outputs.ToArray()).Build();

    public float[][] Inputs => Feeds.ToArray();

    // Options fields by schema slot (src/Schema/schema.fbs).
    public static TinyModel.OptionField Byte(int slot, int v) => new(slot, TinyModel.OptionKind.Byte, v);
    public static TinyModel.OptionField Int(int slot, int v) => new(slot, TinyModel.OptionKind.Int, v);
    public static TinyModel.OptionField Bool(int slot, bool v) => new(slot, TinyModel.OptionKind.Bool, v ? 1 : 0);
    public static TinyModel.OptionField Float(int slot, float v) => new(slot, TinyModel.OptionKind.Float, v);
    public static TinyModel.OptionField Ints(int slot, params int[] v) => TinyModel.OptionField.Vector(slot, v);

    /// <summary>BuiltinOptions union tags.</summary>
    public static class Tag
    {
        public const byte Conv2D = 1, DepthwiseConv2D = 2, Pool2D = 5, FullyConnected = 8, Softmax = 9, Concatenation = 10, Add = 11,
            ResizeBilinear = 15, Reshape = 17, SpaceToDepth = 19, Mul = 21, Pad = 22, Transpose = 26, Reducer = 27, Sub = 28, Div = 29,
            Squeeze = 30, StridedSlice = 32, MaximumMinimum = 39, PadV2 = 43, TransposeConv = 49, ExpandDims = 52,
            ResizeNearestNeighbor = 74, LeakyRelu = 75, DepthToSpace = 94;
    }

    /// <summary>Padding: SAME 0, VALID 1. Activation: NONE 0, RELU 1, RELU_N1_TO_1 2, RELU6 3, TANH 4.</summary>
    public const int Same = 0, Valid = 1, NoActivation = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4;
}
