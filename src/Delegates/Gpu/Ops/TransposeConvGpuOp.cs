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
/// Convolution2DTransposeBias (input, weights, bias; custom options TfLiteTransposeConvParams), float32, constant
/// weights: one GEMM computes every tap's contribution of every input pixel, col[N*H*W, KH*KW*OC] =
/// input[N*H*W, IC] x W[IC, KH*KW*OC] (in scratch), then <see cref="Col2ImBody"/> gathers the taps of each output pixel,
/// adds the bias and clamps. No multiply by the zeros a stride would insert.
/// </summary>
internal sealed class TransposeConvGpuOp : GpuOp
{
    private readonly bool _mediaPipe;
    private GemmLaunch<MatrixInput> _gemm = null!;
    private Action<AcceleratorStream, KernelConfig, Col2ImBody, LinearRange> _col2im = null!;
    private Col2ImBody _body;
    private KernelConfig _config;
    private LinearRange _range;
    private ArrayViewHolder _bias;
    private float _min = float.NegativeInfinity, _max = float.PositiveInfinity;
    private int _strideH, _strideW, _padding;
    private Padding _tfPadding;
    private int[] _outputShape = [];
    private int _oc, _kh, _kw, _ic;
    private int _batches, _h, _w, _outH, _outW, _padTop, _padLeft;

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
            weights.IsConstant ? null : $"weights '{weights.Name}' are not a constant",
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
        if (!weights.IsConstant) throw Fail("weights must be constant");
        // B[ic, (ky * KW + kx) * OC + oc] = weights[oc, ky, kx, ic]
        var w = weights.Root.ConstantData!;
        int taps = _kh * _kw;
        var packed = new float[(long)_ic * taps * _oc];
        for (int oc = 0; oc < _oc; oc++)
            for (int tap = 0; tap < taps; tap++)
                for (int ic = 0; ic < _ic; ic++)
                    packed[(long)ic * taps * _oc + tap * _oc + oc] = w[(oc * taps + tap) * _ic + ic];
        _gemm = new GemmLaunch<MatrixInput>(b.Device, b.Upload(packed));
        _col2im = b.Device.Load<Col2ImBody, LinearRange>(ForEachKernel.Run);
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
        (_batches, _h, _w, _outH, _outW, _padTop, _padLeft) = (n, h, wd, outH, outW, padTop, padLeft);
        ScratchLength = (long)n * h * wd * _kh * _kw * _oc;
        _bias.Expect(_oc, Fail);
        Out[0].Shape = [n, outH, outW, _oc];
    }

    public override void Prepare(PartitionMemory m)
    {
        var (bias, hasBias) = _bias.Resolve(m);
        int rows = _batches * _h * _w, cols = _kh * _kw * _oc;
        _gemm.Prepare(m, new MatrixInput { Data = m.View(Input(InputIndex)), K = _ic }, rows, cols, _ic, m.Dummy, m.Dummy, false, Scratch,
                      float.NegativeInfinity, float.PositiveInfinity);
        _body = new Col2ImBody
        {
            Col = Scratch, Bias = bias, Output = m.View(Out[0]),
            InputHeight = _h, InputWidth = _w, Channels = _oc, OutputHeight = _outH, OutputWidth = _outW,
            FilterHeight = _kh, FilterWidth = _kw, StrideH = _strideH, StrideW = _strideW, PadTop = _padTop, PadLeft = _padLeft,
            HasBias = hasBias ? 1 : 0, BiasFirst = _mediaPipe ? 1 : 0, Min = _min, Max = _max,
        };
        _config = m.Linear(Out[0].Length, out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count == 0) return;
        _gemm.Enqueue(stream);
        _col2im(stream, _config, _body, _range);
    }
}
