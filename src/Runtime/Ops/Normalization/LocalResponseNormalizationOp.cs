using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Normalization;

/// <summary>
/// LOCAL_RESPONSE_NORMALIZATION: float32 [N, H, W, C], normalized across channels within <c>radius</c>
/// (TensorFlow's window, both ends included, as TFLite's built-in kernel).
/// </summary>
internal sealed class LocalResponseNormalizationOp : IOpKernel
{
    private int _outer, _depth;
    private LocalResponseNormalizationOptions _o = new();

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1) throw ctx.Fail($"expected 1 input, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        OpHelpers.ExpectType(ctx, output, TensorType.Float32, "output");
        _o = ctx.GetOptions<LocalResponseNormalizationOptions>();
        if (_o.Radius < 0) throw ctx.Fail($"radius must not be negative, got {_o.Radius}");
        _depth = input.Dim(3);
        _outer = _depth == 0 ? 0 : checked((int)(input.ElementCount / _depth));
        ctx.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext ctx) =>
        LocalResponseNormalization.Float(_outer, _depth, _o.Radius, _o.Bias, _o.Alpha, _o.Beta,
                                         ctx.Input(0).GetData<float>(), ctx.Output(0).GetWritableData<float>());

    /// <summary>Each output element sums up to 2 * radius + 1 squares.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var o = ctx.GetOptions<LocalResponseNormalizationOptions>();
        long window = Math.Min(2L * Math.Max(0, o.Radius) + 1, Math.Max(1, ctx.Input(0).Rank == 4 ? ctx.Input(0).Dim(3) : 1));
        return OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, window), OpWork.Linear(ctx));
    }
}
