using ManagedLite.Kernels;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// MediaPipe's MaxPoolingWithArgmax2D: float32 input [N, H, W, C] -> max-pooled output and argmax indices (float32,
/// y * filter_width + x within each window), both [N, OH, OW, C]. Options: raw TfLitePoolParams.
/// </summary>
internal sealed class MaxPoolingWithArgmax2DOp : IOpKernel
{
    private PoolParams _p;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1) throw ctx.Fail($"expected 1 input, got {ctx.InputCount}");
        if (ctx.OutputCount != 2) throw ctx.Fail($"expected 2 outputs (values, indices), got {ctx.OutputCount}");
        var input = ctx.Input(0);
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        OpHelpers.ExpectType(ctx, ctx.Output(1), TensorType.Float32, "indices");
        var o = MediaPipePoolOptions.Parse(ctx);
        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), c = input.Dim(3);
        int outH = OpHelpers.ComputeOutSize(o.Padding, h, o.FilterHeight, o.StrideHeight);
        int outW = OpHelpers.ComputeOutSize(o.Padding, w, o.FilterWidth, o.StrideWidth);
        if (outH < 0 || outW < 0) throw ctx.Fail($"filter {o.FilterHeight}x{o.FilterWidth} is larger than the input {h}x{w} with VALID padding");
        ctx.ResizeOutput(0, [n, outH, outW, c]);
        ctx.ResizeOutput(1, [n, outH, outW, c]);
        var (min, max) = OpHelpers.FloatActivationRange(o.Activation);
        _p = new PoolParams
        {
            Batches = n, InputHeight = h, InputWidth = w, Channels = c, FilterHeight = o.FilterHeight, FilterWidth = o.FilterWidth,
            OutputHeight = outH, OutputWidth = outW, StrideHeight = o.StrideHeight, StrideWidth = o.StrideWidth,
            PadTop = OpHelpers.ComputePadding(o.StrideHeight, 1, h, o.FilterHeight, outH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideWidth, 1, w, o.FilterWidth, outW, out _),
            ActivationMin = min, ActivationMax = max,
        };
    }

    public void Eval(OpContext ctx) =>
        MaxPoolWithArgmax.Run(_p, ctx.Input(0).GetData<float>(), ctx.Output(0).GetWritableData<float>(), ctx.Output(1).GetWritableData<float>());
}
