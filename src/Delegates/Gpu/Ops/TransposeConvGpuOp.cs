using ILGPU;
using System.Buffers.Binary;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// TRANSPOSE_CONV (inputs output_shape, weights [OC, KH, KW, IC], input, optional bias) and MediaPipe's
/// Convolution2DTransposeBias (input, weights, bias; custom options TfLiteTransposeConvParams), float32: the gather
/// form of the transposed convolution as one GEMM (<see cref="TransposedConvInput"/>), weights packed like CONV_2D's.
/// </summary>
internal sealed class TransposeConvGpuOp : GpuOp
{
    private readonly bool _mediaPipe;
    private GemmLaunch<TransposedConvInput> _gemm = null!;
    private ArrayViewHolder _bias;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;
    private int _strideH, _strideW, _padding;
    private Padding _tfPadding;
    private int[] _outputShape = [];
    private int _oc, _kh, _kw, _ic;
    private ConvGeometry _g;
    private int _batches;

    public TransposeConvGpuOp(DelegateNode node) : base(node) => _mediaPipe = node.CustomName is not null;

    private int InputIndex => _mediaPipe ? 0 : 2;
    private int WeightsIndex => 1;
    private int BiasIndex => _mediaPipe ? 2 : 3;

    public override bool IsDataInput(int index) => _mediaPipe || index != 0;

    public static string? Check(DelegateNode node)
    {
        bool mediaPipe = node.CustomName is not null;
        if (GpuChecks.First(mediaPipe ? GpuChecks.Inputs(node, 3, 3) : GpuChecks.Inputs(node, 3, 4), GpuChecks.Outputs(node)) is { } r) return r;
        var input = node.Inputs[mediaPipe ? 0 : 2]!;
        var weights = node.Inputs[1]!;
        string? specific;
        if (mediaPipe)
        {
            var options = node.CustomOptions;
            specific = options.Length < 12 ? "custom options must hold TfLiteTransposeConvParams (12 bytes)" : null;
            if (specific is null)
            {
                int padding = BinaryPrimitives.ReadInt32LittleEndian(options);
                int sw = BinaryPrimitives.ReadInt32LittleEndian(options[4..]), sh = BinaryPrimitives.ReadInt32LittleEndian(options[8..]);
                if (padding is < 0 or > 2 || sw <= 0 || sh <= 0) specific = $"padding {padding} or strides {sh}x{sw} are invalid";
            }
        }
        else
        {
            var o = node.GetOptions<TransposeConvOptions>();
            specific = GpuChecks.First(GpuChecks.ConstantInts(node.Inputs[0], "output_shape"),
                o.StrideH <= 0 || o.StrideW <= 0 ? "strides must be positive" : null, GpuChecks.Activation(o.FusedActivation, node));
        }
        return GpuChecks.First(specific,
            GpuChecks.Float(input, "input"), GpuChecks.Float(weights, "weights"), GpuChecks.Float(node.Inputs.ElementAtOrDefault(mediaPipe ? 2 : 3), "bias"),
            GpuChecks.Float(node.Outputs[0], "output"), GpuChecks.Rank(input, 4, "input"), GpuChecks.Rank(weights, 4, "weights"));
    }

    public override void Build(PartitionBuilder b)
    {
        var weights = Input(WeightsIndex);
        _oc = weights.Shape[0];
        _kh = weights.Shape[1];
        _kw = weights.Shape[2];
        _ic = weights.Shape[3];
        if (_mediaPipe)
        {
            var options = Node.CustomOptions;
            _padding = BinaryPrimitives.ReadInt32LittleEndian(options);
            _strideW = BinaryPrimitives.ReadInt32LittleEndian(options[4..]);
            _strideH = BinaryPrimitives.ReadInt32LittleEndian(options[8..]);
        }
        else
        {
            var o = Node.GetOptions<TransposeConvOptions>();
            _strideH = o.StrideH;
            _strideW = o.StrideW;
            _tfPadding = o.Padding;
            _outputShape = GpuChecks.ReadInts(Node.Inputs[0]!);
            (_min, _max) = ActivationRange.Of(o.FusedActivation, Node);
        }
        var packed = weights.IsConstant ? b.Upload(GemmLaunch<TransposedConvInput>.PackKN(weights.Root.ConstantData!, _oc, _kh * _kw * _ic)) : null;
        _gemm = new GemmLaunch<TransposedConvInput>(b.Device, packed);
        _bias = ArrayViewHolder.ForBias(b, In.Length > BiasIndex ? In[BiasIndex] : null);
    }

    public override void InferShapes()
    {
        var input = Input(InputIndex).Shape;
        var w = Input(WeightsIndex).Shape;
        if (input.Length != 4 || w.Length != 4 || w[0] != _oc || w[1] != _kh || w[2] != _kw || w[3] != _ic || input[3] != _ic)
            throw Fail($"input {Format(input)} and weights {Format(w)} do not match (weights [OC,KH,KW,{input.ElementAtOrDefault(3)}])");
        int n = input[0], h = input[1], wd = input[2];
        int outH, outW, padTop, padLeft;
        if (_mediaPipe)
        {
            if (h <= 0 || wd <= 0) throw Fail($"input {Format(input)} must have positive height and width");
            (outH, padTop) = TransposeConvParams.MediaPipeGeometry(_padding, h, _kh, _strideH);
            (outW, padLeft) = TransposeConvParams.MediaPipeGeometry(_padding, wd, _kw, _strideW);
        }
        else
        {
            var os = _outputShape;
            if (os.Length != 4 || os[0] != n || os[3] != _oc || os[1] < 0 || os[2] < 0)
                throw Fail($"output_shape {Format(os)} must be [{n}, H, W, {_oc}]");
            outH = os[1];
            outW = os[2];
            int convH = ConvGeometryMath.OutSize(_tfPadding, outH, _kh, _strideH);
            int convW = ConvGeometryMath.OutSize(_tfPadding, outW, _kw, _strideW);
            padTop = ConvGeometryMath.PadBefore(_strideH, 1, outH, _kh, convH);
            padLeft = ConvGeometryMath.PadBefore(_strideW, 1, outW, _kw, convW);
        }
        _batches = n;
        _g = new ConvGeometry
        {
            InputHeight = h, InputWidth = wd, InputChannels = _ic, OutputHeight = outH, OutputWidth = outW, FilterWidth = _kw,
            StrideH = _strideH, StrideW = _strideW, DilationH = 1, DilationW = 1, PadTop = padTop, PadLeft = padLeft,
        };
        Out[0].Shape = [n, outH, outW, _oc];
    }

    public override void Prepare(PartitionMemory m)
    {
        var (bias, hasBias) = _bias.Resolve(m);
        var weights = Input(WeightsIndex).IsConstant ? m.Dummy : m.View(Input(WeightsIndex));
        _gemm.Prepare(m, new TransposedConvInput { Data = m.View(Input(InputIndex)), G = _g }, _batches * _g.OutputHeight * _g.OutputWidth, _oc,
                      _kh * _kw * _ic, weights, bias, hasBias, m.View(Out[0]), _min, _max);
    }

    public override void Enqueue(AcceleratorStream stream) => _gemm.Enqueue(stream);
}
