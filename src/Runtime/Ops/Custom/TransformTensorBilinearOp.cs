using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Custom.MediaPipeGeometryOptions;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// MediaPipe's TransformTensorBilinear (version 2, pixel-center corrected) and TransformTensor (version 1):
/// float32 [B, H, W, C] and a float32 4x4 matrix -> float32 [1, OH, OW, OC], OC &lt;= C, batch 0 resampled. The output
/// shape is the model's (as MediaPipe's CPU kernel uses it); when the model leaves it open, the options give it
/// (v2 output_height / output_width, v1 output_size) with the input's channels.
/// </summary>
internal sealed class TransformTensorBilinearOp(bool legacyName) : IOpKernel
{
    private bool _alignCorners;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 2) throw ctx.Fail($"expected 2 inputs (tensor, transform matrix), got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectType(ctx, output, TensorType.Float32, "output");
        ExpectMatrix(ctx, ctx.Input(1));
        if (input.Dim(0) < 1) throw ctx.Fail($"input {ModelText.Quote(input.Name)} {ShapeText(input)} has no batch to sample");
        bool v2 = !legacyName && ctx.Version >= 2;
        _alignCorners = v2;
        (int H, int W)? fromOptions = null;
        if (Map(ctx) is { } m)
        {
            if (v2)
            {
                if (m.ContainsKey("output_height") && m.ContainsKey("output_width"))
                    fromOptions = (Int(ctx, m, "output_height", 1), Int(ctx, m, "output_width", 1));
            }
            else
            {
                if (m.TryGetValue("mode", out var mode) && mode.AsString() != "bilinear")
                    throw ctx.Fail($"mode {ModelText.Quote(mode.AsString())} is not supported (bilinear only)");
                if (m.ContainsKey("output_size"))
                {
                    int[] size = Ints(ctx, m, "output_size");
                    if (size.Length < 2 || size[0] < 1 || size[1] < 1)
                        throw ctx.Fail($"output_size [{string.Join(",", size)}] must hold a positive height and width");
                    fromOptions = (size[0], size[1]);
                }
            }
        }
        bool declared = output.Rank == 4 && output.Dim(0) > 0 && output.Dim(1) > 0 && output.Dim(2) > 0 && output.Dim(3) > 0;
        if (!declared)
        {
            if (fromOptions is not { } hw)
                throw ctx.Fail($"output {ModelText.Quote(output.Name)} {ShapeText(output)} is not a [1, height, width, channels] shape and the options give no output size");
            ctx.ResizeOutput(0, [1, hw.H, hw.W, input.Dim(3)]);
        }
        if (output.Dim(0) != 1)
            throw ctx.Fail($"output {ModelText.Quote(output.Name)} {ShapeText(output)} must have batch 1 (MediaPipe resamples batch 0 only)");
        if (output.Dim(3) > input.Dim(3))
            throw ctx.Fail($"output {ModelText.Quote(output.Name)} has {output.Dim(3)} channels, more than the input's {input.Dim(3)}");
        if (output.ElementCount > int.MaxValue) throw ctx.Fail($"output {ShapeText(output)} is too large");
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        TransformTensorBilinear.Run(_alignCorners, input.GetData<float>(), input.Dim(1), input.Dim(2), input.Dim(3),
            ctx.Input(1).GetData<float>(), output.GetWritableData<float>(), output.Dim(1), output.Dim(2), output.Dim(3));
    }

    /// <summary>Four taps and three blends per output value.</summary>
    internal static long EstimateWork(OpContext ctx) =>
        OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, 8), OpWork.Linear(ctx));
}
