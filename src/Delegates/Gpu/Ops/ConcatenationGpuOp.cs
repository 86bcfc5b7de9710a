using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>CONCATENATION (float32): one strided copy per input into its block of the output, with the fused activation.</summary>
internal sealed class ConcatenationGpuOp : GpuOp
{
    private StridedCopy[] _copies = [];
    private int _axis;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;

    public ConcatenationGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node)
    {
        if (node.Inputs.Count < 1) return "expects at least one input";
        if (GpuChecks.Outputs(node) is { } r) return r;
        for (int i = 0; i < node.Inputs.Count; i++)
            if ((node.Inputs[i] is null ? "an input is omitted" : GpuChecks.Float(node.Inputs[i], $"input {i}")) is { } reason) return reason;
        var o = node.GetOptions<ConcatenationOptions>();
        return GpuChecks.First(GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.Activation(o.FusedActivation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        var o = Node.GetOptions<ConcatenationOptions>();
        _axis = o.Axis;
        if (o.FusedActivation != ActivationFunctionType.None) (_min, _max) = ActivationRange.Single(o.FusedActivation);
        _copies = In.Select(_ => new StridedCopy(b.Device)).ToArray();
    }

    private int _resolvedAxis;

    public override void InferShapes()
    {
        var first = Input(0).Shape;
        int rank = first.Length;
        if (rank == 0) throw Fail("a scalar input cannot be concatenated");
        int axis = _axis < 0 ? _axis + rank : _axis;
        if (axis < 0 || axis >= rank) throw Fail($"axis {_axis} is out of range for rank {rank}");
        var shape = (int[])first.Clone();
        long sum = 0;
        for (int i = 0; i < In.Length; i++)
        {
            var s = Input(i).Shape;
            if (s.Length != rank) throw Fail($"input {i} {Format(s)} must have rank {rank}");
            for (int d = 0; d < rank; d++)
                if (d != axis && s[d] != first[d]) throw Fail($"input {i} {Format(s)} differs from {Format(first)} outside axis {axis}");
            sum += s[axis];
        }
        if (sum > int.MaxValue) throw Fail("concatenated axis is too large");
        shape[axis] = (int)sum;
        _resolvedAxis = axis;
        Out[0].Shape = shape;
    }

    public override void Prepare(PartitionMemory m)
    {
        var o = Out[0].Shape;
        int axis = _resolvedAxis;
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= o[d];
        for (int d = axis + 1; d < o.Length; d++) inner *= o[d];
        int outBlock = o[axis] * inner, offset = 0;
        var output = m.View(Out[0]);
        for (int i = 0; i < In.Length; i++)
        {
            int block = Input(i).Shape[axis] * inner;
            _copies[i].Prepare(m, m.View(Input(i)), output, [(outer, block, outBlock), (block, 1, 1)], 0, offset, _min, _max);
            offset += block;
        }
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        foreach (var c in _copies) c.Enqueue(stream);
    }
}
