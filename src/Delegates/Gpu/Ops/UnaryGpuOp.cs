using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// Float32 unary operators: RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH, HARD_SWISH, ELU, and EXP, SQRT, RSQRT, ABS,
/// NEG, SQUARE. The device runs the CPU kernels' operator structs (ReluOperator, LogisticOperator, ...): the scalar
/// formula is TFLite's, the same as the CPU path.
/// </summary>
internal sealed class UnaryGpuOp : GpuOp
{
    private IUnaryLauncher _launcher = null!;
    private KernelConfig _config;
    private LinearRange _range;

    public UnaryGpuOp(DelegateNode node) : base(node) { }

    public static readonly BuiltinOperator[] Operators =
    [
        BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH,
        BuiltinOperator.HARD_SWISH, BuiltinOperator.ELU, BuiltinOperator.EXP, BuiltinOperator.SQRT, BuiltinOperator.RSQRT,
        BuiltinOperator.ABS, BuiltinOperator.NEG, BuiltinOperator.SQUARE,
    ];

    public static string? Check(DelegateNode node) =>
        GpuChecks.First(GpuChecks.Inputs(node, 1, 1), GpuChecks.Outputs(node), GpuChecks.Float(node.Inputs[0], "input"),
                        GpuChecks.Float(node.Outputs[0], "output"));

    public override void Build(PartitionBuilder b)
    {
        var d = b.Device;
        _launcher = Node.Operator switch
        {
            BuiltinOperator.RELU => new UnaryLauncher<ReluOperator>(d),
            BuiltinOperator.RELU6 => new UnaryLauncher<Relu6Operator>(d),
            BuiltinOperator.RELU_N1_TO_1 => new UnaryLauncher<ReluN1To1Operator>(d),
            BuiltinOperator.LOGISTIC => new UnaryLauncher<LogisticOperator>(d),
            BuiltinOperator.TANH => new UnaryLauncher<TanhOperator>(d),
            BuiltinOperator.HARD_SWISH => new UnaryLauncher<HardSwishOperator>(d),
            BuiltinOperator.ELU => new UnaryLauncher<EluOperator>(d),
            BuiltinOperator.EXP => new UnaryLauncher<ExpOperator>(d),
            BuiltinOperator.SQRT => new UnaryLauncher<SqrtOperator>(d),
            BuiltinOperator.RSQRT => new UnaryLauncher<RsqrtOperator>(d),
            BuiltinOperator.ABS => new UnaryLauncher<AbsOperator>(d),
            BuiltinOperator.NEG => new UnaryLauncher<NegOperator>(d),
            BuiltinOperator.SQUARE => new UnaryLauncher<SquareOperator>(d),
            _ => throw Fail("not a unary operator"),
        };
    }

    public override void InferShapes() => Out[0].Shape = (int[])Input(0).Shape.Clone();

    public override void Prepare(PartitionMemory m)
    {
        _config = m.Linear(Out[0].Length, out _range);
        _launcher.Set(m.View(Input(0)), m.View(Out[0]));
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _launcher.Enqueue(stream, _config, _range);
    }

    private interface IUnaryLauncher
    {
        void Set(ArrayView<float> x, ArrayView<float> y);
        void Enqueue(AcceleratorStream stream, KernelConfig config, LinearRange range);
    }

    private sealed class UnaryLauncher<TOp> : IUnaryLauncher where TOp : struct, IUnaryOperator
    {
        private readonly Action<AcceleratorStream, KernelConfig, UnaryBody<TOp>, LinearRange> _kernel;
        private UnaryBody<TOp> _body;

        public UnaryLauncher(GpuDevice device) => _kernel = device.Load<UnaryBody<TOp>, LinearRange>(ForEachKernel.Run);

        public void Set(ArrayView<float> x, ArrayView<float> y) => _body = new UnaryBody<TOp> { X = x, Y = y };

        public void Enqueue(AcceleratorStream stream, KernelConfig config, LinearRange range) => _kernel(stream, config, _body, range);
    }
}
