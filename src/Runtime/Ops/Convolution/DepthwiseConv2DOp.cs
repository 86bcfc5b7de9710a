using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// DEPTHWISE_CONV_2D: input [N, H, W, IC], filter [1, KH, KW, IC * M], optional bias [IC * M].
/// The depth multiplier M is taken from the shapes (as TFLite does), not from the option.
/// float32; int8 and int16x8 with per-channel multipliers (quantized_dimension 3; a single scale is broadcast), int8
/// also with a constant int4 filter, unpacked to int8 once at Prepare (<see cref="Int4Weights.UnpackFilter"/>);
/// legacy uint8 per tensor; optimized int16x8 with a constant filter and bias packs it once for
/// <see cref="Opt.Quantized.DepthwiseConv2DInt16x8"/> (vpmaddwd over tap pairs, exact int32 runs, int64 sums); hybrid (float activations, constant int8 filter): asymmetric per-batch input
/// quantization with per-channel filter scales (TFLite's EvalHybridPerChannel).
/// </summary>
internal sealed class DepthwiseConv2DOp : IOpKernel
{
    private readonly bool _reference;

    public DepthwiseConv2DOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private DepthwiseParams _p;
    private QuantizedConvolution.Kind _kind;
    private QuantizedConvParams _q;
    private float[]? _filterScales;
    private int _hybridScratch = -1;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 3);
        var input = ctx.Input(0);
        var filter = ctx.Input(1);
        if (filter.DataType == TensorType.Int4) filter = Int4Weights.UnpackFilter(ctx, input);
        var bias = ctx.OptionalInput(2);
        var output = ctx.Output(0);
        _kind = QuantizedConvolution.Classify(ctx, input, filter, output, "filter", allowHybrid: true);
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, filter, 4, "filter");

        var o = ctx.GetOptions<DepthwiseConv2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.DilationH, "dilation_h_factor");
        RequirePositive(ctx, o.DilationW, "dilation_w_factor");
        bool floatOut = _kind is QuantizedConvolution.Kind.Float or QuantizedConvolution.Kind.Hybrid;
        var (min, max) = floatOut ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int kh = filter.Dim(1), kw = filter.Dim(2), oc = filter.Dim(3);
        if (filter.Dim(0) != 1) throw ctx.Fail($"filter '{filter.Name}' must be [1, KH, KW, C], got {ShapeText(filter)}");
        if (kh <= 0 || kw <= 0 || oc <= 0) throw ctx.Fail($"filter '{filter.Name}' must have positive dimensions, got {ShapeText(filter)}");
        if (ic <= 0 || oc % ic != 0)
            throw ctx.Fail($"filter '{filter.Name}' has {oc} channels, not a multiple of the input's {ic}");
        int m = oc / ic;
        // The depth_multiplier option is redundant with the shapes and some converters leave it wrong (or 0):
        // like TFLite's ComputeDepthMultiplier, the shapes win.
        if (floatOut) CheckBias(ctx, bias, oc);
        else QuantizedConvolution.CheckBias(ctx, bias, _kind, oc);

        // A zero PAD folded in by the "fold-pad" pass: the geometry is that of the padded input, read from the unpadded one.
        var (xt, xl, xb, xr) = ConvolutionChecks.ExtraPadding(ctx, _kind == QuantizedConvolution.Kind.Hybrid);
        int hp = h + xt + xb, wp = w + xl + xr;
        int outH = OpHelpers.ComputeOutSize(o.Padding, hp, kh, o.StrideH, o.DilationH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, wp, kw, o.StrideW, o.DilationW);
        ctx.ResizeOutput(0, [n, outH, outW, oc]);
        _p = new DepthwiseParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, DepthMultiplier = m,
            FilterHeight = kh, FilterWidth = kw, OutputHeight = outH, OutputWidth = outW,
            StrideHeight = o.StrideH, StrideWidth = o.StrideW, DilationHeight = o.DilationH, DilationWidth = o.DilationW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, o.DilationH, hp, kh, outH, out _) + xt,
            PadLeft = OpHelpers.ComputePadding(o.StrideW, o.DilationW, wp, kw, outW, out _) + xl,
            ActivationMin = min, ActivationMax = max,
        };
        _filterScales = null;
        _hybridScratch = -1;
        _hybridPacked = null;
        _f32Packed = null;
        if (_kind == QuantizedConvolution.Kind.Float)
        {
            PrepareF32Packed(ctx, filter, bias);
            return;
        }
        _filterScales = QuantizedConvolution.FilterScales(ctx, filter, oc, 3, "filter");
        if (_kind == QuantizedConvolution.Kind.Hybrid)
        {
            PrepareHybridPacked(ctx, filter);
            if (_hybridPacked is null) _hybridScratch = ctx.RequestScratch(checked(h * w * ic));
            return;
        }
        var (amin, amax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        if (_kind == QuantizedConvolution.Kind.Int16x8 && bias is not null && bias.DataType != TensorType.Int64)
            throw ctx.Fail($"bias '{bias.Name}' of an int16 depthwise convolution must be int64, got {TensorTypes.Name(bias.DataType)}");
        _q = QuantizedConvolution.OutputStage(ctx, _kind, input, filter, output, _filterScales, oc, amin, amax, "depthwise convolution") with
        {
            Batches = n, InputHeight = h, InputWidth = w, InputDepth = ic, FilterHeight = kh, FilterWidth = kw,
            OutputHeight = outH, OutputWidth = outW, OutputDepth = oc, DepthMultiplier = m,
            StrideHeight = o.StrideH, StrideWidth = o.StrideW, DilationHeight = o.DilationH, DilationWidth = o.DilationW,
            PadHeight = _p.PadTop, PadWidth = _p.PadLeft,
        };
        PrepareInt8Packed(ctx, filter, bias);
        PrepareInt16Packed(ctx, filter, bias);
    }

    private Opt.Quantized.Int16x8DepthwisePackedWeights? _s16Packed;

    /// <summary>
    /// int16x8 with a constant filter and bias: widen and pack once for the vpmaddwd kernel (null when it does not apply);
    /// rows split across threads like the 8-bit path.
    /// </summary>
    private void PrepareInt16Packed(OpContext ctx, LiteTensor filter, LiteTensor? bias)
    {
        _s16Packed = null;
        if (_kind != QuantizedConvolution.Kind.Int16x8 || _reference || !filter.IsConstant || (bias is not null && !bias.IsConstant)) return;
        var q = _q;
        _s16Packed = ctx.GetSharedWeights(("s16-dwconv2d", q), () => Opt.Quantized.DepthwiseConv2DInt16x8.TryPack(q, filter.GetData<sbyte>(), bias is null ? default : bias.GetData<long>()),
                                          w => w?.ByteSize ?? 0);
        if (_s16Packed is null) return;
        _int8Scratch = ctx.RequestScratch(Opt.Quantized.DepthwiseConv2DInt16x8.ScratchBytes(_s16Packed));
        long macs = (long)q.OutputHeight * q.OutputWidth * q.OutputDepth * q.FilterHeight * q.FilterWidth;
        _int8Tasks = (int)Math.Max(1, Math.Min(ctx.Parallel.Concurrency, Math.Min(q.OutputHeight / 2, macs / MinMacsPerTask)));
        if (_int8Tasks > 1) _int8Work ??= new Int8RowsWork(this, ctx);
    }

    private Opt.Quantized.Int8DepthwisePackedWeights? _int8Packed;
    private int _int8Scratch = -1;
    private AlignedArray<float>? _f32Packed;

    /// <summary>Float with a constant filter and bias on AVX-512: pack once (channel blocks of 16, bias first) for f32-dwconv-v512.</summary>
    private void PrepareF32Packed(OpContext ctx, LiteTensor filter, LiteTensor? bias)
    {
        if (_reference || !Opt.DepthwiseConv2DF32V512.IsPreferred(_p) || !filter.IsConstant || (bias is not null && !bias.IsConstant)) return;
        var p = _p;
        _f32Packed = ctx.GetSharedWeights(("f32-dwconv-v512", p.InputChannels, p.FilterHeight, p.FilterWidth), () =>
        {
            var packed = new AlignedArray<float>(Opt.DepthwiseConv2DF32V512.PackedLength(p));
            Opt.DepthwiseConv2DF32V512.Pack(p, filter.GetData<float>(), bias is null ? default : bias.GetData<float>(), packed.Span);
            return packed;
        }, w => w?.ByteSize ?? 0);
    }

    private void RunF32Rows(OpContext ctx, int start, int end)
    {
        if (_f32Packed is not null)
        {
            Opt.DepthwiseConv2DF32V512.RunRows(_p, ctx.Input(0).GetData<float>(), _f32Packed.Span, ctx.Output(0).GetWritableData<float>(), start, end);
            return;
        }
        var bias = ctx.OptionalInput(2);
        Opt.DepthwiseConv2D.RunRows(_p, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(),
            bias is null ? default : bias.GetData<float>(), ctx.Output(0).GetWritableData<float>(), start, end);
    }

    /// <summary>int8 with a constant filter and bias: pack once for the vectorized path (null when it does not apply).</summary>
    private void PrepareInt8Packed(OpContext ctx, LiteTensor filter, LiteTensor? bias)
    {
        _int8Packed = null;
        _int8Scratch = -1;
        _int8Tasks = 1;
        if (_kind is not (QuantizedConvolution.Kind.Int8 or QuantizedConvolution.Kind.UInt8) || _reference || !filter.IsConstant || (bias is not null && !bias.IsConstant)) return;
        var q = _q;
        if (_kind == QuantizedConvolution.Kind.UInt8)
            _int8Packed = ctx.GetSharedWeights(("qu8-dwconv2d", q), () => Opt.Quantized.DepthwiseConv2DUInt8.TryPack(q, filter.GetData<byte>(), bias is null ? default : bias.GetData<int>()),
                                               w => w?.ByteSize ?? 0);
        else
            _int8Packed = ctx.GetSharedWeights(("qs8-dwconv2d", q), () => Opt.Quantized.DepthwiseConv2DInt8.TryPack(q, filter.GetData<sbyte>(), bias is null ? default : bias.GetData<int>()),
                                               w => w?.ByteSize ?? 0);
        if (_int8Packed is null) return;
        _int8Scratch = ctx.RequestScratch(Opt.Quantized.DepthwiseConv2DInt8.PackedScratchBytes(_int8Packed));
        long macs = (long)q.OutputHeight * q.OutputWidth * q.OutputDepth * q.FilterHeight * q.FilterWidth;
        _int8Tasks = (int)Math.Max(1, Math.Min(ctx.Parallel.Concurrency, Math.Min(q.OutputHeight / 2, macs / MinMacsPerTask)));
        if (_int8Tasks > 1) _int8Work ??= new Int8RowsWork(this, ctx);
    }

    private Opt.Quantized.Int8DepthwisePackedWeights? _hybridPacked;
    /// <summary>Input scale of the batch being computed (written before its rows are split across threads).</summary>
    private float _hybridInputScale;

    /// <summary>
    /// Hybrid with a constant filter: pack it once for the int8 depthwise machinery; per batch the input is quantized and
    /// widened into one scratch, then output rows run on one thread or across the pool (same split as int8).
    /// </summary>
    private void PrepareHybridPacked(OpContext ctx, LiteTensor filter)
    {
        _int8Tasks = 1;
        if (_reference || !filter.IsConstant) return;
        var p = _p;
        _hybridPacked = ctx.GetSharedWeights(("hybrid-dwconv2d", p with { ActivationMin = 0, ActivationMax = 0 }),
                                             () => Opt.Hybrid.HybridDepthwiseConv2D.TryPack(p, filter.GetData<sbyte>()), w => w?.ByteSize ?? 0);
        if (_hybridPacked is null) return;
        _hybridScratch = ctx.RequestScratch(Opt.Hybrid.HybridDepthwiseConv2D.PackedScratchBytes(p, _hybridPacked));
        long macs = (long)p.OutputHeight * p.OutputWidth * p.OutputChannels * p.FilterHeight * p.FilterWidth;
        _int8Tasks = (int)Math.Max(1, Math.Min(ctx.Parallel.Concurrency, Math.Min(p.OutputHeight / 2, macs / MinMacsPerTask)));
        if (_int8Tasks > 1) _int8Work ??= new Int8RowsWork(this, ctx);
    }

    /// <summary>Multiply-adds per thread (per batch) below which the packed 8-bit path stays on one thread.</summary>
    private const long MinMacsPerTask = 500_000;
    private int _int8Tasks = 1;
    private Int8RowsWork? _int8Work;

    /// <summary>
    /// The packed 8-bit path: per batch, on one thread the input is widened once and all output rows follow; split across
    /// the pool, each task widens the padded rows its own output rows read and then computes them (no barrier between).
    /// </summary>
    private void RunPacked8(OpContext ctx)
    {
        for (int b = 0; b < _q.Batches; b++)
        {
            if (_int8Tasks <= 1)
            {
                WidenPacked8(ctx, b, 0, _q.OutputHeight);
                RunPackedRows(ctx, b, 0, _q.OutputHeight);
            }
            else
            {
                _int8Work!.Batch = b;
                ctx.Parallel.For(_int8Tasks, _int8Work);
            }
        }
    }

    private void WidenPacked8(OpContext ctx, int b, int start, int end)
    {
        var scratch = ctx.GetScratch(_int8Scratch);
        if (_kind == QuantizedConvolution.Kind.Int16x8) Opt.Quantized.DepthwiseConv2DInt16x8.FillRows(_q, _s16Packed!, ctx.Input(0).GetData<short>(), b, scratch, start, end);
        else if (_kind == QuantizedConvolution.Kind.UInt8) Opt.Quantized.DepthwiseConv2DUInt8.PackedWidenRows(_q, _int8Packed!, ctx.Input(0).GetData<byte>(), b, scratch, start, end);
        else Opt.Quantized.DepthwiseConv2DInt8.PackedWidenRows(_q, _int8Packed!, ctx.Input(0).GetData<sbyte>(), b, scratch, start, end);
    }

    /// <summary>The packed hybrid path, batch by batch: quantize and widen on the calling thread, then the rows.</summary>
    private void RunHybridPacked(OpContext ctx)
    {
        var scratch = ctx.GetScratch(_hybridScratch);
        var input = ctx.Input(0).GetData<float>();
        for (int b = 0; b < _p.Batches; b++)
        {
            _hybridInputScale = Opt.Hybrid.HybridDepthwiseConv2D.PrepareBatch(_p, _hybridPacked!, input, b, scratch);
            if (_int8Tasks <= 1) RunPackedRows(ctx, b, 0, _p.OutputHeight);
            else
            {
                _int8Work!.Batch = b;
                ctx.Parallel.For(_int8Tasks, _int8Work);
            }
        }
    }

    private void RunPackedRows(OpContext ctx, int b, int start, int end)
    {
        if (_kind == QuantizedConvolution.Kind.Hybrid)
        {
            var bias = ctx.OptionalInput(2);
            Opt.Hybrid.HybridDepthwiseConv2D.PackedRows(_p, _hybridPacked!, ctx.GetScratch(_hybridScratch), _filterScales, _hybridInputScale,
                bias is null ? default : bias.GetData<float>(), ctx.Output(0).GetWritableData<float>(), b, start, end);
            return;
        }
        var scratch = ctx.GetScratch(_int8Scratch);
        if (_kind == QuantizedConvolution.Kind.Int16x8) Opt.Quantized.DepthwiseConv2DInt16x8.Rows(_q, _s16Packed!, scratch, ctx.Output(0).GetWritableData<short>(), b, start, end);
        else if (_kind == QuantizedConvolution.Kind.UInt8) Opt.Quantized.DepthwiseConv2DUInt8.PackedRows(_q, _int8Packed!, scratch, ctx.Output(0).GetWritableData<byte>(), b, start, end);
        else Opt.Quantized.DepthwiseConv2DInt8.PackedRows(_q, _int8Packed!, scratch, ctx.Output(0).GetWritableData<sbyte>(), b, start, end);
    }

    /// <summary>One task per thread: a contiguous range of output rows of the current batch.</summary>
    private sealed class Int8RowsWork(DepthwiseConv2DOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public int Batch;

        public void Execute(int task)
        {
            int rows = op._p.OutputHeight, tasks = op._int8Tasks;
            int start = (int)((long)rows * task / tasks), end = (int)((long)rows * (task + 1) / tasks);
            if (op._kind != QuantizedConvolution.Kind.Hybrid) op.WidenPacked8(ctx, Batch, start, end); // hybrid widened the whole batch already
            op.RunPackedRows(ctx, Batch, start, end);
        }
    }

    private void EvalQuantized(OpContext ctx)
    {
        var inputT = ctx.Input(0);
        var filterT = ctx.Input(1);
        var biasT = ctx.OptionalInput(2);
        var outputT = ctx.Output(0);
        bool reference = _reference;
        switch (_kind)
        {
            case QuantizedConvolution.Kind.Int8:
            {
                var bias = biasT is null ? default : biasT.GetData<int>();
                if (reference) Ref.Quantized.DepthwiseConv2DInt8.Run(_q, inputT.GetData<sbyte>(), filterT.GetData<sbyte>(), bias, outputT.GetWritableData<sbyte>());
                else if (_int8Packed is not null) RunPacked8(ctx);
                else Opt.Quantized.DepthwiseConv2DInt8.Run(_q, inputT.GetData<sbyte>(), filterT.GetData<sbyte>(), bias, outputT.GetWritableData<sbyte>());
                break;
            }
            case QuantizedConvolution.Kind.UInt8:
                if (_int8Packed is not null) RunPacked8(ctx);
                else
                    Ref.Quantized.DepthwiseConv2DUInt8.Run(_q, inputT.GetData<byte>(), filterT.GetData<byte>(), biasT is null ? default : biasT.GetData<int>(),
                                                           outputT.GetWritableData<byte>());
                break;
            case QuantizedConvolution.Kind.Int16x8:
                if (_s16Packed is not null) RunPacked8(ctx);
                else Ref.Quantized.DepthwiseConv2DInt16x8.Run(_q, inputT.GetData<short>(), filterT.GetData<sbyte>(), biasT is null ? default : biasT.GetData<long>(),
                                                         outputT.GetWritableData<short>());
                break;
            case QuantizedConvolution.Kind.Hybrid:
            {
                if (_hybridPacked is not null)
                {
                    RunHybridPacked(ctx);
                    break;
                }
                var scratch = MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_hybridScratch));
                var bias = biasT is null ? default : biasT.GetData<float>();
                if (reference)
                    Ref.Hybrid.HybridDepthwiseConv2D.Run(_p, inputT.GetData<float>(), filterT.GetData<sbyte>(), _filterScales, bias, outputT.GetWritableData<float>(), scratch);
                else
                    Opt.Hybrid.HybridDepthwiseConv2D.Run(_p, inputT.GetData<float>(), filterT.GetData<sbyte>(), _filterScales, bias, outputT.GetWritableData<float>(), scratch);
                break;
            }
        }
    }

    public void Eval(OpContext ctx)
    {
        if (_kind != QuantizedConvolution.Kind.Float)
        {
            EvalQuantized(ctx);
            return;
        }
        var input = ctx.Input(0).GetData<float>();
        var filter = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_reference) Ref.DepthwiseConv2D.Run(_p, input, filter, bias, output);
        else if ((_f32Packed is not null || Opt.DepthwiseConv2D.IsCovered(_p)) && ctx.Parallel.Concurrency > 1 && _p.Batches * _p.OutputHeight >= 2 * ctx.Parallel.Concurrency)
        {
            _work ??= new RowsWork(this, ctx);
            ctx.Parallel.For(ctx.Parallel.Concurrency, _work);
        }
        else if (_f32Packed is not null) RunF32Rows(ctx, 0, _p.Batches * _p.OutputHeight);
        else Opt.DepthwiseConv2D.Run(_p, input, filter, bias, output);
    }

    private RowsWork? _work;

    /// <summary>One task per thread: a contiguous range of output rows.</summary>
    private sealed class RowsWork(DepthwiseConv2DOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            var p = op._p;
            int tasks = ctx.Parallel.Concurrency, total = p.Batches * p.OutputHeight;
            int start = (int)((long)total * task / tasks), end = (int)((long)total * (task + 1) / tasks);
            op.RunF32Rows(ctx, start, end);
        }
    }
}
