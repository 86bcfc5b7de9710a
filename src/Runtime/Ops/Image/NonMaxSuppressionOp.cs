using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Image;

/// <summary>
/// NON_MAX_SUPPRESSION_V4 / V5 (TFLite's non_max_suppression.cc), shared by both registrations. As in TFLite the
/// input count picks the variant: 5 inputs (boxes float32 [n, 4], scores float32 [n], max_output_size int32 scalar,
/// iou_threshold and score_threshold float32 scalars) give hard NMS with outputs selected_indices int32
/// [max_output_size] and valid_outputs int32 scalar; a 6th input soft_nms_sigma (float32 scalar, &gt;= 0) gives
/// soft-NMS with outputs selected_indices, selected_scores float32 [max_output_size] and valid_outputs. Entries past
/// valid_outputs are zero. When max_output_size is not known at preparation the padded outputs are dynamic.
/// </summary>
internal abstract class NonMaxSuppressionOp : IOpKernel
{
    private int _heap;
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        int inputs = ctx.InputCount;
        if (inputs is not (5 or 6))
            throw ctx.Fail($"expected 5 inputs (hard NMS) or 6 (soft NMS with sigma), got {inputs}");
        bool soft = inputs == 6;
        int outputs = soft ? 3 : 2;
        if (ctx.OutputCount != outputs)
            throw ctx.Fail($"with {inputs} inputs expected {outputs} outputs, got {ctx.OutputCount}");
        var boxes = ctx.Input(0);
        var scores = ctx.Input(1);
        ExpectType(ctx, boxes, "boxes", TensorType.Float32);
        if (boxes.Rank != 2 || boxes.Dim(1) != 4)
            throw ctx.Fail($"boxes {Describe(boxes)} must have shape [num_boxes, 4]");
        ExpectType(ctx, scores, "scores", TensorType.Float32);
        if (scores.Rank != 1 || scores.Dim(0) != boxes.Dim(0))
            throw ctx.Fail($"scores {Describe(scores)} must have shape [{boxes.Dim(0)}] (one per box of {Describe(boxes)})");
        var maxOut = ctx.Input(2);
        ExpectType(ctx, maxOut, "max_output_size", TensorType.Int32);
        ExpectScalar(ctx, maxOut, "max_output_size");
        ExpectType(ctx, ctx.Input(3), "iou_threshold", TensorType.Float32);
        ExpectScalar(ctx, ctx.Input(3), "iou_threshold");
        ExpectType(ctx, ctx.Input(4), "score_threshold", TensorType.Float32);
        ExpectScalar(ctx, ctx.Input(4), "score_threshold");
        if (soft)
        {
            ExpectType(ctx, ctx.Input(5), "soft_nms_sigma", TensorType.Float32);
            ExpectScalar(ctx, ctx.Input(5), "soft_nms_sigma");
        }
        ExpectType(ctx, ctx.Output(0), "output 0 (selected_indices)", TensorType.Int32);
        if (soft) ExpectType(ctx, ctx.Output(1), "output 1 (selected_scores)", TensorType.Float32);
        ExpectType(ctx, ctx.Output(outputs - 1), $"output {outputs - 1} (valid_outputs)", TensorType.Int32);
        ctx.ResizeOutput(outputs - 1, []);
        _dynamic = !maxOut.IsKnownAtPrepare;
        if (_dynamic)
        {
            ctx.MarkOutputDynamic(0);
            if (soft) ctx.MarkOutputDynamic(1);
        }
        else
        {
            Span<int> shape = [MaxOutputSize(ctx)];
            ctx.ResizeOutput(0, shape);
            if (soft) ctx.ResizeOutput(1, shape);
        }
        _heap = ctx.RequestScratch(checked(boxes.Dim(0) * Marshal.SizeOf<Ref.NonMaxSuppression.Candidate>()));
    }

    private static void ExpectScalar(OpContext ctx, LiteTensor t, string role)
    {
        if (t.Rank != 0) throw ctx.Fail($"{role} {Describe(t)} must be a scalar (rank 0)");
    }

    private static int MaxOutputSize(OpContext ctx)
    {
        int v = ctx.Input(2).GetData<int>()[0];
        if (v < 0) throw ctx.Fail($"max_output_size {Describe(ctx.Input(2))} is {v}; it must be >= 0");
        return v;
    }

    public void Eval(OpContext ctx)
    {
        bool soft = ctx.InputCount == 6;
        int maxOut = MaxOutputSize(ctx);
        float iou = ctx.Input(3).GetData<float>()[0];
        float scoreThreshold = ctx.Input(4).GetData<float>()[0];
        float sigma = 0f;
        if (soft)
        {
            sigma = ctx.Input(5).GetData<float>()[0];
            if (sigma < 0) throw ctx.Fail($"soft_nms_sigma {Describe(ctx.Input(5))} is {sigma}; it must be >= 0");
        }
        if (_dynamic)
        {
            Span<int> shape = [maxOut];
            ctx.ResizeOutput(0, shape);
            if (soft) ctx.ResizeOutput(1, shape);
        }
        var indices = ctx.Output(0).GetWritableData<int>();
        var scores = soft ? ctx.Output(1).GetWritableData<float>() : default;
        var heap = MemoryMarshal.Cast<byte, Ref.NonMaxSuppression.Candidate>(ctx.GetScratch(_heap));
        int count = Ref.NonMaxSuppression.Run(ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(), maxOut, iou, scoreThreshold,
            sigma, indices, scores, heap);
        indices.Slice(count).Clear();
        if (soft) scores.Slice(count).Clear();
        ctx.Output(soft ? 2 : 1).GetWritableData<int>()[0] = count;
    }

    /// <summary>
    /// Work: every candidate is compared with each selected box at most once (num_boxes x min(num_boxes,
    /// max_output_size) IoUs; num_boxes^2 when max_output_size is only known at run time), plus heap operations.
    /// </summary>
    public static long EstimateWork(OpContext ctx)
    {
        long n = ctx.Input(0).Rank == 2 ? ctx.Input(0).Dim(0) : 0;
        long m = n;
        var maxOut = ctx.Input(2);
        if (maxOut.IsKnownAtPrepare && maxOut.ElementCount == 1) m = Math.Min(n, Math.Max(0, maxOut.GetData<int>()[0]));
        long heap = OpWork.Mul(n, 1 + (long)Math.Log2(Math.Max(2, n)));
        return OpWork.Add(OpWork.Add(OpWork.Mul(OpWork.Mul(n, Math.Max(1, m)), 8), heap), OpWork.Linear(ctx));
    }
}
