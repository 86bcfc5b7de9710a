using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// CONV_3D_TRANSPOSE, float32: inputs output_shape (int32 [5]), filter [FD, FH, FW, OC, IC], input
/// [N, D, H, W, IC], optional bias [OC] -> output of output_shape. The input must be what a CONV_3D with the same
/// options would produce from that output shape. A non-constant output_shape makes the output dynamic.
/// </summary>
internal sealed class Conv3DTransposeOp : IOpKernel
{
    private Conv3DParams _p;
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount is not (3 or 4)) throw ctx.Fail($"expected 3 or 4 inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var shape = ctx.Input(0);
        OpHelpers.ExpectType(ctx, shape, TensorType.Int32, "output_shape");
        if (shape.Rank != 1 || shape.ElementCount != 5)
            throw ctx.Fail($"output_shape {ModelText.Quote(shape.Name)} must be a vector of 5 elements, got shape {ConvolutionChecks.ShapeText(shape)}");
        _dynamic = !shape.IsKnownAtPrepare;
        if (_dynamic)
        {
            // Validate what does not depend on the shape's values now.
            var filter = ctx.Input(1);
            var input = ctx.Input(2);
            OpHelpers.ExpectRank(ctx, input, 5, "input");
            OpHelpers.ExpectRank(ctx, filter, 5, "filter");
            OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
            OpHelpers.ExpectType(ctx, filter, TensorType.Float32, "filter");
            OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
            ctx.MarkOutputDynamic(0);
            return;
        }
        Resolve(ctx);
    }

    private void Resolve(OpContext ctx)
    {
        var shapeData = ctx.Input(0).GetData<int>();
        var filter = ctx.Input(1);
        var input = ctx.Input(2);
        var bias = ctx.OptionalInput(3);
        Span<int> outShape = stackalloc int[5];
        for (int i = 0; i < 5; i++)
        {
            outShape[i] = shapeData[i];
            if (outShape[i] < 0) throw ctx.Fail($"output_shape has a negative dimension: [{string.Join(",", shapeData.ToArray())}]");
        }
        if (outShape[0] != input.Dim(0))
            throw ctx.Fail($"output_shape batch {outShape[0]} differs from the input's batch {input.Dim(0)}");
        if (outShape[4] != filter.Dim(3))
            throw ctx.Fail($"output_shape channels {outShape[4]} differ from the filter's output channels {filter.Dim(3)} (filter shape {ConvolutionChecks.ShapeText(filter)})");
        if (input.Dim(4) != filter.Dim(4))
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} has {input.Dim(4)} channels but filter {ModelText.Quote(filter.Name)} of shape {ConvolutionChecks.ShapeText(filter)} takes {filter.Dim(4)}");
        _p = Conv3DGeometry.Prepare(ctx, input, filter, bias, ctx.Output(0), transposed: true, outShape);
        ctx.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext ctx)
    {
        if (_dynamic) Resolve(ctx);
        var bias = ctx.OptionalInput(3) is { } b ? b.GetData<float>() : default;
        Ref.Conv3DTranspose.Run(_p, ctx.Input(2).GetData<float>(), ctx.Input(1).GetData<float>(), bias,
                                ctx.Output(0).GetWritableData<float>());
    }

    /// <summary>Input elements x filter taps per input element (FD * FH * FW * OC).</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var filter = ctx.Input(1);
        if (filter.Rank != 5) return OpWork.Linear(ctx);
        long taps = (long)filter.Dim(0) * filter.Dim(1) * filter.Dim(2) * filter.Dim(3);
        return OpWork.Add(OpWork.Mul(ctx.Input(2).ElementCount, taps), OpWork.Linear(ctx));
    }
}
