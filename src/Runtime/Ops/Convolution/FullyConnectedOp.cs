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
/// FULLY_CONNECTED: input (any rank, flattened to [elements / IN, IN]), weights [OUT, IN], optional bias [OUT].
/// Output [batches, OUT], or with keep_num_dims the input shape with its last dimension replaced by OUT.
/// <list type="bullet">
/// <item>float32: constant weights with enough batches are packed once for the GEMM; otherwise dot products run on
/// the weights as given.</item>
/// <item>int8 / int16x8: one weight scale gives the per-tensor multiplier float(input * weights) / output (TFLite's
/// GetQuantizedConvolutionMultipler), several (quantized_dimension 0) per-channel multipliers in double. int8
/// requantizes with a single rounding, as native TFLite's int8 FC does (TFLite Micro rounds twice, which differs by
/// one unit on rare near-half values: one output each of mobilenet_v2_quantized and dtln_noise_suppression).</item>
/// <item>uint8 (legacy): per tensor, weights zero point as offset.</item>
/// <item>hybrid (float input/output, int8 weights): each input row quantized on the fly, symmetric by default or
/// asymmetric with asymmetric_quantize_inputs (TFLite's EvalHybridDense).</item>
/// <item>blockwise int4 (float input/output, int4 weights with fp16 scales per block, see <see cref="BlockwiseInt4Weights"/>):
/// bit-exact with TFLite's builtin EvalBlockwise4Bit, except that the fused activation is applied (TFLite's builtin
/// kernel drops it; XNNPACK, LiteRT's default, applies it).</item>
/// </list>
/// </summary>
internal sealed class FullyConnectedOp : IOpKernel
{
    private readonly bool _reference;

    public FullyConnectedOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private FullyConnectedParams _p;
    private F32GemmMicrokernel? _uk;
    private AlignedArray<float>? _packed;
    private QuantizedConvolution.Kind _kind;
    private QuantizedFullyConnectedParams _q;
    private bool _perChannel;
    private float[]? _weightScales;
    private bool _asymmetric;
    private int[]? _rowSums;
    private int _rowScratch = -1;
    private int _rowSumsScratch = -1;
    private float[]? _blockScales;
    private float[]? _blockCorrection;
    private bool _blockPacked;
    private int _blockTasks;
    private int _splitScratch = -1, _rowParamsScratch = -1;
    private BlockwiseRowsWork? _blockWork;
    private int _blockSize;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 3);
        var input = ctx.Input(0);
        var weights = ctx.Input(1);
        var output = ctx.Output(0);
        _blockScales = null;
        if (weights.Blockwise is not null) (_blockSize, _blockScales) = BlockwiseInt4Weights.Prepare(ctx, input, weights, output);
        // The optimized blockwise path reads the int4 weights packed; every other path unpacks them to int8 once per model.
        _blockPacked = _blockScales is not null && !_reference && Opt.Hybrid.BlockwiseInt4FullyConnected.CanRunPacked(_blockSize);
        if (weights.DataType == TensorType.Int4 && !_blockPacked) weights = Int4Weights.UnpackAsInt8(ctx, 1, "weights");
        var bias = ctx.OptionalInput(2);
        _kind = _blockScales is not null ? QuantizedConvolution.Kind.Hybrid
            : QuantizedConvolution.Classify(ctx, input, weights, output, "weights", allowHybrid: true);
        bool floatOut = _kind is QuantizedConvolution.Kind.Float or QuantizedConvolution.Kind.Hybrid;
        OpHelpers.ExpectRank(ctx, weights, 2, "weights");

        var o = ctx.GetOptions<FullyConnectedOptions>();
        if (o.WeightsFormat != 0) throw ctx.Fail($"weights_format {o.WeightsFormat} is not supported (only DEFAULT)");
        var (min, max) = floatOut ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int outDepth = weights.Dim(0), depth = weights.Dim(1);
        if (outDepth <= 0 || depth <= 0) throw ctx.Fail($"weights '{weights.Name}' must have positive dimensions, got {ShapeText(weights)}");
        long elements = input.ElementCount;
        if (elements % depth != 0)
            throw ctx.Fail($"input '{input.Name}' {ShapeText(input)} has {elements} elements, not a multiple of the weights' input depth {depth}");
        int batches = (int)(elements / depth);
        if (floatOut) CheckBias(ctx, bias, outDepth);
        else QuantizedConvolution.CheckBias(ctx, bias, _kind, outDepth);

        if (o.KeepNumDims)
        {
            if (input.Rank == 0 || input.Dim(input.Rank - 1) != depth)
                throw ctx.Fail($"keep_num_dims needs input '{input.Name}' {ShapeText(input)} to end in the weights' input depth {depth}");
            var shape = input.Shape.ToArray();
            shape[^1] = outDepth;
            ctx.ResizeOutput(0, shape);
        }
        else
        {
            ctx.ResizeOutput(0, [batches, outDepth]);
        }

        _p = new FullyConnectedParams { Batches = batches, InputDepth = depth, OutputDepth = outDepth, ActivationMin = min, ActivationMax = max };
        _uk = null;
        _packed = null;
        _floatTasks = 1;
        _dotTasks = 1;
        _weightScales = null;
        _rowSums = null;
        _rowScratch = _rowSumsScratch = -1;
        if (_blockScales is not null)
        {
            _blockCorrection = null;
            // Threads split the output units (at least 32 each, 64K multiply-adds in all); the input rows are quantized first, serially.
            _blockTasks = _blockPacked && batches > 0 && (long)batches * outDepth * depth >= 1 << 16
                ? Math.Max(1, Math.Min(ctx.Parallel.Concurrency, outDepth / 32)) : 1;
            _rowScratch = ctx.RequestScratch(_blockTasks > 1 ? checked(batches * depth) : depth);
            if (_blockTasks > 1)
            {
                _splitScratch = ctx.RequestScratch(checked(batches * depth * sizeof(short)));
                _rowParamsScratch = ctx.RequestScratch(checked(batches * 2 * sizeof(int)));
                _blockWork ??= new BlockwiseRowsWork(this, ctx);
            }
            if (!_reference)
            {
                var (w, block, scales, packed) = (weights, _blockSize, _blockScales, _blockPacked);
                _blockCorrection = ctx.GetSharedWeights(("blockwise-int4-correction", block, packed), () =>
                {
                    var sums = new float[outDepth];
                    if (packed) Opt.Hybrid.BlockwiseInt4FullyConnected.CorrectionSumsPacked(w.RawBytes, outDepth, depth, block, scales, sums);
                    else Opt.Hybrid.BlockwiseInt4FullyConnected.CorrectionSums(w.GetData<sbyte>(), outDepth, depth, block, scales, sums);
                    return sums;
                });
            }
            return;
        }
        if (_kind != QuantizedConvolution.Kind.Float)
        {
            PrepareQuantized(ctx, o, input, weights, output, bias);
            return;
        }
        if (_reference) return;
        _uk = weights.IsConstant && (bias is null || bias.IsConstant) ? Opt.FullyConnected.SelectMicrokernel(_p) : null;
        if (_uk is null)
        {
            PrepareDotSplit(ctx);
            return;
        }
        var (p, uk) = (_p, _uk);
        _packed = ctx.GetSharedWeights(("f32-fully-connected", uk.Id, p with { Batches = 0 }), () =>
        {
            var packed = new AlignedArray<float>(Opt.FullyConnected.PackedWeightsLength(p, uk));
            Opt.FullyConnected.PackWeights(p, uk, weights.GetData<float>(), bias is null ? default : bias.GetData<float>(), packed.Span);
            return packed;
        }, w => w?.ByteSize ?? 0);
        PrepareFloatSplit(ctx, uk);
    }

    /// <summary>Least multiply-adds per task of a split float FULLY_CONNECTED (as CONV_2D): smaller ones stay on one thread.</summary>
    private const long MinFloatMacsPerTask = 512 * 1024;
    private int _floatTasks = 1;
    private bool _splitPanels;
    private FloatBlocksWork? _floatWork;

    /// <summary>
    /// Splits the packed float GEMM across the interpreter's threads: by column panels when the packed weights outweigh
    /// the input rows (each thread then streams only its share of the weights: batch-1 layers, a transformer's
    /// projections), else by blocks of MR rows. Every tile is computed as on one thread, so the bits do not depend on it.
    /// </summary>
    private void PrepareFloatSplit(OpContext ctx, Kernels.Optimized.Gemm.F32GemmMicrokernel uk)
    {
        _floatTasks = 1;
        int concurrency = ctx.Parallel.Concurrency;
        long macs = (long)_p.Batches * _p.OutputDepth * _p.InputDepth;
        int rowBlocks = (_p.Batches + uk.MR - 1) / uk.MR, panels = (_p.OutputDepth + uk.NR - 1) / uk.NR;
        long weightFloats = (long)panels * uk.NR * (_p.InputDepth + 1), inputFloats = (long)_p.Batches * _p.InputDepth;
        // Layers whose weights outweigh their rows stream them (batch 1): fewer multiply-adds make a task worth it.
        int byWork = (int)Math.Min(concurrency, macs / (weightFloats > inputFloats ? Conv2DOp.MinStreamingMacsPerTask : MinFloatMacsPerTask));
        if (byWork < 2) return;
        _splitPanels = weightFloats > inputFloats ? panels >= 2 : rowBlocks < 2;
        _floatTasks = Math.Min(byWork, _splitPanels ? panels : rowBlocks);
        if (_floatTasks > 1) _floatWork ??= new FloatBlocksWork(this, ctx);
    }

    private int _dotTasks = 1;
    private DotWork? _dotWork;

    /// <summary>
    /// The dot-product path (a few batches, or weights that are not constant) splits the output units, four at a time:
    /// each thread streams its share of the weight rows, as the panel split of the GEMM does (a batch-1 classifier's
    /// 1280 -> 1000 layer reads 5 MB of weights per invoke). The optimized int8 and uint8 kernels (dot products over the
    /// weights as given, every batch) split the same way; each task widens the input rows itself.
    /// </summary>
    private void PrepareDotSplit(OpContext ctx)
    {
        _dotTasks = ParallelSplit.Tasks(ctx.Parallel.Concurrency, _p.OutputDepth, (long)_p.Batches * _p.InputDepth, Conv2DOp.MinStreamingMacsPerTask, 4);
        if (_dotTasks > 1) _dotWork ??= new DotWork(this, ctx);
    }

    /// <summary>One task per thread: a range of output units (a multiple of four, or the end) of the float, int8 or uint8 dot products.</summary>
    private sealed class DotWork(FullyConnectedOp op, OpContext ctx) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            var p = op._p;
            int start = ParallelSplit.Start(p.OutputDepth, task, op._dotTasks, 4), end = ParallelSplit.Start(p.OutputDepth, task + 1, op._dotTasks, 4);
            var biasT = ctx.OptionalInput(2);
            switch (op._kind)
            {
                case QuantizedConvolution.Kind.Float:
                    Opt.FullyConnected.RunDot(p, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(), biasT is null ? default : biasT.GetData<float>(),
                        ctx.Output(0).GetWritableData<float>(), start, end);
                    break;
                case QuantizedConvolution.Kind.Int8:
                {
                    var input = ctx.Input(0).GetData<sbyte>();
                    var weights = ctx.Input(1).GetData<sbyte>();
                    var bias = biasT is null ? default : biasT.GetData<int>();
                    var output = ctx.Output(0).GetWritableData<sbyte>();
                    if (op._perChannel) Opt.Quantized.FullyConnectedInt8SingleRounding.RunPerChannel(op._q, input, weights, bias, output, start, end);
                    else Opt.Quantized.FullyConnectedInt8SingleRounding.Run(op._q, input, weights, bias, output, start, end);
                    break;
                }
                case QuantizedConvolution.Kind.UInt8:
                    Opt.Quantized.FullyConnectedUInt8.Run(op._q, ctx.Input(0).GetData<byte>(), ctx.Input(1).GetData<byte>(),
                        biasT is null ? default : biasT.GetData<int>(), ctx.Output(0).GetWritableData<byte>(), start, end);
                    break;
                default:
                    throw new InvalidOperationException($"fully connected: no split dot products for {op._kind}");
            }
        }
    }

    /// <summary>One task per thread: a range of column panels or of MR-row blocks.</summary>
    private sealed class FloatBlocksWork(FullyConnectedOp op, OpContext ctx) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            var p = op._p;
            var uk = op._uk!;
            var input = ctx.Input(0).GetData<float>();
            var output = ctx.Output(0).GetWritableData<float>();
            int panels = (p.OutputDepth + uk.NR - 1) / uk.NR, rowBlocks = (p.Batches + uk.MR - 1) / uk.MR;
            if (op._splitPanels)
                Opt.FullyConnected.RunPackedBlock(p, uk, input, op._packed!.Span, output, 0, p.Batches,
                    ParallelSplit.Start(panels, task, op._floatTasks), ParallelSplit.Start(panels, task + 1, op._floatTasks));
            else
                Opt.FullyConnected.RunPackedBlock(p, uk, input, op._packed!.Span, output,
                    Math.Min(p.Batches, ParallelSplit.Start(rowBlocks, task, op._floatTasks) * uk.MR),
                    Math.Min(p.Batches, ParallelSplit.Start(rowBlocks, task + 1, op._floatTasks) * uk.MR), 0, panels);
        }
    }

    private void PrepareQuantized(OpContext ctx, FullyConnectedOptions o, LiteTensor input, LiteTensor weights, LiteTensor output, LiteTensor? bias)
    {
        int outDepth = _p.OutputDepth, depth = _p.InputDepth;
        _weightScales = QuantizedConvolution.FilterScales(ctx, weights, outDepth, 0, "weights");
        _perChannel = _weightScales.Length > 1;
        if (_kind == QuantizedConvolution.Kind.Hybrid)
        {
            _asymmetric = o.AsymmetricQuantizeInputs;
            _rowScratch = ctx.RequestScratch(depth);
            if (_asymmetric)
            {
                if (weights.IsConstant) _rowSums = QuantizedConvolution.RowSums(weights.GetData<sbyte>(), outDepth, depth);
                else _rowSumsScratch = ctx.RequestScratch(checked(outDepth * sizeof(int)));
            }
            return;
        }
        if (_perChannel && _kind == QuantizedConvolution.Kind.UInt8)
            throw ctx.Fail($"weights '{weights.Name}' of a uint8 fully connected must have one scale, got {_weightScales.Length}");
        var iq = input.Quantization!;
        var wq = weights.Quantization!;
        var oq = output.Quantization!;
        var (amin, amax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        int[]? multipliers = null, shifts = null;
        int multiplier = 0, shift = 0;
        if (_perChannel) (multipliers, shifts) = QuantizedConvolution.PerChannelMultipliers(ctx, iq.Scale, _weightScales, oq.Scale, outDepth);
        else if (_kind == QuantizedConvolution.Kind.Int16x8)
        {
            // Native TFLite's int16x8 FULLY_CONNECTED takes the per-channel formula (double input x filter scale) even for
            // one scale; the 8-bit kernels take GetQuantizedConvolutionMultipler's float product. Measured with tflite_run.
            var (m1, s1) = QuantizedConvolution.PerChannelMultipliers(ctx, iq.Scale, [wq.Scale], oq.Scale, 1);
            (multiplier, shift) = (m1[0], s1[0]);
        }
        else (multiplier, shift) = QuantizedConvolution.PerTensorMultiplier(ctx, iq.Scale, wq.Scale, oq.Scale);
        _q = new QuantizedFullyConnectedParams
        {
            Batches = _p.Batches, AccumDepth = depth, OutputDepth = outDepth,
            InputOffset = -iq.ZeroPoint, WeightsOffset = -wq.ZeroPoint, OutputOffset = oq.ZeroPoint,
            OutputMultiplier = multiplier, OutputShift = shift, PerChannelMultiplier = multipliers, PerChannelShift = shifts,
            ActivationMin = amin, ActivationMax = amax,
        };
        // The optimized int8 / uint8 kernels split the output units across threads as the float dot products do.
        if (!_reference && _kind is (QuantizedConvolution.Kind.Int8 or QuantizedConvolution.Kind.UInt8)) PrepareDotSplit(ctx);
        PrepareInt16Packed(ctx, weights);
    }

    private Opt.Quantized.Int16x8PackedWeights? _int16Packed;
    private QuantizedConvParams _int16Conv;
    private int _int16Scratch = -1;

    /// <summary>
    /// int16x8 with constant weights: widened once for the int16 GEMM of <see cref="Opt.Quantized.Conv2DInt16x8"/>, which
    /// runs the layer as a 1x1 convolution with FULLY_CONNECTED's single-rounding requantization (one thread).
    /// </summary>
    private void PrepareInt16Packed(OpContext ctx, LiteTensor weights)
    {
        _int16Packed = null;
        if (_reference || _kind != QuantizedConvolution.Kind.Int16x8 || !weights.IsConstant || _p.Batches <= 0) return;
        _int16Conv = Opt.Quantized.Conv2DInt16x8.FullyConnectedParams(_q, _perChannel);
        var conv = _int16Conv;
        int offset = _perChannel ? 0 : _q.WeightsOffset;
        _int16Packed = ctx.GetSharedWeights(("s16-fc", conv.InputDepth, conv.OutputDepth, offset),
                                            () => Opt.Quantized.Conv2DInt16x8.TryPack(conv, weights.GetData<sbyte>(), offset), w => w?.ByteSize ?? 0);
        if (_int16Packed is not null) _int16Scratch = ctx.RequestScratch(Opt.Quantized.Conv2DInt16x8.PackedScratchBytes(conv));
    }

    private void EvalQuantized(OpContext ctx)
    {
        var inputT = ctx.Input(0);
        var weightsT = ctx.Input(1);
        var biasT = ctx.OptionalInput(2);
        var outputT = ctx.Output(0);
        bool reference = _reference;
        switch (_kind)
        {
            case QuantizedConvolution.Kind.Int8:
            {
                var input = inputT.GetData<sbyte>();
                var weights = weightsT.GetData<sbyte>();
                var bias = biasT is null ? default : biasT.GetData<int>();
                var output = outputT.GetWritableData<sbyte>();
                // TFLite's int8 FULLY_CONNECTED requantizes with one rounding (see FullyConnectedInt8SingleRounding).
                if (_dotTasks > 1) ctx.Parallel.For(_dotTasks, _dotWork!);
                else if (_perChannel)
                {
                    if (reference) Ref.Quantized.FullyConnectedInt8SingleRounding.RunPerChannel(_q, input, weights, bias, output);
                    else Opt.Quantized.FullyConnectedInt8SingleRounding.RunPerChannel(_q, input, weights, bias, output);
                }
                else
                {
                    if (reference) Ref.Quantized.FullyConnectedInt8SingleRounding.Run(_q, input, weights, bias, output);
                    else Opt.Quantized.FullyConnectedInt8SingleRounding.Run(_q, input, weights, bias, output);
                }
                break;
            }
            case QuantizedConvolution.Kind.UInt8:
                if (_dotTasks > 1) ctx.Parallel.For(_dotTasks, _dotWork!);
                else if (reference)
                    Ref.Quantized.FullyConnectedUInt8.Run(_q, inputT.GetData<byte>(), weightsT.GetData<byte>(), biasT is null ? default : biasT.GetData<int>(),
                                                          outputT.GetWritableData<byte>());
                else
                    Opt.Quantized.FullyConnectedUInt8.Run(_q, inputT.GetData<byte>(), weightsT.GetData<byte>(), biasT is null ? default : biasT.GetData<int>(),
                                                          outputT.GetWritableData<byte>());
                break;
            case QuantizedConvolution.Kind.Int16x8:
            {
                var input = inputT.GetData<short>();
                var weights = weightsT.GetData<sbyte>();
                var output = outputT.GetWritableData<short>();
                if (_int16Packed is not null)
                {
                    bool int32Bias = biasT is not null && biasT.DataType == TensorType.Int32;
                    Opt.Quantized.Conv2DInt16x8.RunPacked(_int16Conv, _int16Packed, input, biasT is null || int32Bias ? default : biasT.GetData<long>(),
                        int32Bias ? biasT!.GetData<int>() : default, int32Bias, output, ctx.GetScratch(_int16Scratch), 0, _int16Conv.OutputWidth, 0,
                        _int16Packed.Blocks, singleRounding: true);
                }
                else if (biasT is not null && biasT.DataType == TensorType.Int32)
                {
                    if (_perChannel) Ref.Quantized.FullyConnectedInt16x8.RunPerChannel(_q, input, weights, biasT.GetData<int>(), output);
                    else Ref.Quantized.FullyConnectedInt16x8.Run(_q, input, weights, biasT.GetData<int>(), output);
                }
                else
                {
                    var bias = biasT is null ? default : biasT.GetData<long>();
                    if (_perChannel) Ref.Quantized.FullyConnectedInt16x8.RunPerChannel(_q, input, weights, bias, output);
                    else Ref.Quantized.FullyConnectedInt16x8.Run(_q, input, weights, bias, output);
                }
                break;
            }
            case QuantizedConvolution.Kind.Hybrid when _blockScales is not null:
            {
                var row = MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_rowScratch));
                var bias = biasT is null ? default : biasT.GetData<float>();
                if (_blockTasks > 1)
                {
                    var rowParams = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_rowParamsScratch));
                    Opt.Hybrid.BlockwiseInt4FullyConnected.QuantizeRows(_p, inputT.GetData<float>(), row,
                        MemoryMarshal.Cast<byte, short>(ctx.GetScratch(_splitScratch)), MemoryMarshal.Cast<int, float>(rowParams[.._p.Batches]),
                        rowParams[_p.Batches..]);
                    ctx.Parallel.For(_blockTasks, _blockWork!);
                }
                else if (_blockPacked)
                    Opt.Hybrid.BlockwiseInt4FullyConnected.RunPacked(_p, inputT.GetData<float>(), weightsT.RawBytes, _blockSize, _blockScales,
                        _blockCorrection!, bias, outputT.GetWritableData<float>(), row);
                else if (_blockCorrection is null)
                    Ref.Hybrid.BlockwiseInt4FullyConnected.Run(_p, inputT.GetData<float>(), weightsT.GetData<sbyte>(), _blockSize, _blockScales, bias,
                        outputT.GetWritableData<float>(), row);
                else
                    Opt.Hybrid.BlockwiseInt4FullyConnected.Run(_p, inputT.GetData<float>(), weightsT.GetData<sbyte>(), _blockSize, _blockScales,
                        _blockCorrection, bias, outputT.GetWritableData<float>(), row);
                break;
            }
            case QuantizedConvolution.Kind.Hybrid:
            {
                var weights = weightsT.GetData<sbyte>();
                ReadOnlySpan<int> rowSums = default;
                if (_asymmetric)
                {
                    if (_rowSums is not null) rowSums = _rowSums;
                    else
                    {
                        var sums = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_rowSumsScratch));
                        Kernels.Quantization.HybridQuantization.RowSums(weights, _p.OutputDepth, _p.InputDepth, sums);
                        rowSums = sums;
                    }
                }
                var row = MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_rowScratch));
                var bias = biasT is null ? default : biasT.GetData<float>();
                if (reference)
                    Ref.Hybrid.HybridFullyConnected.Run(_p, inputT.GetData<float>(), weights, _weightScales, bias, outputT.GetWritableData<float>(), _asymmetric, rowSums, row);
                else
                    Opt.Hybrid.HybridFullyConnected.Run(_p, inputT.GetData<float>(), weights, _weightScales, bias, outputT.GetWritableData<float>(), _asymmetric, rowSums, row);
                break;
            }
        }
    }

    /// <summary>One thread's share of the output units of a threaded blockwise int4 node (after QuantizeRows).</summary>
    private sealed class BlockwiseRowsWork(FullyConnectedOp op, OpContext ctx) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            var p = op._p;
            int start = (int)((long)p.OutputDepth * task / op._blockTasks), end = (int)((long)p.OutputDepth * (task + 1) / op._blockTasks);
            var rowParams = MemoryMarshal.Cast<byte, int>(ctx.GetScratch(op._rowParamsScratch));
            var biasT = ctx.OptionalInput(2);
            Opt.Hybrid.BlockwiseInt4FullyConnected.RunPackedRows(p, MemoryMarshal.Cast<byte, short>(ctx.GetScratch(op._splitScratch)),
                MemoryMarshal.Cast<int, float>(rowParams[..p.Batches]), rowParams[p.Batches..], ctx.Input(1).RawBytes, op._blockSize, op._blockScales!,
                op._blockCorrection!, biasT is null ? default : biasT.GetData<float>(), ctx.Output(0).GetWritableData<float>(), start, end);
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
        var weights = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_reference) Ref.FullyConnected.Run(_p, input, weights, bias, output);
        else if (_uk is not null && _packed is not null)
        {
            if (_floatTasks > 1) ctx.Parallel.For(_floatTasks, _floatWork!);
            else Opt.FullyConnected.RunPacked(_p, _uk, input, _packed.Span, output);
        }
        else if (_dotTasks > 1) ctx.Parallel.For(_dotTasks, _dotWork!);
        else Opt.FullyConnected.RunDot(_p, input, weights, bias, output);
    }
}
