using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// TRANSPOSE_CONV (float32): inputs output_shape (int32 [4]), weights [OC, KH, KW, IC], input [N, H, W, IC] and, from
/// version 3, an optional bias [OC]. Padding is that of the convolution mapping the output back to the input
/// (TFLite's ComputePaddingHeightWidth on the output size). The output_shape values are read at Prepare, so they
/// must be available then (constant, or computed before this node is prepared); Eval checks they did not change.
/// Quantized: int8 (int32 bias) and int16x8 (int64 bias; a constant int32 bias is widened), per-channel multipliers
/// as PopulateConvolutionQuantizationParams over the weights' output channels (dimension 0), accumulators in scratch.
/// Legacy uint8: uint8 weights with one scale, per-tensor multiplier, input/weights offsets, int32 scratch accumulators.
/// Optimized int8 / uint8 (constant filter, AVX2) run <see cref="Opt.TransposeConv8"/> (packed int16 pairs, vpmaddwd);
/// int16x8 (constant filter and bias) <see cref="Opt.TransposeConvInt16x8"/> (vpmaddwd GEMM, exact int64 sums).
/// Float runs through <see cref="TransposeConvFloat"/> (packed scatter-GEMM, output rows split across threads).
/// </summary>
internal sealed class TransposeConvOp : IOpKernel
{
    private readonly bool _reference;

    public TransposeConvOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private TransposeConvParams _p;
    private readonly TransposeConvFloat _float = new(input: 2, weights: 1, bias: 3);
    private QuantizedConvolution.Kind _kind;
    private QuantizedConvParams _q;
    private int _accScratch = -1;
    private long[]? _wideBias;
    private short[]? _packed8;
    private Opt.TransposeConv8.Requantization? _requant8;
    private int _pairScratch = -1;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 3, 4);
        var shapeTensor = ctx.Input(0);
        var weights = ctx.Input(1);
        var input = ctx.Input(2);
        var bias = ctx.OptionalInput(3);
        var output = ctx.Output(0);
        OpHelpers.ExpectType(ctx, shapeTensor, TensorType.Int32, "output_shape");
        _kind = QuantizedConvolution.Classify(ctx, input, weights, output, "weights", allowHybrid: false);
        bool floatOut = _kind == QuantizedConvolution.Kind.Float;
        OpHelpers.ExpectRank(ctx, shapeTensor, 1, "output_shape");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, weights, 4, "weights");
        if (shapeTensor.Dim(0) != 4) throw ctx.Fail($"output_shape '{shapeTensor.Name}' must have 4 elements, got {shapeTensor.Dim(0)}");
        // A constant output_shape is read now. Otherwise (a graph input, or computed at run time) the output keeps
        // the shape the model declares for it, and Eval checks that output_shape holds exactly that shape.
        ReadOnlySpan<int> os;
        if (shapeTensor.IsConstant)
        {
            os = shapeTensor.GetData<int>();
        }
        else
        {
            if (output.Rank != 4 || output.Dim(1) <= 0 || output.Dim(2) <= 0)
                throw ctx.Fail($"output_shape '{shapeTensor.Name}' is not constant and output '{output.Name}' declares no static shape " +
                               $"{ShapeText(output)} (a dynamic output shape is not supported)");
            os = output.Shape;
        }

        var o = ctx.GetOptions<TransposeConvOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        var (min, max) = floatOut ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int oc = weights.Dim(0), kh = weights.Dim(1), kw = weights.Dim(2);
        if (oc <= 0 || kh <= 0 || kw <= 0 || weights.Dim(3) <= 0)
            throw ctx.Fail($"weights '{weights.Name}' must have positive dimensions, got {ShapeText(weights)}");
        if (weights.Dim(3) != ic)
            throw ctx.Fail($"weights '{weights.Name}' {ShapeText(weights)} must have the input's {ic} channels last");
        if (os[0] != n || os[3] != oc || os[1] < 0 || os[2] < 0)
            throw ctx.Fail($"output_shape [{os[0]},{os[1]},{os[2]},{os[3]}] must be [{n}, H, W, {oc}] with H, W >= 0");
        if (floatOut) CheckBias(ctx, bias, oc);
        else QuantizedConvolution.CheckBias(ctx, bias, _kind, oc);

        int outH = os[1], outW = os[2];
        ctx.ResizeOutput(0, [n, outH, outW, oc]);
        int convH = OpHelpers.ComputeOutSize(o.Padding, outH, kh, o.StrideH);
        int convW = OpHelpers.ComputeOutSize(o.Padding, outW, kw, o.StrideW);
        _p = new TransposeConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            OutputHeight = outH, OutputWidth = outW, OutputChannels = oc, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, 1, outH, kh, convH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, 1, outW, kw, convW, out _),
            BiasFirst = false, ActivationMin = min, ActivationMax = max,
        };
        _accScratch = -1;
        _wideBias = null;
        _packed8 = null;
        _requant8 = null;
        _pairScratch = -1;
        _packed16 = null;
        if (!floatOut)
        {
            PrepareQuantized(ctx, o, input, weights, output, bias);
            return;
        }
        _float.Prepare(ctx, _reference, _p, weights);
    }

    private void PrepareQuantized(OpContext ctx, TransposeConvOptions o, LiteTensor input, LiteTensor weights, LiteTensor output, LiteTensor? bias)
    {
        int oc = _p.OutputChannels;
        var scales = QuantizedConvolution.FilterScales(ctx, weights, oc, 0, "weights");
        var iq = input.Quantization!;
        var oq = output.Quantization!;
        var (amin, amax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        int[]? multipliers = null, shifts = null;
        int multiplier = 0, shift = 0;
        if (_kind == QuantizedConvolution.Kind.UInt8)
        {
            if (scales.Length != 1) throw ctx.Fail($"weights '{weights.Name}' of a uint8 TRANSPOSE_CONV must have one scale, got {scales.Length}");
            (multiplier, shift) = QuantizedConvolution.PerTensorMultiplier(ctx, iq.Scale, scales[0], oq.Scale);
        }
        else
        {
            (multipliers, shifts) = QuantizedConvolution.PerChannelMultipliers(ctx, iq.Scale, scales, oq.Scale, oc);
        }
        _q = new QuantizedConvParams
        {
            Batches = _p.Batches, InputHeight = _p.InputHeight, InputWidth = _p.InputWidth, InputDepth = _p.InputChannels,
            FilterHeight = _p.FilterHeight, FilterWidth = _p.FilterWidth, OutputHeight = _p.OutputHeight, OutputWidth = _p.OutputWidth,
            OutputDepth = oc, StrideHeight = _p.StrideHeight, StrideWidth = _p.StrideWidth, DilationHeight = 1, DilationWidth = 1,
            PadHeight = _p.PadTop, PadWidth = _p.PadLeft,
            InputOffset = -iq.ZeroPoint, OutputOffset = oq.ZeroPoint,
            WeightsOffset = _kind == QuantizedConvolution.Kind.UInt8 ? -weights.Quantization!.ZeroPoint : 0,
            OutputMultiplier = multiplier, OutputShift = shift,
            PerChannelMultiplier = multipliers, PerChannelShift = shifts, ActivationMin = amin, ActivationMax = amax,
        };
        if (PreparePacked8(ctx, weights)) return;
        if (PreparePacked16(ctx, weights, bias)) return;
        long outputSize = (long)_p.Batches * _p.OutputHeight * _p.OutputWidth * oc;
        int elementSize = _kind == QuantizedConvolution.Kind.Int16x8 ? sizeof(long) : sizeof(int);
        if (outputSize * elementSize > int.MaxValue) throw ctx.Fail($"output of {outputSize} elements is too large for the accumulator scratch");
        _accScratch = ctx.RequestScratch((int)(outputSize * elementSize));
        if (_kind == QuantizedConvolution.Kind.Int16x8 && bias is not null && bias.DataType == TensorType.Int32)
        {
            if (!bias.IsConstant) throw ctx.Fail($"int32 bias '{bias.Name}' of an int16 TRANSPOSE_CONV must be constant");
            var b32 = bias.GetData<int>();
            _wideBias = new long[b32.Length];
            for (int i = 0; i < b32.Length; i++) _wideBias[i] = b32[i];
        }
    }

    /// <summary>
    /// Optimized int8 / uint8 with a constant filter on AVX2: pack the filter once per model into int16 pairs and
    /// request the rounded accumulator and pair-row scratches (false: the reference kernel runs).
    /// </summary>
    private bool PreparePacked8(OpContext ctx, LiteTensor weights)
    {
        if (_reference || _kind is not (QuantizedConvolution.Kind.Int8 or QuantizedConvolution.Kind.UInt8) || !weights.IsConstant || !Opt.TransposeConv8.IsSupported)
            return false;
        var q = _q;
        // Offset values must fit int16 (and keep vpmaddwd away from its saturating case): zero points in 8-bit range.
        if (Math.Abs(q.InputOffset) > 255 || Math.Abs(q.WeightsOffset) > 255) return false;
        long accBytes = Opt.TransposeConv8.AccumulatorLength(q) * sizeof(int);
        if (accBytes > int.MaxValue) throw ctx.Fail($"output of {Opt.TransposeConv8.AccumulatorLength(q)} accumulators is too large for the scratch");
        bool int8 = _kind == QuantizedConvolution.Kind.Int8;
        _packed8 = ctx.GetSharedWeights((int8 ? "qs8-transpose-conv" : "qu8-transpose-conv", q.OutputDepth, q.FilterHeight, q.FilterWidth, q.InputDepth, q.WeightsOffset),
            () => int8 ? Opt.TransposeConv8.PackInt8(q, weights.GetData<sbyte>()) : Opt.TransposeConv8.PackUInt8(q, weights.GetData<byte>()),
            w => (long)w.Length * sizeof(short));
        _requant8 = new Opt.TransposeConv8.Requantization(q, perChannel: int8);
        _accScratch = ctx.RequestScratch((int)accBytes);
        _pairScratch = ctx.RequestScratch(Opt.TransposeConv8.PairRowLength(q) * sizeof(int));
        return true;
    }

    private Opt.Int16x8TransposeConvPackedWeights? _packed16;

    /// <summary>
    /// Optimized int16x8 with a constant filter and bias on AVX2: the filter packed once for
    /// <see cref="Opt.TransposeConvInt16x8"/> (vpmaddwd GEMM per input pixel, int64 scatter), an int32 bias widened into
    /// the packed output stage (false: the reference kernel runs).
    /// </summary>
    private bool PreparePacked16(OpContext ctx, LiteTensor weights, LiteTensor? bias)
    {
        if (_reference || _kind != QuantizedConvolution.Kind.Int16x8 || !weights.IsConstant || (bias is not null && !bias.IsConstant) || !Opt.TransposeConvInt16x8.IsSupported)
            return false;
        var q = _q;
        if (Opt.TransposeConvInt16x8.AccumulatorLength(q) * sizeof(long) > int.MaxValue / 2)
            throw ctx.Fail($"output of {Opt.TransposeConvInt16x8.AccumulatorLength(q)} accumulators is too large for the scratch");
        _packed16 = ctx.GetSharedWeights(("s16-transpose-conv", q), () =>
        {
            long[]? wide = null;
            if (bias is not null && bias.DataType == TensorType.Int32)
            {
                var b32 = bias.GetData<int>();
                wide = new long[b32.Length];
                for (int i = 0; i < b32.Length; i++) wide[i] = b32[i];
            }
            ReadOnlySpan<long> b64 = wide is not null ? wide : bias is null ? default : bias.GetData<long>();
            return Opt.TransposeConvInt16x8.TryPack(q, weights.GetData<sbyte>(), b64);
        }, w => w?.ByteSize ?? 0);
        if (_packed16 is null) return false;
        _accScratch = ctx.RequestScratch(Opt.TransposeConvInt16x8.ScratchBytes(q));
        return true;
    }

    public void Eval(OpContext ctx)
    {
        var os = ctx.Input(0).GetData<int>();
        var output = ctx.Output(0);
        if (os[0] != output.Dim(0) || os[1] != output.Dim(1) || os[2] != output.Dim(2) || os[3] != output.Dim(3))
            throw ctx.Fail($"output_shape [{os[0]},{os[1]},{os[2]},{os[3]}] differs from the output shape {ShapeText(output)} fixed at preparation; dynamic output shapes are not supported");
        var biasTensor = ctx.OptionalInput(3);
        if (_packed8 is not null)
        {
            var acc = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_accScratch));
            var pairs = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_pairScratch));
            ReadOnlySpan<int> bias8 = biasTensor is null ? default : biasTensor.GetData<int>();
            if (_kind == QuantizedConvolution.Kind.Int8)
                Opt.TransposeConv8.RunInt8(_q, ctx.Input(2).GetData<sbyte>(), _packed8, _requant8!, bias8, output.GetWritableData<sbyte>(), acc, pairs);
            else
                Opt.TransposeConv8.RunUInt8(_q, ctx.Input(2).GetData<byte>(), _packed8, _requant8!, bias8, output.GetWritableData<byte>(), acc, pairs);
            return;
        }
        if (_kind == QuantizedConvolution.Kind.Int8)
        {
            Ref.Quantized.TransposeConvInt8.Run(_q, ctx.Input(2).GetData<sbyte>(), ctx.Input(1).GetData<sbyte>(),
                biasTensor is null ? default : biasTensor.GetData<int>(), output.GetWritableData<sbyte>(),
                MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_accScratch)));
            return;
        }
        if (_kind == QuantizedConvolution.Kind.UInt8)
        {
            Ref.Quantized.TransposeConvUInt8.Run(_q, ctx.Input(2).GetData<byte>(), ctx.Input(1).GetData<byte>(),
                biasTensor is null ? default : biasTensor.GetData<int>(), output.GetWritableData<byte>(),
                MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_accScratch)));
            return;
        }
        if (_packed16 is not null)
        {
            Opt.TransposeConvInt16x8.Run(_q, _packed16, ctx.Input(2).GetData<short>(), output.GetWritableData<short>(), ctx.GetScratch(_accScratch));
            return;
        }
        if (_kind == QuantizedConvolution.Kind.Int16x8)
        {
            ReadOnlySpan<long> bias = _wideBias is not null ? _wideBias : biasTensor is null ? default : biasTensor.GetData<long>();
            Ref.Quantized.TransposeConvInt16x8.Run(_q, ctx.Input(2).GetData<short>(), ctx.Input(1).GetData<sbyte>(), bias,
                output.GetWritableData<short>(), MemoryMarshal.Cast<byte, long>(ctx.GetScratch(_accScratch)));
            return;
        }
        _float.Run(ctx);
    }
}
