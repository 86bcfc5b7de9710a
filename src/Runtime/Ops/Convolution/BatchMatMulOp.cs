using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// BATCH_MATMUL (float32): lhs [..., R, D] (adj_x: [..., D, R]) times rhs [..., D, C] (adj_y: [..., C, D]), ranks 2 to 5;
/// the leading (batch) dimensions broadcast as in NumPy; output [broadcast batch..., R, C]. The per-output-batch
/// lhs/rhs batch indices are computed in Prepare. Quantized and hybrid inputs are not supported yet.
/// </summary>
internal sealed class BatchMatMulOp : IOpKernel
{
    private int _rows, _depth, _cols;
    private bool _adjX, _adjY;
    private int[] _lhsBatch = Array.Empty<int>();
    private int[] _rhsBatch = Array.Empty<int>();

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 2);
        var lhs = ctx.Input(0);
        var rhs = ctx.Input(1);
        var output = ctx.Output(0);
        if (lhs.DataType == TensorType.Float32 && rhs.DataType is TensorType.Int8)
            throw ctx.Fail($"rhs '{rhs.Name}' is int8 with float32 lhs: hybrid BATCH_MATMUL is not supported yet");
        RequireFloat(ctx, lhs, "lhs");
        RequireFloat(ctx, rhs, "rhs");
        RequireFloat(ctx, output, "output");
        if (lhs.Rank < 2 || lhs.Rank > 5) throw ctx.Fail($"lhs '{lhs.Name}' must have rank 2 to 5, got {ShapeText(lhs)}");
        if (rhs.Rank < 2 || rhs.Rank > 5) throw ctx.Fail($"rhs '{rhs.Name}' must have rank 2 to 5, got {ShapeText(rhs)}");
        var o = ctx.GetOptions<BatchMatMulOptions>();
        _adjX = o.AdjX;
        _adjY = o.AdjY;
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
    }

    public void Eval(OpContext ctx) =>
        Ref.BatchMatMul.Run(_rows, _depth, _cols, _adjX, _adjY, ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(),
                            _lhsBatch, _rhsBatch, ctx.Output(0).GetWritableData<float>());
}
