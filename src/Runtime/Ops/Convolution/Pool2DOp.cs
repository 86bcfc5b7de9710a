using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Shared preparation of AVERAGE_POOL_2D and MAX_POOL_2D: input [N, H, W, C] -> [N, OH, OW, C], float32, int8,
/// uint8 or int16 (zero point 0). Quantized pools keep the input's scale and zero point (TFLite only DCHECKs that the
/// output's match), clamped to the fused activation's quantized range.
/// </summary>
internal abstract class Pool2DOp : IOpKernel
{
    protected readonly bool _reference;

    protected Pool2DOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    protected PoolParams Params;
    protected QuantizedPoolParams QuantizedParams;
    protected TensorType ElementType;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 1, 1);
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        ElementType = input.DataType;
        if (ElementType is not (TensorType.Float32 or TensorType.Int8 or TensorType.UInt8 or TensorType.Int16))
            throw ctx.Fail($"input '{input.Name}' is {TensorTypes.Name(ElementType)}: expected float32, int8, uint8 or int16");
        if (output.DataType != ElementType)
            throw ctx.Fail($"output '{output.Name}' must be {TensorTypes.Name(ElementType)} like the input, got {TensorTypes.Name(output.DataType)}");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        var o = ctx.GetOptions<Pool2DOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        RequirePositive(ctx, o.FilterHeight, "filter_height");
        RequirePositive(ctx, o.FilterWidth, "filter_width");
        bool isFloat = ElementType == TensorType.Float32;
        _tasks = 1;
        _ringScratch = -1;
        var (min, max) = isFloat ? ActivationRange(ctx, o.FusedActivation) : (float.NegativeInfinity, float.PositiveInfinity);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), c = input.Dim(3);
        int outH = OpHelpers.ComputeOutSize(o.Padding, h, o.FilterHeight, o.StrideH);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, o.FilterWidth, o.StrideW);
        ctx.ResizeOutput(0, [n, outH, outW, c]);
        Params = new PoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Channels = c, FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth,
            OutputHeight = outH, OutputWidth = outW, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, 1, h, o.FilterHeight, outH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, 1, w, o.FilterWidth, outW, out _),
            ActivationMin = min, ActivationMax = max,
        };
        if (isFloat)
        {
            PrepareFloatSplit(ctx);
            return;
        }

        QuantizedConvolution.RequireQuantized(ctx, input, "input");
        QuantizedConvolution.RequireQuantized(ctx, output, "output");
        if (ElementType == TensorType.Int16 && (input.Quantization!.ZeroPoint != 0 || output.Quantization!.ZeroPoint != 0))
            throw ctx.Fail($"int16 input '{input.Name}' and output '{output.Name}' must have zero point 0");
        var (qmin, qmax) = QuantizedConvolution.ActivationRange(ctx, o.FusedActivation, output);
        QuantizedParams = new QuantizedPoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Depth = c, OutputHeight = outH, OutputWidth = outW,
            FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadHeight = Params.PadTop, PadWidth = Params.PadLeft, ActivationMin = qmin, ActivationMax = qmax,
        };
    }

    public abstract void Eval(OpContext ctx);

    /// <summary>True for AVERAGE_POOL_2D, false for MAX_POOL_2D (the float row kernel's mode).</summary>
    protected abstract bool IsAverage { get; }

    private int _tasks = 1;
    private FloatRowsWork? _work;

    /// <summary>
    /// Output elements (times window taps) per thread below which a float pool stays on one thread (~15 us of work).
    /// Splitting keeps each thread on the rows its half of the producing convolution left in its own cache, but below
    /// this it lost: 64x64x28 2x2/2 (115 K) took 24 us on one thread and 38 us split in two (face_detection_short_range,
    /// 2 vCPUs, AMD Zen 4).
    /// </summary>
    private const long MinWorkPerTask = 128 * 1024;

    private void PrepareFloatSplit(OpContext ctx)
    {
        if (_reference) return;
        var p = Params;
        _tasks = ParallelSplit.Tasks(ctx.Parallel.Concurrency, (long)p.Batches * p.OutputHeight,
                                     (long)p.OutputWidth * p.Channels * p.FilterHeight * p.FilterWidth, MinWorkPerTask);
        if (_tasks > 1) _work ??= new FloatRowsWork(this, ctx);
        _ringLength = IsAverage ? 0 : Kernels.Optimized.Pooling.MaxPoolScratchLength(p);
        _ringScratch = _ringLength > 0 ? ctx.RequestScratch(checked(_ringLength * _tasks * sizeof(float))) : -1;
    }

    /// <summary>The separable float max pool's ring: <see cref="_ringLength"/> floats per task, or none (-1).</summary>
    private int _ringScratch = -1, _ringLength;

    /// <summary>The optimized float pool on one thread or split into output-row ranges across the pool.</summary>
    protected void EvalFloatOptimized(OpContext ctx)
    {
        if (_tasks <= 1 || _work is null)
        {
            RunFloatRows(ctx, 0, Params.Batches * Params.OutputHeight, 0);
            return;
        }
        ctx.Parallel.For(_tasks, _work);
    }

    private void RunFloatRows(OpContext ctx, int start, int end, int task)
    {
        var ring = _ringScratch < 0 ? default
            : MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_ringScratch)).Slice(task * _ringLength, _ringLength);
        Kernels.Optimized.Pooling.PoolRows(Params, ctx.Input(0).GetData<float>(), ctx.Output(0).GetWritableData<float>(), IsAverage, start, end, ring);
    }

    private sealed class FloatRowsWork(Pool2DOp op, OpContext ctx) : Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
        {
            int rows = op.Params.Batches * op.Params.OutputHeight;
            op.RunFloatRows(ctx, ParallelSplit.Start(rows, task, op._tasks), ParallelSplit.Start(rows, task + 1, op._tasks), task);
        }
    }
}
