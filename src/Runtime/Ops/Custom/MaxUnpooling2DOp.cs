using ManagedLite.Kernels;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// MediaPipe's MaxUnpooling2D: float32 values and argmax indices [N, H, W, C] -> [N, H * filter_height,
/// W * filter_width, C], each value placed where its index points (zeros elsewhere). Options: raw TfLitePoolParams.
/// An index that is not a window position or points outside the output is an error (MediaPipe writes out of bounds).
/// </summary>
internal sealed class MaxUnpooling2DOp : IOpKernel
{
    private PoolParams _p;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 2) throw ctx.Fail($"expected 2 inputs (values, indices), got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        var indices = ctx.Input(1);
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, indices, 4, "indices");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        OpHelpers.ExpectType(ctx, indices, TensorType.Float32, "indices");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        if (!indices.Shape.SequenceEqual(input.Shape))
            throw ctx.Fail($"indices {ModelText.Quote(indices.Name)} must have the input's shape [{string.Join(",", input.Shape.ToArray())}], got [{string.Join(",", indices.Shape.ToArray())}]");
        var o = MediaPipePoolOptions.Parse(ctx);
        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), c = input.Dim(3);
        long outH = (long)h * o.FilterHeight, outW = (long)w * o.FilterWidth;
        if (outH > int.MaxValue || outW > int.MaxValue) throw ctx.Fail($"output size {outH}x{outW} is too large");
        ctx.ResizeOutput(0, [n, (int)outH, (int)outW, c]);
        _p = new PoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Channels = c, FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth,
            OutputHeight = (int)outH, OutputWidth = (int)outW, StrideHeight = o.StrideHeight, StrideWidth = o.StrideWidth,
            PadTop = OpHelpers.ComputePadding(o.StrideHeight, 1, (int)outH, o.FilterHeight, h, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideWidth, 1, (int)outW, o.FilterWidth, w, out _),
        };
    }

    public void Eval(OpContext ctx)
    {
        var indices = ctx.Input(1).GetData<float>();
        long bad = MaxUnpooling.Run(_p, ctx.Input(0).GetData<float>(), indices, ctx.Output(0).GetWritableData<float>());
        if (bad >= 0)
            throw ctx.Fail($"index {indices[(int)bad]} at element {bad} of {ModelText.Quote(ctx.Input(1).Name)} is not a position in a {_p.FilterHeight}x{_p.FilterWidth} window inside the output");
    }
}
