using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>PAD and PADV2 (float32, rank up to 4): constant paddings, pad value 0 or PADV2's constant value.</summary>
internal sealed class PadGpuOp : GpuOp
{
    private Action<AcceleratorStream, KernelConfig, PadBody, LinearRange> _kernel = null!;
    private int[] _pads = [];
    private float _value;
    private PadBody _body;
    private KernelConfig _config;
    private LinearRange _range;

    public PadGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 2, 3), GpuChecks.Outputs(node)) is { } r) return r;
        var value = node.Inputs.ElementAtOrDefault(2);
        return GpuChecks.First(GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Outputs[0], "output"),
            GpuChecks.MaxRank(node.Inputs[0]!, 4, "input"), GpuChecks.ConstantInts(node.Inputs[1], "paddings"),
            value is null ? null : value.DataType != TensorType.Float32 || !value.IsConstant || value.ElementCount != 1
                ? $"constant value '{value.Name}' must be one constant float32" : null);
    }

    public override void Build(PartitionBuilder b)
    {
        _kernel = b.Device.Load<PadBody, LinearRange>(ForEachKernel.Run);
        _pads = GpuChecks.ReadInts(Node.Inputs[1]!);
        _value = Node.Inputs.ElementAtOrDefault(2) is { } v ? v.GetData<float>()[0] : 0f;
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        int rank = s.Length;
        if (rank > 4) throw Fail($"input {Format(s)} has rank above 4");
        if (_pads.Length != 2 * rank) throw Fail($"paddings hold {_pads.Length} values, input {Format(s)} needs [{rank},2]");
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (_pads[2 * d] < 0 || _pads[2 * d + 1] < 0) throw Fail($"paddings of dimension {d} must be >= 0");
            long n = (long)s[d] + _pads[2 * d] + _pads[2 * d + 1];
            if (n > int.MaxValue) throw Fail($"padded dimension {d} overflows int32");
            shape[d] = (int)n;
        }
        Out[0].Shape = shape;
    }

    public override void Prepare(PartitionMemory m)
    {
        var s = Input(0).Shape;
        var o = Out[0].Shape;
        int lead = 4 - s.Length;
        int In(int d) => d < lead ? 1 : s[d - lead];
        int Outd(int d) => d < lead ? 1 : o[d - lead];
        int Left(int d) => d < lead ? 0 : _pads[2 * (d - lead)];
        _body = new PadBody
        {
            Input = m.View(Input(0)), Output = m.View(Out[0]),
            O1 = Outd(1), O2 = Outd(2), O3 = Outd(3),
            I0 = In(0), I1 = In(1), I2 = In(2), I3 = In(3),
            L0 = Left(0), L1 = Left(1), L2 = Left(2), L3 = Left(3),
            Value = _value,
        };
        _config = m.Linear(Out[0].Length, out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _kernel(stream, _config, _body, _range);
    }
}
