using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// CONV_2D: inputs input [N, H, W, IC], filter [OC, KH, KW, IC / groups], optional bias [OC].
/// <list type="bullet">
/// <item>float32: a constant filter (and bias) is packed once for the selected GEMM microkernel; otherwise it is
/// packed into scratch on every Eval.</item>
/// <item>int8 (int32 bias) and int16x8 (int64 or int32 bias): per-channel multipliers as TFLite's
/// PopulateConvolutionQuantizationParams (a single filter scale is broadcast, whatever quantized_dimension says).
/// A constant int4 filter on int8 input is unpacked to int8 once at Prepare (<see cref="Int4Weights.UnpackFilter"/>).</item>
/// <item>uint8 (legacy): per-tensor multiplier from float(input * filter scale), filter zero point as weights offset.</item>
/// <item>hybrid (float input/output, constant int8 filter): on-the-fly input quantization, symmetric when the filter
/// scales are all equal, asymmetric per batch when they differ (TFLite's EvalHybrid / EvalHybridPerChannel).</item>
/// </list>
/// </summary>
internal sealed class Conv2DOp : IOpKernel
{
    private readonly bool _reference;

    public Conv2DOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private QuantizedConvolution.Kind _kind;
    private QuantizedConvParams _q;
    private float[]? _filterScales;
    private bool _hybridPerChannel;
    private int _hybridScratch = -1;

    private ConvParams _p;
    private F32GemmMicrokernel? _uk;
    private AlignedArray<float>? _packed;
    private int _packScratch = -1;
    private int _im2colScratch = -1;

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

        var o = ctx.GetOptions<Conv2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.DilationH, "dilation_h_factor");
        RequirePositive(ctx, o.DilationW, "dilation_w_factor");
        var (min, max) = _kind is QuantizedConvolution.Kind.Float or QuantizedConvolution.Kind.Hybrid
            ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int oc = filter.Dim(0), kh = filter.Dim(1), kw = filter.Dim(2), fic = filter.Dim(3);
        if (oc <= 0 || kh <= 0 || kw <= 0 || fic <= 0)
            throw ctx.Fail($"filter '{filter.Name}' must have positive dimensions, got {ShapeText(filter)}");
        if (ic % fic != 0)
            throw ctx.Fail($"input '{input.Name}' has {ic} channels, not a multiple of the filter's {fic} ({ShapeText(filter)})");
        if (ic == 0 || oc % (ic / fic) != 0)
            throw ctx.Fail($"filter '{filter.Name}' has {oc} output channels, not a multiple of the {ic / Math.Max(1, fic)} groups");
        if (_kind is QuantizedConvolution.Kind.Float or QuantizedConvolution.Kind.Hybrid) CheckBias(ctx, bias, oc);
        else QuantizedConvolution.CheckBias(ctx, bias, _kind, oc);

        // A zero PAD folded in by the "fold-pad" pass: the geometry is that of the padded input, read from the unpadded one.
        var (xt, xl, xb, xr) = ExtraPadding(ctx, _kind == QuantizedConvolution.Kind.Hybrid);
        int hp = h + xt + xb, wp = w + xl + xr;
        int outH = OpHelpers.ComputeOutSize(o.Padding, hp, kh, o.StrideH, o.DilationH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, wp, kw, o.StrideW, o.DilationW);
        int padTop = OpHelpers.ComputePadding(o.StrideH, o.DilationH, hp, kh, outH, out _) + xt;
        int padLeft = OpHelpers.ComputePadding(o.StrideW, o.DilationW, wp, kw, outW, out _) + xl;
        ctx.ResizeOutput(0, [n, outH, outW, oc]);

        _p = new ConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            FilterInputChannels = fic, OutputHeight = outH, OutputWidth = outW, OutputChannels = oc,
            StrideHeight = o.StrideH, StrideWidth = o.StrideW, DilationHeight = o.DilationH, DilationWidth = o.DilationW,
            PadTop = padTop, PadLeft = padLeft, ActivationMin = min, ActivationMax = max,
        };

        CheckResidual(ctx, output);
        _uk = null;
        _packed = null;
        _packScratch = _im2colScratch = _hybridScratch = -1;
        _filterScales = null;
        _hybridPacked = null;
        if (_kind != QuantizedConvolution.Kind.Float)
        {
            PrepareQuantized(ctx, o, input, filter, output);
            return;
        }
        _uk = _reference ? null : Opt.Conv2D.SelectMicrokernel(_p);
        if (_uk is null) return;
        int packedLength = Opt.Conv2D.PackedWeightsLength(_p, _uk);
        if (filter.IsConstant && (bias is null || bias.IsConstant))
        {
            var (p, uk) = (_p, _uk);
            _packed = ctx.GetSharedWeights(("f32-conv2d", uk.Id, p with { InputHeight = 0, InputWidth = 0, Batches = 0, OutputHeight = 0, OutputWidth = 0 }), () =>
            {
                var packed = new AlignedArray<float>(packedLength);
                Opt.Conv2D.PackWeights(p, uk, filter.GetData<float>(), bias is null ? default : bias.GetData<float>(), packed.Span);
                return packed;
            }, w => w?.ByteSize ?? 0);
        }
        else
        {
            _packScratch = ctx.RequestScratch(checked(packedLength * sizeof(float)));
        }
        int im2col = Opt.Conv2D.ScratchLength(_p, _uk);
        int rows = _p.Batches * _p.OutputHeight * _p.OutputWidth;
        // Split output pixels across the interpreter's threads when there is enough work per thread; a convolution with
        // too few pixels for that but many output channels (8 x 8 x 864 in pose models) splits by channel panels instead,
        // and so does one whose packed weights outweigh its input rows (8 x 8 x 272 -> 1632: 1.8 MB of weights for 64
        // pixels), where a pixel split would make every thread stream all the weights.
        int concurrency = ctx.Parallel.Concurrency;
        long floatMacs = (long)rows * _p.OutputChannels * _p.Depth;
        _tasks = (int)Math.Max(1, Math.Min(Math.Min(concurrency, rows / Math.Max(1, Opt.Conv2D.TileRows(_p, _uk))), floatMacs / MinFloatMacsPerTask));
        _columnPanels = 0;
        long weightFloats = (long)((_p.OutputChannels + _uk.NR - 1) / _uk.NR) * (_p.Depth + 1) * _uk.NR;
        bool weightsDominate = weightFloats > (long)rows * _p.Depth;
        if ((_tasks < concurrency || weightsDominate) && concurrency > 1 && !Opt.Conv2D.IsDirectDot(_p, _uk))
        {
            int panels = (_p.OutputChannels + _uk.NR - 1) / _uk.NR;
            int byColumns = (int)Math.Min(Math.Min(concurrency, panels), floatMacs / (weightsDominate ? MinStreamingMacsPerTask : MinFloatMacsPerTask));
            if (byColumns > _tasks || (weightsDominate && byColumns == concurrency))
            {
                _tasks = byColumns;
                _columnPanels = panels;
            }
        }
        _im2colLength = im2col;
        if (im2col > 0) _im2colScratch = ctx.RequestScratch(checked(im2col * _tasks * sizeof(float)));
        _work ??= new RowsWork(this, ctx);
    }

    /// <summary>A residual ADD folded in by the fusion pass must match the output exactly (float32, same shape).</summary>
    private static void CheckResidual(OpContext ctx, LiteTensor output)
    {
        if (ctx.Residual is not { } r) return;
        if (r.DataType != TensorType.Float32 || output.DataType != TensorType.Float32 || !r.Shape.SequenceEqual(output.Shape))
            throw ctx.Fail($"the residual ADD folded into this convolution (pass \"fuse-residual-add\") needs a float32 tensor of the output's shape [{string.Join(",", output.Shape.ToArray())}], got {ModelText.Quote(r.Name)} {TensorTypes.Name(r.DataType)} [{string.Join(",", r.Shape.ToArray())}]; disable that pass for this model");
    }

    /// <summary>Adds the folded residual (if any) to the whole output, for the paths without a tiled epilogue.</summary>
    private static void ApplyResidual(OpContext ctx)
    {
        if (ctx.Residual is not { } r) return;
        var (min, max) = ctx.ResidualRange;
        Opt.ResidualAdd.Apply(ctx.Output(0).GetWritableData<float>(), r.GetData<float>(), min, max);
    }

    private int _tasks = 1;
    /// <summary>Channel panels split across the tasks; 0 when the tasks split output pixels.</summary>
    private int _columnPanels;
    /// <summary>
    /// Least multiply-adds per task, by pixels or by channels (~10 us): smaller convolutions stay on one thread. Measured
    /// on face_detection_short_range (2 vCPUs, AMD Zen 4): 16x16x48 -> 56 (0.69 M) and 8x8x96 -> 96 (0.59 M) were slower
    /// split in two (the dispatch, and the next node reading half its input from the other core's cache) than on one thread.
    /// </summary>
    private const long MinFloatMacsPerTask = 512 * 1024;
    /// <summary>
    /// The same where the packed weights outweigh the input rows: such layers stream their weights (a 1-pixel 1024 -> 1001
    /// logits conv: 4 MB, 0.15 ms for 1 M multiply-adds), so far fewer multiply-adds already make ~10 us per task.
    /// </summary>
    internal const long MinStreamingMacsPerTask = 64 * 1024;
    private int _im2colLength;
    private RowsWork? _work;
    private int _packedScratchForWork = -1;

    /// <summary>One task per thread: a contiguous range of output pixels with its own im2col scratch.</summary>
    private sealed class RowsWork(Conv2DOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            var p = op._p;
            int total = p.Batches * p.OutputHeight * p.OutputWidth;
            int start = 0, end = total, colStart = 0, colEnd = p.OutputChannels;
            if (op._columnPanels > 0)
            {
                int nr = op._uk!.NR;
                colStart = (int)((long)op._columnPanels * task / op._tasks) * nr;
                colEnd = Math.Min(p.OutputChannels, (int)((long)op._columnPanels * (task + 1) / op._tasks) * nr);
            }
            else
            {
                start = (int)((long)total * task / op._tasks);
                end = (int)((long)total * (task + 1) / op._tasks);
            }
            ReadOnlySpan<float> packed = op._packed is not null
                ? op._packed.Span
                : MemoryMarshal.Cast<byte, float>(ctx.GetScratch(op._packedScratchForWork));
            var scratch = op._im2colScratch >= 0
                ? MemoryMarshal.Cast<byte, float>(ctx.GetScratch(op._im2colScratch)).Slice(task * op._im2colLength, op._im2colLength)
                : Span<float>.Empty;
            var (rmin, rmax) = ctx.ResidualRange;
            Opt.Conv2D.RunTile(p, op._uk!, ctx.Input(0).GetData<float>(), packed, ctx.Output(0).GetWritableData<float>(), scratch, start, end,
                               colStart, colEnd, ctx.Residual is { } r ? r.GetData<float>() : default, rmin, rmax);
        }
    }

    private void PrepareQuantized(OpContext ctx, Conv2DOptions o, LiteTensor input, LiteTensor filter, LiteTensor output)
    {
        int oc = _p.OutputChannels;
        _filterScales = QuantizedConvolution.FilterScales(ctx, filter, oc, 0, "filter");
        if (_kind == QuantizedConvolution.Kind.Hybrid)
        {
            _hybridPerChannel = QuantizedConvolution.ScalesDiffer(_filterScales);
            PrepareHybridPacked(ctx, filter);
            if (_hybridPacked is null) _hybridScratch = ctx.RequestScratch(checked(_p.InputHeight * _p.InputWidth * _p.InputChannels));
            return;
        }
        var (amin, amax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        _q = QuantizedConvolution.OutputStage(ctx, _kind, input, filter, output, _filterScales, oc, amin, amax, "convolution") with
        {
            Batches = _p.Batches, InputHeight = _p.InputHeight, InputWidth = _p.InputWidth, InputDepth = _p.InputChannels,
            FilterHeight = _p.FilterHeight, FilterWidth = _p.FilterWidth, FilterInputDepth = _p.FilterInputChannels,
            OutputHeight = _p.OutputHeight, OutputWidth = _p.OutputWidth, OutputDepth = oc,
            StrideHeight = _p.StrideHeight, StrideWidth = _p.StrideWidth, DilationHeight = _p.DilationHeight, DilationWidth = _p.DilationWidth,
            PadHeight = _p.PadTop, PadWidth = _p.PadLeft,
        };
        PrepareInt8Packed(ctx, filter);
        PrepareInt16Packed(ctx, filter);
    }

    private Opt.Quantized.Int8ConvPackedWeights? _int8Packed;
    private Opt.Quantized.Int16x8PackedWeights? _int16Packed;

    /// <summary>Blocks of 16 output channels of the packed 8-bit or int16x8 filter; 0 for hybrid (it splits pixels only).</summary>
    private int PackedBlocks => _int8Packed?.Blocks ?? _int16Packed?.Blocks ?? 0;

    /// <summary>int16x8 with a constant filter: widen it once for the int16 GEMM path (null when it does not apply).</summary>
    private void PrepareInt16Packed(OpContext ctx, LiteTensor filter)
    {
        _int16Packed = null;
        if (_kind != QuantizedConvolution.Kind.Int16x8 || _reference || !filter.IsConstant) return;
        var q = _q;
        _int16Packed = ctx.GetSharedWeights(("s16-conv2d", q), () => Opt.Quantized.Conv2DInt16x8.TryPack(q, filter.GetData<sbyte>()), w => w?.ByteSize ?? 0);
        if (_int16Packed is not null) RequestPackedScratch(ctx, Opt.Quantized.Conv2DInt16x8.PackedScratchBytes(_q));
    }
    private int _int8Scratch = -1;

    private Opt.Hybrid.HybridConvPackedWeights? _hybridPacked;
    /// <summary>Per batch: the input scale and zero point of the current invoke (written by the quantization, read by the tasks).</summary>
    private float[] _hybridInputScales = [];
    private int[] _hybridZeroPoints = [];

    /// <summary>
    /// Hybrid with a constant filter: pack it once for the int16 GEMM path; the input of every batch is quantized into
    /// one scratch ([N, H, W, IC] int8) before the output pixels are split across threads.
    /// </summary>
    private void PrepareHybridPacked(OpContext ctx, LiteTensor filter)
    {
        _hybridPacked = null;
        _int8Scratch = -1;
        _int8Tasks = 1;
        if (_reference || !filter.IsConstant) return;
        var p = _p;
        _hybridPacked = ctx.GetSharedWeights(("hybrid-conv2d", p with { Batches = 0, InputHeight = 0, InputWidth = 0, OutputHeight = 0, OutputWidth = 0 }),
                                             () => Opt.Hybrid.HybridConv2D.TryPack(p, filter.GetData<sbyte>()), w => w?.ByteSize ?? 0);
        if (_hybridPacked is null) return;
        _hybridScratch = ctx.RequestScratch(checked((int)p.InputLength));
        if (_hybridInputScales.Length != p.Batches)
        {
            _hybridInputScales = new float[p.Batches];
            _hybridZeroPoints = new int[p.Batches];
        }
        RequestPackedScratch(ctx, Opt.Hybrid.HybridConv2D.PackedScratchBytes(p));
    }

    /// <summary>The packed hybrid path: quantize every batch, then the GEMM over output pixels on one thread or across the pool.</summary>
    private void RunHybridPacked(OpContext ctx)
    {
        var quantized = MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_hybridScratch));
        Opt.Hybrid.HybridConv2D.QuantizeInput(_p, ctx.Input(0).GetData<float>(), quantized, _hybridInputScales, _hybridZeroPoints, _hybridPerChannel);
        RunPacked8(ctx);
    }

    /// <summary>int8 or uint8 with a constant filter and bias: pack once for the GEMM path (null when it does not apply).</summary>
    private void PrepareInt8Packed(OpContext ctx, LiteTensor filter)
    {
        _int8Packed = null;
        _int8Scratch = -1;
        _int8Tasks = 1;
        var bias = ctx.OptionalInput(2);
        if (_kind is not (QuantizedConvolution.Kind.Int8 or QuantizedConvolution.Kind.UInt8) || _reference || !filter.IsConstant || (bias is not null && !bias.IsConstant)) return;
        var q = _q;
        if (_kind == QuantizedConvolution.Kind.UInt8)
        {
            _int8Packed = ctx.GetSharedWeights(("qu8-conv2d", q), () => Opt.Quantized.Conv2DUInt8.TryPack(q, filter.GetData<byte>(), bias is null ? default : bias.GetData<int>()),
                                               w => w?.ByteSize ?? 0);
            if (_int8Packed is not null) RequestPackedScratch(ctx, Opt.Quantized.Conv2DUInt8.PackedScratchBytes(_q));
            return;
        }
        _int8Packed = ctx.GetSharedWeights(("qs8-conv2d", q), () => Opt.Quantized.Conv2DInt8.TryPack(q, filter.GetData<sbyte>(), bias is null ? default : bias.GetData<int>()),
                                           w => w?.ByteSize ?? 0);
        if (_int8Packed is not null) RequestPackedScratch(ctx, Opt.Quantized.Conv2DInt8.PackedScratchBytes(_q));
    }

    /// <summary>Threads for the packed 8-bit path: enough output pixels (tiles) and multiply-adds per thread to pay for the split.</summary>
    private const int MinPixelsPerTask = 64;
    private const long MinMacsPerTask = 1_000_000;
    private int _int8Tasks = 1, _int8ScratchLength;
    /// <summary>Channel blocks split across the tasks of the packed 8-bit path; 0 when the tasks split output pixels.</summary>
    private int _int8ChannelBlocks;
    private Int8RowsWork? _int8Work;

    /// <summary>One scratch slice per thread the packed path splits its output pixels across.</summary>
    private void RequestPackedScratch(OpContext ctx, int bytesPerTask)
    {
        int pixels = _p.OutputHeight * _p.OutputWidth;
        long macs = (long)_p.Batches * pixels * _p.OutputChannels * _p.FilterHeight * _p.FilterWidth * _p.InputChannels;
        long byPixels = pixels / MinPixelsPerTask, byMacs = macs / MinMacsPerTask;
        _int8Tasks = (int)Math.Max(1, Math.Min(ctx.Parallel.Concurrency, Math.Min(byPixels, byMacs)));
        // Too few pixels to split (7 x 7 x 1280 at the end of MobileNet) but work enough: split the blocks of 16 channels.
        _int8ChannelBlocks = 0;
        int blocks = PackedBlocks; // hybrid packs its own weights and splits pixels only
        int byBlocks = (int)Math.Min(Math.Min(ctx.Parallel.Concurrency, blocks), byMacs);
        if (byBlocks > _int8Tasks)
        {
            _int8Tasks = byBlocks;
            _int8ChannelBlocks = blocks;
        }
        _int8ScratchLength = bytesPerTask;
        _int8Scratch = ctx.RequestScratch(checked(bytesPerTask * _int8Tasks));
        if (_int8Tasks > 1) _int8Work ??= new Int8RowsWork(this, ctx);
    }

    /// <summary>Runs the packed 8-bit path over pixels [start, end) with scratch slice <paramref name="task"/>.</summary>
    private void RunPackedRange(OpContext ctx, int task, int start, int end, int blockStart, int blockEnd)
    {
        var scratch = ctx.GetScratch(_int8Scratch).Slice(task * _int8ScratchLength, _int8ScratchLength);
        if (_kind == QuantizedConvolution.Kind.Hybrid)
        {
            var bias = ctx.OptionalInput(2);
            Opt.Hybrid.HybridConv2D.RunPackedRows(_p, _hybridPacked!, MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_hybridScratch)), _hybridInputScales,
                _hybridZeroPoints, _filterScales, _hybridPerChannel, bias is null ? default : bias.GetData<float>(), ctx.Output(0).GetWritableData<float>(),
                scratch, start, end);
        }
        else if (_kind == QuantizedConvolution.Kind.Int16x8)
        {
            var bias = ctx.OptionalInput(2);
            bool int32Bias = bias is not null && bias.DataType == TensorType.Int32;
            Opt.Quantized.Conv2DInt16x8.RunPacked(_q, _int16Packed!, ctx.Input(0).GetData<short>(), bias is null || int32Bias ? default : bias.GetData<long>(),
                int32Bias ? bias!.GetData<int>() : default, int32Bias, ctx.Output(0).GetWritableData<short>(), scratch, start, end, blockStart, blockEnd);
        }
        else if (_kind == QuantizedConvolution.Kind.UInt8)
            Opt.Quantized.Conv2DUInt8.RunPacked(_q, _int8Packed!, ctx.Input(0).GetData<byte>(), ctx.Output(0).GetWritableData<byte>(), scratch, start, end, blockStart, blockEnd);
        else
            Opt.Quantized.Conv2DInt8.RunPacked(_q, _int8Packed!, ctx.Input(0).GetData<sbyte>(), ctx.Output(0).GetWritableData<sbyte>(), scratch, start, end, blockStart, blockEnd);
    }

    /// <summary>The packed 8-bit path on one thread or split into pixel ranges (multiples of 8 pixels) across the pool.</summary>
    private void RunPacked8(OpContext ctx)
    {
        int pixels = _p.OutputHeight * _p.OutputWidth;
        if (_int8Tasks <= 1) RunPackedRange(ctx, 0, 0, pixels, 0, PackedBlocks);
        else ctx.Parallel.For(_int8Tasks, _int8Work!);
    }

    private sealed class Int8RowsWork(Conv2DOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            int pixels = op._p.OutputHeight * op._p.OutputWidth, tasks = op._int8Tasks;
            if (op._int8ChannelBlocks > 0)
            {
                int blocks = op._int8ChannelBlocks;
                op.RunPackedRange(ctx, task, 0, pixels, (int)((long)blocks * task / tasks), (int)((long)blocks * (task + 1) / tasks));
                return;
            }
            int start = Math.Min(pixels, (int)((long)pixels * task / tasks + 7) & ~7);
            int end = task == tasks - 1 ? pixels : Math.Min(pixels, (int)((long)pixels * (task + 1) / tasks + 7) & ~7);
            op.RunPackedRange(ctx, task, start, end, 0, op.PackedBlocks);
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
                if (reference) Ref.Quantized.Conv2DInt8.Run(_q, inputT.GetData<sbyte>(), filterT.GetData<sbyte>(), bias, outputT.GetWritableData<sbyte>());
                else if (_int8Packed is not null) RunPacked8(ctx);
                else Opt.Quantized.Conv2DInt8.Run(_q, inputT.GetData<sbyte>(), filterT.GetData<sbyte>(), bias, outputT.GetWritableData<sbyte>());
                break;
            }
            case QuantizedConvolution.Kind.UInt8:
                if (_int8Packed is not null) RunPacked8(ctx);
                else
                    Ref.Quantized.Conv2DUInt8.Run(_q, inputT.GetData<byte>(), filterT.GetData<byte>(), biasT is null ? default : biasT.GetData<int>(),
                                                  outputT.GetWritableData<byte>());
                break;
            case QuantizedConvolution.Kind.Int16x8:
                if (_int16Packed is not null) RunPacked8(ctx);
                else if (biasT is not null && biasT.DataType == TensorType.Int32)
                    Ref.Quantized.Conv2DInt16x8.Run(_q, inputT.GetData<short>(), filterT.GetData<sbyte>(), biasT.GetData<int>(), outputT.GetWritableData<short>());
                else
                    Ref.Quantized.Conv2DInt16x8.Run(_q, inputT.GetData<short>(), filterT.GetData<sbyte>(), biasT is null ? default : biasT.GetData<long>(),
                                                    outputT.GetWritableData<short>());
                break;
            case QuantizedConvolution.Kind.Hybrid:
            {
                var input = inputT.GetData<float>();
                var filter = filterT.GetData<sbyte>();
                var bias = biasT is null ? default : biasT.GetData<float>();
                var output = outputT.GetWritableData<float>();
                if (_hybridPacked is not null)
                {
                    RunHybridPacked(ctx);
                    break;
                }
                var scratch = MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_hybridScratch));
                if (_hybridPerChannel)
                {
                    if (reference) Ref.Hybrid.HybridConv2D.RunPerChannel(_p, input, filter, _filterScales, bias, output, scratch);
                    else Opt.Hybrid.HybridConv2D.RunPerChannel(_p, input, filter, _filterScales, bias, output, scratch);
                }
                else
                {
                    if (reference) Ref.Hybrid.HybridConv2D.RunPerTensor(_p, input, filter, _filterScales![0], bias, output, scratch);
                    else Opt.Hybrid.HybridConv2D.RunPerTensor(_p, input, filter, _filterScales![0], bias, output, scratch);
                }
                break;
            }
        }
    }

    public void Eval(OpContext ctx)
    {
        if (_kind != QuantizedConvolution.Kind.Float)
        {
            EvalQuantized(ctx);
            ApplyResidual(ctx); // hybrid: float output (the pass folds only into float32 outputs)
            return;
        }
        var input = ctx.Input(0).GetData<float>();
        var filter = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_uk is null)
        {
            Ref.Conv2D.Run(_p, input, filter, bias, output);
            ApplyResidual(ctx);
            return;
        }
        ReadOnlySpan<float> packed;
        if (_packed is not null)
        {
            packed = _packed.Span;
        }
        else
        {
            var buffer = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_packScratch));
            Opt.Conv2D.PackWeights(_p, _uk, filter, bias, buffer);
            packed = buffer;
        }
        if (_tasks > 1)
        {
            _packedScratchForWork = _packScratch;
            ctx.Parallel.For(_tasks, _work!);
            return;
        }
        var scratch = _im2colScratch >= 0 ? MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_im2colScratch)) : Span<float>.Empty;
        var (rmin, rmax) = ctx.ResidualRange;
        Opt.Conv2D.RunRows(_p, _uk, input, packed, output, scratch, 0, _p.Batches * _p.OutputHeight * _p.OutputWidth,
                           ctx.Residual is { } r ? r.GetData<float>() : default, rmin, rmax);
    }
}
