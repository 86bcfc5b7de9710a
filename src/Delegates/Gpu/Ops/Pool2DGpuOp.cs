using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>AVERAGE_POOL_2D and MAX_POOL_2D (float32, NHWC), with fused activations; one thread per output element.</summary>
internal sealed class Pool2DGpuOp : GpuOp
{
    private Pool2DOptions _o = null!;
    private Action<AcceleratorStream, KernelConfig, PoolBody, LinearRange> _kernel = null!;
    private PoolBody _body;
    private KernelConfig _config;
    private LinearRange _range;
    private float _min, _max;

    public Pool2DGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 1, 1), GpuChecks.Outputs(node)) is { } r) return r;
        var o = node.GetOptions<Pool2DOptions>();
        return GpuChecks.First(GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Outputs[0], "output"),
            GpuChecks.Rank(node.Inputs[0]!, 4, "input"),
            o.StrideH <= 0 || o.StrideW <= 0 || o.FilterHeight <= 0 || o.FilterWidth <= 0 ? "strides and filter sizes must be positive" : null,
            GpuChecks.Activation(o.FusedActivation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        _o = Node.GetOptions<Pool2DOptions>();
        _kernel = b.Device.Load<PoolBody, LinearRange>(ForEachKernel.Run);
        (_min, _max) = ActivationRange.Of(_o.FusedActivation, Node);
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        if (s.Length != 4) throw Fail($"input must have rank 4, got {Format(s)}");
        int oh = ConvGeometryMath.OutSize(_o.Padding, s[1], _o.FilterHeight, _o.StrideH);
        int ow = ConvGeometryMath.OutSize(_o.Padding, s[2], _o.FilterWidth, _o.StrideW);
        Out[0].Shape = [s[0], oh, ow, s[3]];
    }

    public override void Prepare(PartitionMemory m)
    {
        var s = Input(0).Shape;
        var o = Out[0].Shape;
        _body = new PoolBody
        {
            Input = m.View(Input(0)), Output = m.View(Out[0]),
            InputHeight = s[1], InputWidth = s[2], Channels = s[3], OutputHeight = o[1], OutputWidth = o[2],
            FilterHeight = _o.FilterHeight, FilterWidth = _o.FilterWidth, StrideH = _o.StrideH, StrideW = _o.StrideW,
            PadTop = ConvGeometryMath.PadBefore(_o.StrideH, 1, s[1], _o.FilterHeight, o[1]),
            PadLeft = ConvGeometryMath.PadBefore(_o.StrideW, 1, s[2], _o.FilterWidth, o[2]),
            IsMax = Node.Operator == BuiltinOperator.MAX_POOL_2D ? 1 : 0, Min = _min, Max = _max,
        };
        _config = m.Linear(Out[0].Length, out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _kernel(stream, _config, _body, _range);
    }
}
