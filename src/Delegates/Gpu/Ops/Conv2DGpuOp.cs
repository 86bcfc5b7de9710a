using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// CONV_2D (float32): input [N, H, W, IC], filter [OC, KH, KW, IC], optional bias [OC] as one implicit-im2col GEMM,
/// C[N*OH*OW, OC] = A[N*OH*OW, KH*KW*IC] x B[KH*KW*IC, OC]; a 1x1 filter with stride 1 reads the input as the matrix A
/// directly. A constant filter is packed to [K, OC] once (float16 with Fp16Storage).
/// </summary>
internal sealed class Conv2DGpuOp : GpuOp
{
    private Conv2DOptions _o = null!;
    private GemmLaunch<MatrixInput>? _pointwise;
    private GemmLaunch<Im2ColInput>? _im2col;
    private ArrayViewHolder _bias;
    private float _min, _max;
    private int _n, _h, _w, _ic, _oc, _kh, _kw, _oh, _ow;

    public Conv2DGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 2, 3), GpuChecks.Outputs(node)) is { } r) return r;
        var input = node.Inputs[0]!;
        var filter = node.Inputs[1]!;
        var o = node.GetOptions<Conv2DOptions>();
        return GpuChecks.First(
            GpuChecks.Float(input, "input"), GpuChecks.Float(filter, "filter"), GpuChecks.Float(node.Inputs.ElementAtOrDefault(2), "bias"),
            GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.Rank(input, 4, "input"), GpuChecks.Rank(filter, 4, "filter"),
            filter.Rank == 4 && input.Rank == 4 && filter.Dim(3) != input.Dim(3)
                ? $"grouped convolution (input '{input.Name}' has {input.Dim(3)} channels, filter '{filter.Name}' {filter.Dim(3)}) is not supported" : null,
            o.StrideH <= 0 || o.StrideW <= 0 || o.DilationH <= 0 || o.DilationW <= 0 ? "strides and dilations must be positive" : null,
            GpuChecks.Activation(o.FusedActivation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        _o = Node.GetOptions<Conv2DOptions>();
        var filter = Input(1);
        _oc = filter.Shape[0];
        _kh = filter.Shape[1];
        _kw = filter.Shape[2];
        int k = _kh * _kw * filter.Shape[3];
        var weights = filter.IsConstant ? b.Upload(GemmLaunch<MatrixInput>.PackKN(filter.Root.ConstantData!, _oc, k)) : null;
        if (_kh == 1 && _kw == 1 && _o.StrideH == 1 && _o.StrideW == 1) _pointwise = new GemmLaunch<MatrixInput>(b.Device, weights);
        else _im2col = new GemmLaunch<Im2ColInput>(b.Device, weights);
        _bias = ArrayViewHolder.ForBias(b, In.Length > 2 ? In[2] : null);
        (_min, _max) = ActivationRange.Of(_o.FusedActivation, Node);
    }

    public override void InferShapes()
    {
        var input = Input(0).Shape;
        var filter = Input(1).Shape;
        if (input.Length != 4) throw Fail($"input must have rank 4, got {Format(input)}");
        _n = input[0]; _h = input[1]; _w = input[2]; _ic = input[3];
        if (filter.Length != 4 || filter[0] != _oc || filter[1] != _kh || filter[2] != _kw || filter[3] != _ic)
            throw Fail($"filter {Format(filter)} does not match input {Format(input)} (expected [{_oc},{_kh},{_kw},{_ic}])");
        _oh = ConvGeometryMath.OutSize(_o.Padding, _h, _kh, _o.StrideH, _o.DilationH);
        _ow = ConvGeometryMath.OutSize(_o.Padding, _w, _kw, _o.StrideW, _o.DilationW);
        _bias.Expect(_oc, Fail);
        Out[0].Shape = [_n, _oh, _ow, _oc];
    }

    public override void Prepare(PartitionMemory m)
    {
        int rows = _n * _oh * _ow, depth = _kh * _kw * _ic;
        var input = m.View(Input(0));
        var weights = Input(1).IsConstant ? m.Dummy : m.View(Input(1));
        var (bias, hasBias) = _bias.Resolve(m);
        var output = m.View(Out[0]);
        if (_pointwise is not null)
        {
            _pointwise.Prepare(m, new MatrixInput { Data = input, K = _ic }, rows, _oc, depth, weights, bias, hasBias, output, _min, _max);
            return;
        }
        var g = new ConvGeometry
        {
            InputHeight = _h, InputWidth = _w, InputChannels = _ic, OutputHeight = _oh, OutputWidth = _ow, FilterWidth = _kw,
            StrideH = _o.StrideH, StrideW = _o.StrideW, DilationH = _o.DilationH, DilationW = _o.DilationW,
            PadTop = ConvGeometryMath.PadBefore(_o.StrideH, _o.DilationH, _h, _kh, _oh),
            PadLeft = ConvGeometryMath.PadBefore(_o.StrideW, _o.DilationW, _w, _kw, _ow),
        };
        _im2col!.Prepare(m, new Im2ColInput { Data = input, G = g }, rows, _oc, depth, weights, bias, hasBias, output, _min, _max);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_pointwise is not null) _pointwise.Enqueue(stream);
        else _im2col!.Enqueue(stream);
    }
}
