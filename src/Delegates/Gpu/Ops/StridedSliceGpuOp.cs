using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// STRIDED_SLICE (float32) with constant begin/end/strides and every mask: the slice is resolved by the CPU kernels'
/// own <see cref="StridedSliceParams.Resolve"/> and copied with one strided gather.
/// </summary>
internal sealed class StridedSliceGpuOp : GpuOp
{
    private StridedCopy _copy = null!;
    private StridedSliceOptions _o = null!;
    private int[] _begin = [], _end = [], _strides = [];
    private StridedSliceParams? _p;

    public StridedSliceGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node) =>
        GpuChecks.First(GpuChecks.Inputs(node, 4, 4), GpuChecks.Outputs(node), GpuChecks.Float(node.Inputs[0], "input"),
                        GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.ConstantInts(node.Inputs[1], "begin"),
                        GpuChecks.ConstantInts(node.Inputs[2], "end"), GpuChecks.ConstantInts(node.Inputs[3], "strides"));

    public override void Build(PartitionBuilder b)
    {
        _o = Node.GetOptions<StridedSliceOptions>();
        _begin = GpuChecks.ReadInts(Node.Inputs[1]!);
        _end = GpuChecks.ReadInts(Node.Inputs[2]!);
        _strides = GpuChecks.ReadInts(Node.Inputs[3]!);
        _copy = new StridedCopy(b.Device);
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        try
        {
            _p = StridedSliceParams.Resolve(s, _begin, _end, _strides, _o.BeginMask, _o.EndMask, _o.EllipsisMask, _o.NewAxisMask,
                                            _o.ShrinkAxisMask, _o.Offset);
        }
        catch (ArgumentException e)
        {
            throw Fail($"input {Format(s)}, begin {Format(_begin)}, end {Format(_end)}, strides {Format(_strides)}: {e.Message}");
        }
        Out[0].Shape = _p.OutputShape;
    }

    public override void Prepare(PartitionMemory m)
    {
        var p = _p!;
        var inStrides = StridedCopy.Strides(p.EffectiveShape);
        var outStrides = StridedCopy.Strides(p.Count);
        var dims = new List<(int, int, int)>();
        int inBase = 0;
        for (int d = 0; d < p.Count.Length; d++)
        {
            inBase += p.Start[d] * inStrides[d];
            dims.Add((p.Count[d], p.Stride[d] * inStrides[d], outStrides[d]));
        }
        _copy.Prepare(m, m.View(Input(0)), m.View(Out[0]), dims, inBase, 0);
    }

    public override void Enqueue(AcceleratorStream stream) => _copy.Enqueue(stream);
}
