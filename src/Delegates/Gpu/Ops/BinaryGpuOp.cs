using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// Broadcasting binary operators (float32): ADD, SUB, MUL, DIV (with fused activations), MAXIMUM, MINIMUM,
/// SQUARED_DIFFERENCE, PRELU (alpha broadcast to the input), and LEAKY_RELU (alpha from the options as a broadcast
/// scalar). The device runs the CPU kernels' own operator structs (AddOperator, ...), so the scalar formula is the same.
/// Operand shapes are merged into at most six dimensions (the CPU kernels' broadcast rank limit), as the CPU's BroadcastPlan does.
/// </summary>
internal sealed class BinaryGpuOp : GpuOp
{
    private IBinaryLauncher _launcher = null!;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;
    private float? _leakyAlpha;
    private DeviceWeights? _alphaBuffer;
    private Broadcast6 _shape;
    private KernelConfig _config;
    private LinearRange _range;

    public BinaryGpuOp(DelegateNode node) : base(node) { }

    private bool IsLeakyRelu => Node.Operator == BuiltinOperator.LEAKY_RELU;

    public static string? Check(DelegateNode node)
    {
        bool leaky = node.Operator == BuiltinOperator.LEAKY_RELU;
        if (GpuChecks.First(GpuChecks.Inputs(node, leaky ? 1 : 2, leaky ? 1 : 2), GpuChecks.Outputs(node)) is { } r) return r;
        var activation = node.Operator switch
        {
            BuiltinOperator.ADD => node.GetOptions<AddOptions>().FusedActivation,
            BuiltinOperator.SUB => node.GetOptions<SubOptions>().FusedActivation,
            BuiltinOperator.MUL => node.GetOptions<MulOptions>().FusedActivation,
            BuiltinOperator.DIV => node.GetOptions<DivOptions>().FusedActivation,
            _ => ActivationFunctionType.None,
        };
        return GpuChecks.First(
            GpuChecks.Float(node.Inputs[0], "input 0"), leaky ? null : GpuChecks.Float(node.Inputs[1], "input 1"),
            GpuChecks.MaxRank(node.Inputs[0]!, 6, "input 0"), leaky ? null : GpuChecks.MaxRank(node.Inputs[1]!, 6, "input 1"),
            GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.Activation(activation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        var d = b.Device;
        _launcher = Node.Operator switch
        {
            BuiltinOperator.ADD => new BinaryLauncher<AddOperator>(d),
            BuiltinOperator.SUB => new BinaryLauncher<SubOperator>(d),
            BuiltinOperator.MUL => new BinaryLauncher<MulOperator>(d),
            BuiltinOperator.DIV => new BinaryLauncher<DivOperator>(d),
            BuiltinOperator.MAXIMUM => new BinaryLauncher<MaximumOperator>(d),
            BuiltinOperator.MINIMUM => new BinaryLauncher<MinimumOperator>(d),
            BuiltinOperator.SQUARED_DIFFERENCE => new BinaryLauncher<SquaredDifferenceOperator>(d),
            BuiltinOperator.PRELU => new BinaryLauncher<PreluOperator>(d),
            BuiltinOperator.LEAKY_RELU => new BinaryLauncher<LeakyReluOperator>(d),
            _ => throw Fail("not a binary operator"),
        };
        var act = Node.Operator switch
        {
            BuiltinOperator.ADD => Node.GetOptions<AddOptions>().FusedActivation,
            BuiltinOperator.SUB => Node.GetOptions<SubOptions>().FusedActivation,
            BuiltinOperator.MUL => Node.GetOptions<MulOptions>().FusedActivation,
            BuiltinOperator.DIV => Node.GetOptions<DivOptions>().FusedActivation,
            _ => (ActivationFunctionType?)null,
        };
        if (act is { } a) (_min, _max) = ActivationRange.Of(a, Node);
        if (IsLeakyRelu)
        {
            _leakyAlpha = Node.GetOptions<LeakyReluOptions>().Alpha;
            _alphaBuffer = b.Upload([_leakyAlpha.Value], allowHalf: false);
        }
    }

    public override void InferShapes()
    {
        var a = Input(0).Shape;
        var b = IsLeakyRelu ? [] : Input(1).Shape;
        var output = ManagedLite.Kernels.Elementwise.BroadcastPlan.TryGetOutputShape(a, b)
            ?? throw Fail($"input shapes {Format(a)} and {Format(b)} cannot be broadcast");
        if (Node.Operator == BuiltinOperator.PRELU && !output.AsSpan().SequenceEqual(a))
            throw Fail($"alpha {Format(b)} must broadcast to the input {Format(a)}");
        _shape = Merge(a, b, output) ?? throw Fail($"broadcasting {Format(a)} with {Format(b)} needs more than 6 merged dimensions");
        Out[0].Shape = output;
    }

    /// <summary>
    /// Merges adjacent output dimensions with the same broadcast pattern (both full, a broadcast, b broadcast), drops
    /// size-1 ones, and gives each operand's element strides (0 where broadcast); null beyond six merged dimensions.
    /// </summary>
    internal static Broadcast6? Merge(int[] a, int[] b, int[] output)
    {
        int rank = output.Length;
        var dims = new List<int>();
        var cats = new List<int>();
        bool empty = false;
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            int d = output[i];
            if (d == 0) empty = true;
            if (d == 1) continue;
            int cat = da == db ? 0 : da == 1 ? 1 : 2;
            if (cats.Count > 0 && cats[^1] == cat) dims[^1] *= d;
            else { dims.Add(d); cats.Add(cat); }
        }
        if (empty || dims.Count == 0 || dims.Count == 1 && cats[0] == 0) return new Broadcast6 { D1 = 1, D2 = 1, D3 = 1, D4 = 1, D5 = 1, Same = 1 };
        if (dims.Count > 6) return null;
        while (dims.Count < 6) { dims.Insert(0, 1); cats.Insert(0, 0); }
        var sa = new int[6];
        var sb = new int[6];
        int stepA = 1, stepB = 1;
        for (int i = 5; i >= 0; i--)
        {
            sa[i] = cats[i] == 1 ? 0 : stepA;
            sb[i] = cats[i] == 2 ? 0 : stepB;
            if (cats[i] != 1) stepA *= dims[i];
            if (cats[i] != 2) stepB *= dims[i];
        }
        return new Broadcast6
        {
            D1 = dims[1], D2 = dims[2], D3 = dims[3], D4 = dims[4], D5 = dims[5],
            A0 = sa[0], A1 = sa[1], A2 = sa[2], A3 = sa[3], A4 = sa[4], A5 = sa[5],
            B0 = sb[0], B1 = sb[1], B2 = sb[2], B3 = sb[3], B4 = sb[4], B5 = sb[5],
        };
    }

    public override void Prepare(PartitionMemory m)
    {
        var x = m.View(Input(0));
        var y = IsLeakyRelu ? _alphaBuffer!.Linear32.Data : m.View(Input(1));
        _config = m.Linear(Out[0].Length, out _range);
        _launcher.Set(x, y, m.View(Out[0]), _shape, _min, _max);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _launcher.Enqueue(stream, _config, _range);
    }

    private interface IBinaryLauncher
    {
        void Set(ArrayView<float> x, ArrayView<float> y, ArrayView<float> z, Broadcast6 shape, float min, float max);
        void Enqueue(AcceleratorStream stream, KernelConfig config, LinearRange range);
    }

    private sealed class BinaryLauncher<TOp> : IBinaryLauncher where TOp : struct, IBinaryOperator
    {
        private readonly Action<AcceleratorStream, KernelConfig, BinaryBody<TOp>, LinearRange> _kernel;
        private BinaryBody<TOp> _body;

        public BinaryLauncher(GpuDevice device) => _kernel = device.Load<BinaryBody<TOp>, LinearRange>(ForEachKernel.Run);

        public void Set(ArrayView<float> x, ArrayView<float> y, ArrayView<float> z, Broadcast6 shape, float min, float max) =>
            _body = new BinaryBody<TOp> { X = x, Y = y, Z = z, Shape = shape, Min = min, Max = max };

        public void Enqueue(AcceleratorStream stream, KernelConfig config, LinearRange range) => _kernel(stream, config, _body, range);
    }
}
