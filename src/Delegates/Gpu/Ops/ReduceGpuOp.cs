using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// MEAN, SUM and REDUCE_MAX (float32) over constant axes, any that merge into at most two kept and two reduced
/// segments (MEAN over H, W of NHWC is kept N | reduced H*W | kept C); one thread per output element.
/// </summary>
internal sealed class ReduceGpuOp : GpuOp
{
    private Action<AcceleratorStream, KernelConfig, ReduceBody, LinearRange> _kernel = null!;
    private int[] _axes = [];
    private bool _keepDims;
    private ReduceBody _body;
    private KernelConfig _config;
    private LinearRange _range;

    public ReduceGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node) =>
        GpuChecks.First(GpuChecks.Inputs(node, 2, 2), GpuChecks.Outputs(node), GpuChecks.Float(node.Inputs[0], "input"),
                        GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.ConstantInts(node.Inputs[1], "axis"));

    public override void Build(PartitionBuilder b)
    {
        _kernel = b.Device.Load<ReduceBody, LinearRange>(ForEachKernel.Run);
        _axes = GpuChecks.ReadInts(Node.Inputs[1]!);
        _keepDims = Node.GetOptions<ReducerOptions>().KeepDims;
    }

    private bool[] _reduced = [];

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        try
        {
            _reduced = ReduceAxes.Resolve(_axes, s.Length);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Fail($"axis [{string.Join(",", _axes)}] is out of range for input {Format(s)}");
        }
        // Segments: adjacent dimensions of the same kind merged, size-1 dimensions dropped.
        var dims = new List<(long Size, bool Reduced)>();
        for (int d = 0; d < s.Length; d++)
        {
            if (s[d] == 1) continue;
            if (dims.Count > 0 && dims[^1].Reduced == _reduced[d]) dims[^1] = (dims[^1].Size * s[d], _reduced[d]);
            else dims.Add((s[d], _reduced[d]));
        }
        var kept = new List<(int Size, int Stride)>();
        var red = new List<(int Size, int Stride)>();
        long stride = 1;
        for (int i = dims.Count - 1; i >= 0; i--)
        {
            (dims[i].Reduced ? red : kept).Insert(0, ((int)dims[i].Size, (int)stride));
            stride *= dims[i].Size;
        }
        if (kept.Count > 2 || red.Count > 2)
            throw Fail($"reducing axes [{string.Join(",", _axes)}] of {Format(s)} needs more than two kept or reduced segments");
        while (kept.Count < 2) kept.Insert(0, (1, 0));
        while (red.Count < 2) red.Insert(0, (1, 0));
        long count = 1;
        for (int d = 0; d < s.Length; d++) if (_reduced[d]) count *= s[d];
        int kind = Node.Operator switch { BuiltinOperator.SUM => 0, BuiltinOperator.MEAN => 1, _ => 2 };
        _body = new ReduceBody
        {
            K0 = kept[0].Size, K1 = kept[1].Size, KS0 = kept[0].Stride, KS1 = kept[1].Stride,
            R0 = red[0].Size, R1 = red[1].Size, RS0 = red[0].Stride, RS1 = red[1].Stride,
            Kind = kind, Count = count,
        };
        Out[0].Shape = ReduceAxes.OutputShape(s, _reduced, _keepDims);
    }

    public override void Prepare(PartitionMemory m)
    {
        _body.Input = m.View(Input(0));
        _body.Output = m.View(Out[0]);
        _config = m.Linear(Out[0].Length, out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _kernel(stream, _config, _body, _range);
    }
}
