using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// BATCH_MATMUL (float32): lhs [..., R, D] (adj_x: [..., D, R]) times rhs [..., D, C] (adj_y: [..., C, D]), ranks 2 to 5;
/// the leading (batch) dimensions broadcast as in NumPy; output [broadcast batch..., R, C]. The per-output-batch
/// lhs/rhs batch indices are computed in Prepare.
/// Float, optimized flavor: the packed GEMM of <see cref="Opt.BatchMatMul"/> (the rhs packed per batch in scratch, or once
/// per model when constant), split by row blocks across the interpreter's threads when each task gets at least
/// <see cref="MinFloatMacsPerTask"/> multiply-adds; the reference kernel without vector hardware.
/// Quantized (TFLite batch_matmul.cc): int8 x int8 -> int8 and int16 x int16 -> int16 (zero points 0), per-tensor
/// multiplier float(lhs scale * rhs scale) / output scale, no fused activation (the output type's full range).
/// int8, optimized flavor: the int16 GEMM of <see cref="Opt.Quantized.BatchMatMulInt8"/> (the rhs widened and packed per
/// batch in scratch, or once per model when constant), split by row units across the threads when each task gets at
/// least <see cref="MinQuantMacsPerTask"/> multiply-adds; the reference kernel without AVX2 or outside its parameter range.
/// int16, optimized flavor: likewise with <see cref="Opt.Quantized.BatchMatMulInt16"/> (int64 accumulators), on AVX-512 only.
/// Hybrid: float lhs x constant int8 rhs (one scale, or one per output column) -> float, lhs rows quantized on the fly
/// (asymmetric when asymmetric_quantize_inputs), rhs column sums precomputed here.
/// </summary>
internal sealed class BatchMatMulOp : IOpKernel
{
    private readonly bool _reference;

    public BatchMatMulOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _rows, _depth, _cols;
    private bool _adjX, _adjY;
    private int[] _lhsBatch = Array.Empty<int>();
    private int[] _rhsBatch = Array.Empty<int>();
    private enum Kind { Float, Int8, Int16, Hybrid }
    private Kind _kind;
    private Ref.Quantized.BatchMatMulQuantized.Params _q;
    private float[] _rhsScales = Array.Empty<float>();
    private int[] _columnSums = Array.Empty<int>();
    private bool _asymmetric;
    private int _quantScratch = -1, _scaleScratch = -1, _offsetScratch = -1, _rowScratch = -1;
    private F32GemmMicrokernel? _uk;
    private AlignedArray<float>? _packedRhs;
    private int _floatScratch = -1, _floatScratchLength, _tasks = 1, _units;
    private FloatWork? _work;
    private Opt.Quantized.Gemm.Int8RequantTable? _s8Requant;
    private bool _s16Vector;
    private AlignedArray<short>? _qPackedRhs;
    private int _qScratch = -1, _qScratchBytes;
    private QuantWork? _qWork;

    /// <summary>Least multiply-adds per task (as float CONV_2D): smaller products stay on one thread.</summary>
    private const long MinFloatMacsPerTask = 512 * 1024;

    /// <summary>Least multiply-adds per task of the int8 / int16 paths (as the packed int8 CONV_2D).</summary>
    private const long MinQuantMacsPerTask = 1_000_000;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 2);
        var lhs = ctx.Input(0);
        var rhs = ctx.Input(1);
        var output = ctx.Output(0);
        _kind = (lhs.DataType, rhs.DataType) switch
        {
            (TensorType.Float32, TensorType.Float32) => Kind.Float,
            (TensorType.Float32, TensorType.Int8) => Kind.Hybrid,
            (TensorType.Int8, TensorType.Int8) => Kind.Int8,
            (TensorType.Int16, TensorType.Int16) => Kind.Int16,
            _ => throw ctx.Fail($"lhs '{lhs.Name}' ({TensorTypes.Name(lhs.DataType)}) and rhs '{rhs.Name}' ({TensorTypes.Name(rhs.DataType)}): " +
                                "expected float32 x float32, float32 x int8 (hybrid), int8 x int8 or int16 x int16"),
        };
        var expectedOut = _kind switch { Kind.Int8 => TensorType.Int8, Kind.Int16 => TensorType.Int16, _ => TensorType.Float32 };
        if (output.DataType != expectedOut)
            throw ctx.Fail($"output '{output.Name}' must be {TensorTypes.Name(expectedOut)} for {TensorTypes.Name(lhs.DataType)} x {TensorTypes.Name(rhs.DataType)}, got {TensorTypes.Name(output.DataType)}");
        if (lhs.Rank < 2 || lhs.Rank > 5) throw ctx.Fail($"lhs '{lhs.Name}' must have rank 2 to 5, got {ShapeText(lhs)}");
        if (rhs.Rank < 2 || rhs.Rank > 5) throw ctx.Fail($"rhs '{rhs.Name}' must have rank 2 to 5, got {ShapeText(rhs)}");
        var o = ctx.GetOptions<BatchMatMulOptions>();
        _adjX = o.AdjX;
        _adjY = o.AdjY;
        _asymmetric = o.AsymmetricQuantizeInputs;
        int lr = lhs.Rank, rr = rhs.Rank;
        _rows = _adjX ? lhs.Dim(lr - 1) : lhs.Dim(lr - 2);
        _depth = _adjX ? lhs.Dim(lr - 2) : lhs.Dim(lr - 1);
        int rhsDepth = _adjY ? rhs.Dim(rr - 1) : rhs.Dim(rr - 2);
        _cols = _adjY ? rhs.Dim(rr - 2) : rhs.Dim(rr - 1);
        if (rhsDepth != _depth)
            throw ctx.Fail($"lhs '{lhs.Name}' {ShapeText(lhs)} (adj_x {_adjX}) and rhs '{rhs.Name}' {ShapeText(rhs)} (adj_y {_adjY}) disagree on the contracted dimension: {_depth} vs {rhsDepth}");

        // Broadcast the batch dimensions, right-aligned.
        int batchRank = Math.Max(lr, rr) - 2;
        var outBatch = new int[batchRank];
        for (int i = 0; i < batchRank; i++)
        {
            int li = i - (batchRank - (lr - 2)), ri = i - (batchRank - (rr - 2));
            int ld = li >= 0 ? lhs.Dim(li) : 1, rd = ri >= 0 ? rhs.Dim(ri) : 1;
            if (ld != rd && ld != 1 && rd != 1)
                throw ctx.Fail($"batch dimensions of lhs {ShapeText(lhs)} and rhs {ShapeText(rhs)} do not broadcast (axis {i}: {ld} vs {rd})");
            outBatch[i] = ld == 1 ? rd : ld;
        }
        long batches = 1;
        foreach (int d in outBatch) batches *= d;
        if (batches > int.MaxValue) throw ctx.Fail("too many batches");
        var shape = new int[batchRank + 2];
        outBatch.CopyTo(shape, 0);
        shape[batchRank] = _rows;
        shape[batchRank + 1] = _cols;
        ctx.ResizeOutput(0, shape);

        _lhsBatch = new int[batches];
        _rhsBatch = new int[batches];
        var index = new int[batchRank];
        for (int b = 0; b < batches; b++)
        {
            int lIndex = 0, rIndex = 0;
            for (int i = 0; i < batchRank; i++)
            {
                int li = i - (batchRank - (lr - 2)), ri = i - (batchRank - (rr - 2));
                if (li >= 0) lIndex = lIndex * lhs.Dim(li) + (lhs.Dim(li) == 1 ? 0 : index[i]);
                if (ri >= 0) rIndex = rIndex * rhs.Dim(ri) + (rhs.Dim(ri) == 1 ? 0 : index[i]);
            }
            _lhsBatch[b] = lIndex;
            _rhsBatch[b] = rIndex;
            for (int i = batchRank - 1; i >= 0; i--)
            {
                if (++index[i] < outBatch[i]) break;
                index[i] = 0;
            }
        }

        _quantScratch = _scaleScratch = _offsetScratch = _rowScratch = -1;
        _columnSums = Array.Empty<int>();
        _rhsScales = Array.Empty<float>();
        _uk = null;
        _packedRhs = null;
        _floatScratch = -1;
        _s8Requant = null;
        _s16Vector = false;
        _qPackedRhs = null;
        _qScratch = -1;
        _tasks = 1;
        if (_kind is Kind.Int8 or Kind.Int16) PrepareQuantized(ctx, lhs, rhs, output);
        else if (_kind == Kind.Hybrid) PrepareHybrid(ctx, lhs, rhs);
        else if (!_reference) PrepareFloat(ctx, rhs);
    }

    private void PrepareFloat(OpContext ctx, LiteTensor rhs)
    {
        if (_rows == 0 || _cols == 0 || _lhsBatch.Length == 0) return;
        _uk = Opt.BatchMatMul.SelectMicrokernel(_cols, _depth);
        if (_uk is null) return;
        if (rhs.IsConstant)
        {
            var (uk, depth, cols, adjY) = (_uk, _depth, _cols, _adjY);
            long matrices = _depth == 0 ? 0 : rhs.ElementCount / ((long)_depth * _cols);
            long length = matrices * Opt.BatchMatMul.PackedRhsLength(uk, depth, cols);
            if (_depth > 0 && length <= int.MaxValue)
                _packedRhs = ctx.GetSharedWeights(("f32-batch-matmul", uk.Id, depth, cols, adjY), () =>
                {
                    var packed = new AlignedArray<float>((int)length);
                    Opt.BatchMatMul.PackAllRhs(uk, depth, cols, adjY, rhs.GetData<float>(), packed.Span);
                    return packed;
                }, w => w?.ByteSize ?? 0);
        }
        _units = checked(_lhsBatch.Length * Opt.BatchMatMul.RowBlocks(_uk, _rows));
        long macs = (long)_lhsBatch.Length * _rows * _depth * _cols;
        _tasks = (int)Math.Max(1, Math.Min(Math.Min(ctx.Parallel.Concurrency, _units), macs / MinFloatMacsPerTask));
        _floatScratchLength = Opt.BatchMatMul.ScratchLength(_uk, _rows, _depth, _cols, _adjX, _packedRhs is not null);
        _floatScratch = ctx.RequestScratch(checked(Math.Max(1, _floatScratchLength) * _tasks * sizeof(float)));
        if (_tasks > 1) _work ??= new FloatWork(this, ctx);
    }

    /// <summary>Units (row blocks of one batch) [units * task / tasks, units * (task + 1) / tasks) with the task's own scratch.</summary>
    private void RunFloatTask(OpContext ctx, int task)
    {
        var scratch = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_floatScratch));
        int length = Math.Max(1, _floatScratchLength);
        Opt.BatchMatMul.RunUnits(_uk!, _rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(),
            _packedRhs is null ? default : _packedRhs.Span, _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<float>(),
            scratch.Slice(task * length, length), (int)((long)_units * task / _tasks), (int)((long)_units * (task + 1) / _tasks));
    }

    private sealed class FloatWork(BatchMatMulOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task) => op.RunFloatTask(ctx, task);
    }

    private void PrepareQuantized(OpContext ctx, LiteTensor lhs, LiteTensor rhs, LiteTensor output)
    {
        var lq = QuantizedConvolution.RequireQuantized(ctx, lhs, "lhs");
        var rq = QuantizedConvolution.RequireQuantized(ctx, rhs, "rhs");
        var oq = QuantizedConvolution.RequireQuantized(ctx, output, "output");
        if (_kind == Kind.Int16)
        {
            if (lq.ZeroPoint != 0) throw ctx.Fail($"int16 lhs '{lhs.Name}' must have zero point 0, got {lq.ZeroPoint}");
            if (rq.ZeroPoint != 0) throw ctx.Fail($"int16 rhs '{rhs.Name}' must have zero point 0, got {rq.ZeroPoint}");
            if (oq.ZeroPoint != 0) throw ctx.Fail($"int16 output '{output.Name}' must have zero point 0, got {oq.ZeroPoint}");
        }
        var (multiplier, shift) = QuantizedConvolution.PerTensorMultiplier(ctx, lq.Scale, rq.Scale, oq.Scale);
        if (_kind == Kind.Int16 && (shift < -31 || shift > 7))
            throw ctx.Fail($"effective scale {lq.Scale} x {rq.Scale} / {oq.Scale} is out of the int16 requantization range (shift {shift})");
        _q = _kind == Kind.Int8
            ? new(-lq.ZeroPoint, -rq.ZeroPoint, oq.ZeroPoint, multiplier, shift, sbyte.MinValue, sbyte.MaxValue)
            : new(-lq.ZeroPoint, -rq.ZeroPoint, oq.ZeroPoint, multiplier, shift, short.MinValue, short.MaxValue);
        if (!_reference && _rows > 0 && _cols > 0 && _lhsBatch.Length > 0) PrepareQuantizedVector(ctx, rhs);
    }

    /// <summary>The vector int8 / int16 paths where they cover the parameters: the constant rhs packed once, scratch and threads.</summary>
    private void PrepareQuantizedVector(OpContext ctx, LiteTensor rhs)
    {
        bool int8 = _kind == Kind.Int8;
        if (int8) _s8Requant = Opt.Quantized.BatchMatMulInt8.TryCreateRequant(_q);
        else _s16Vector = Opt.Quantized.BatchMatMulInt16.Covers(_q);
        if (_s8Requant is null && !_s16Vector) return;
        if (rhs.IsConstant && _depth > 0)
        {
            var (depth, cols, adjY, offset) = (_depth, _cols, _adjY, _q.RhsOffset);
            long matrices = rhs.ElementCount / ((long)_depth * _cols);
            long length = matrices * (int8 ? Opt.Quantized.BatchMatMulInt8.PackedRhsLength(depth, cols) : Opt.Quantized.BatchMatMulInt16.PackedRhsLength(depth, cols));
            if (length <= int.MaxValue)
                _qPackedRhs = ctx.GetSharedWeights((int8 ? "s8-batch-matmul" : "s16-batch-matmul", depth, cols, adjY, offset), () =>
                {
                    var packed = new AlignedArray<short>((int)length);
                    if (int8) Opt.Quantized.BatchMatMulInt8.PackAllRhs(depth, cols, adjY, offset, rhs.GetData<sbyte>(), packed.Span);
                    else Opt.Quantized.BatchMatMulInt16.PackAllRhs(depth, cols, adjY, rhs.GetData<short>(), packed.Span);
                    return packed;
                }, w => w?.ByteSize ?? 0);
        }
        _units = checked(_lhsBatch.Length * (int8 ? Opt.Quantized.BatchMatMulInt8.RowBlocks(_rows) : Opt.Quantized.BatchMatMulInt16.RowBlocks(_rows)));
        long macs = (long)_lhsBatch.Length * _rows * _depth * _cols;
        _tasks = (int)Math.Max(1, Math.Min(Math.Min(ctx.Parallel.Concurrency, _units), macs / MinQuantMacsPerTask));
        bool prepacked = _qPackedRhs is not null;
        _qScratchBytes = Math.Max(1, int8 ? Opt.Quantized.BatchMatMulInt8.ScratchBytes(_rows, _depth, _cols, prepacked)
                                          : Opt.Quantized.BatchMatMulInt16.ScratchBytes(_rows, _depth, _cols, prepacked));
        _qScratch = ctx.RequestScratch(checked(_qScratchBytes * _tasks));
        if (_tasks > 1) _qWork ??= new QuantWork(this, ctx);
    }

    /// <summary>Units (row units of one batch) [units * task / tasks, units * (task + 1) / tasks) with the task's own scratch.</summary>
    private void RunQuantTask(OpContext ctx, int task)
    {
        var scratch = ctx.GetScratch(_qScratch).Slice(task * _qScratchBytes, _qScratchBytes);
        var packed = _qPackedRhs is null ? default : _qPackedRhs.Span;
        int start = (int)((long)_units * task / _tasks), end = (int)((long)_units * (task + 1) / _tasks);
        if (_kind == Kind.Int8)
            Opt.Quantized.BatchMatMulInt8.RunUnits(_q, _s8Requant!, _rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<sbyte>(),
                ctx.Input(1).GetData<sbyte>(), packed, _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<sbyte>(), scratch, start, end);
        else
            Opt.Quantized.BatchMatMulInt16.RunUnits(_q, _rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<short>(),
                ctx.Input(1).GetData<short>(), packed, _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<short>(), scratch, start, end);
    }

    private sealed class QuantWork(BatchMatMulOp op, OpContext ctx) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task) => op.RunQuantTask(ctx, task);
    }

    private void PrepareHybrid(OpContext ctx, LiteTensor lhs, LiteTensor rhs)
    {
        if (!rhs.IsConstant) throw ctx.Fail($"int8 rhs '{rhs.Name}' of a hybrid BATCH_MATMUL must be constant");
        var rq = QuantizedConvolution.RequireQuantized(ctx, rhs, "rhs");
        float[] scales = rq.ScalesArray;
        if (scales.Length != 1)
        {
            int colAxis = _adjY ? rhs.Rank - 2 : rhs.Rank - 1;
            if (scales.Length != _cols || rq.QuantizedDimension != colAxis)
                throw ctx.Fail($"rhs '{rhs.Name}' has {scales.Length} scales along dimension {rq.QuantizedDimension}, expected 1 or {_cols} along dimension {colAxis}");
        }
        _rhsScales = scales;
        long rhsMatrices = _depth == 0 || _cols == 0 ? 0 : rhs.ElementCount / ((long)_depth * _cols);
        _columnSums = new int[rhsMatrices * _cols];
        Ref.Hybrid.HybridBatchMatMul.ColumnSums(_depth, _cols, _adjY, rhs.GetData<sbyte>(), _columnSums);
        long lhsRows = _depth == 0 ? 0 : lhs.ElementCount / _depth;
        if (lhs.ElementCount > int.MaxValue / 4) throw ctx.Fail($"lhs '{lhs.Name}' is too large for the hybrid scratch");
        _quantScratch = ctx.RequestScratch((int)Math.Max(1, lhs.ElementCount));
        _scaleScratch = ctx.RequestScratch((int)Math.Max(1, lhsRows) * sizeof(float));
        _offsetScratch = ctx.RequestScratch((int)Math.Max(1, lhsRows) * sizeof(int));
        _rowScratch = ctx.RequestScratch(Math.Max(1, _depth) * sizeof(float));
    }

    public void Eval(OpContext ctx)
    {
        switch (_kind)
        {
            case Kind.Int8 when _s8Requant is not null:
            case Kind.Int16 when _s16Vector:
                if (_tasks > 1) ctx.Parallel.For(_tasks, _qWork!);
                else RunQuantTask(ctx, 0);
                return;
            case Kind.Int8:
                Ref.Quantized.BatchMatMulQuantized.RunInt8(_q, _rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<sbyte>(),
                    ctx.Input(1).GetData<sbyte>(), _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<sbyte>());
                return;
            case Kind.Int16:
                Ref.Quantized.BatchMatMulQuantized.RunInt16(_q, _rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<short>(),
                    ctx.Input(1).GetData<short>(), _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<short>());
                return;
            case Kind.Hybrid:
                Ref.Hybrid.HybridBatchMatMul.Run(_rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<sbyte>(),
                    _rhsScales, _asymmetric, _columnSums, _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<float>(),
                    MemoryMarshal.Cast<byte, sbyte>(ctx.GetScratch(_quantScratch)), MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_scaleScratch)),
                    MemoryMarshal.Cast<byte, int>(ctx.GetScratch(_offsetScratch)), MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_rowScratch)));
                return;
            case Kind.Float when _uk is not null:
                if (_tasks > 1) ctx.Parallel.For(_tasks, _work!);
                else RunFloatTask(ctx, 0);
                return;
            default:
                Ref.BatchMatMul.Run(_rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(),
                                    _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<float>());
                return;
        }
    }
}
