using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// DEPTHWISE_CONV_2D (float32): input [N, H, W, IC], filter [1, KH, KW, IC * M], optional bias; one thread per output
/// element (<see cref="DepthwiseBody{TW}"/>). The multiplier M comes from the shapes, as in TFLite.
/// </summary>
internal sealed class DepthwiseConv2DGpuOp : GpuOp
{
    private DepthwiseConv2DOptions _o = null!;
    private DeviceWeights? _weights;
    private Action<AcceleratorStream, KernelConfig, DepthwiseBody<F32Weights>, LinearRange>? _f32;
    private Action<AcceleratorStream, KernelConfig, DepthwiseBody<F16Weights>, LinearRange>? _f16;
    private ArrayViewHolder _bias;
    private float _min, _max;
    private DepthwiseBody<F32Weights> _body32;
    private DepthwiseBody<F16Weights> _body16;
    private KernelConfig _config;
    private LinearRange _range;

    public DepthwiseConv2DGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 2, 3), GpuChecks.Outputs(node)) is { } r) return r;
        var input = node.Inputs[0]!;
        var filter = node.Inputs[1]!;
        var o = node.GetOptions<DepthwiseConv2DOptions>();
        return GpuChecks.First(
            GpuChecks.Float(input, "input"), GpuChecks.Float(filter, "filter"), GpuChecks.Float(node.Inputs.ElementAtOrDefault(2), "bias"),
            GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.Rank(input, 4, "input"), GpuChecks.Rank(filter, 4, "filter"),
            o.StrideH <= 0 || o.StrideW <= 0 || o.DilationH <= 0 || o.DilationW <= 0 ? "strides and dilations must be positive" : null,
            GpuChecks.Activation(o.FusedActivation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        _o = Node.GetOptions<DepthwiseConv2DOptions>();
        var filter = Input(1);
        if (filter.IsConstant) _weights = b.Upload(filter.Root.ConstantData!);
        if (_weights is { IsHalf: true }) _f16 = b.Device.Load<DepthwiseBody<F16Weights>, LinearRange>(ForEachKernel.Run);
        else _f32 = b.Device.Load<DepthwiseBody<F32Weights>, LinearRange>(ForEachKernel.Run);
        _bias = ArrayViewHolder.ForBias(b, In.Length > 2 ? In[2] : null);
        (_min, _max) = ActivationRange.Of(_o.FusedActivation, Node);
    }

    public override void InferShapes()
    {
        var input = Input(0).Shape;
        var filter = Input(1).Shape;
        if (input.Length != 4 || filter.Length != 4 || filter[0] != 1)
            throw Fail($"input {Format(input)} and filter {Format(filter)} must be [N,H,W,C] and [1,KH,KW,C*M]");
        int ic = input[3], oc = filter[3];
        if (ic <= 0 || oc % ic != 0) throw Fail($"filter {Format(filter)} has {oc} channels, not a multiple of the input's {ic}");
        int oh = ConvGeometryMath.OutSize(_o.Padding, input[1], filter[1], _o.StrideH, _o.DilationH);
        int ow = ConvGeometryMath.OutSize(_o.Padding, input[2], filter[2], _o.StrideW, _o.DilationW);
        _bias.Expect(oc, Fail);
        Out[0].Shape = [input[0], oh, ow, oc];
    }

    public override void Prepare(PartitionMemory m)
    {
        var input = Input(0).Shape;
        var filter = Input(1).Shape;
        var output = Out[0].Shape;
        var (bias, hasBias) = _bias.Resolve(m);
        var body = new DepthwiseBody<F32Weights>
        {
            Input = m.View(Input(0)), Bias = bias, Output = m.View(Out[0]),
            InputHeight = input[1], InputWidth = input[2], InputChannels = input[3], Multiplier = filter[3] / input[3],
            OutputHeight = output[1], OutputWidth = output[2], OutputChannels = output[3],
            FilterHeight = filter[1], FilterWidth = filter[2],
            StrideH = _o.StrideH, StrideW = _o.StrideW, DilationH = _o.DilationH, DilationW = _o.DilationW,
            PadTop = ConvGeometryMath.PadBefore(_o.StrideH, _o.DilationH, input[1], filter[1], output[1]),
            PadLeft = ConvGeometryMath.PadBefore(_o.StrideW, _o.DilationW, input[2], filter[2], output[2]),
            HasBias = hasBias ? 1 : 0, Min = _min, Max = _max,
        };
        body.Filter = _weights is null ? new F32Weights { Data = m.View(Input(1)) } : _weights.IsHalf ? default : _weights.Linear32;
        _body32 = body;
        if (_weights is { IsHalf: true })
        {
            _body16 = new DepthwiseBody<F16Weights>
            {
                Input = body.Input, Filter = _weights.Linear16, Bias = body.Bias, Output = body.Output,
                InputHeight = body.InputHeight, InputWidth = body.InputWidth, InputChannels = body.InputChannels, Multiplier = body.Multiplier,
                OutputHeight = body.OutputHeight, OutputWidth = body.OutputWidth, OutputChannels = body.OutputChannels,
                FilterHeight = body.FilterHeight, FilterWidth = body.FilterWidth, StrideH = body.StrideH, StrideW = body.StrideW,
                DilationH = body.DilationH, DilationW = body.DilationW, PadTop = body.PadTop, PadLeft = body.PadLeft,
                HasBias = body.HasBias, Min = body.Min, Max = body.Max,
            };
        }
        _config = m.Linear(Count(output), out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count == 0) return;
        if (_f16 is not null) _f16(stream, _config, _body16, _range);
        else _f32!(stream, _config, _body32, _range);
    }
}
