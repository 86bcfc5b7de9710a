using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Custom.MediaPipeGeometryOptions;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// MediaPipe's TransformLandmarks: float32 landmarks and a float32 4x4 matrix -> landmarks of the input's shape,
/// (x, y) mapped by the matrix, z copied. Version 2: [1, N, D] with D (2 or 3) the landmark size, no options.
/// Version 1: [1, H, W, C] with options dimensions (2 or 3, default 3; C a multiple of it) and scale (default 1,
/// non-zero) multiplying the matrix's translation. Batch 0 only, as MediaPipe; other batches are errors.
/// </summary>
internal sealed class TransformLandmarksOp : IOpKernel
{
    private int _dimensions, _count;
    private float _scale;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 2) throw ctx.Fail($"expected 2 inputs (landmarks, transform matrix), got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "landmarks");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        ExpectMatrix(ctx, ctx.Input(1));
        if (ctx.Version >= 2)
        {
            OpHelpers.ExpectRank(ctx, input, 3, "landmarks");
            _dimensions = input.Dim(2);
            _scale = 1;
            if (_dimensions is not (2 or 3))
                throw ctx.Fail($"landmarks {ModelText.Quote(input.Name)} {ShapeText(input)} must have 2 or 3 values per landmark (last dimension)");
            _count = input.Dim(1);
        }
        else
        {
            OpHelpers.ExpectRank(ctx, input, 4, "landmarks");
            _dimensions = 3;
            _scale = 1;
            if (Map(ctx) is { } m)
            {
                if (m.ContainsKey("dimensions")) _dimensions = Int(ctx, m, "dimensions", 2, 3);
                _scale = Float(ctx, m, "scale", 1f);
            }
            if (_scale == 0) throw ctx.Fail("scale must not be 0");
            int c = input.Dim(3);
            if (c % _dimensions != 0)
                throw ctx.Fail($"landmarks {ModelText.Quote(input.Name)} {ShapeText(input)}: {c} channels is not a multiple of dimensions {_dimensions}");
            long count = (long)input.Dim(1) * input.Dim(2) * (c / _dimensions);
            if (count > int.MaxValue) throw ctx.Fail($"landmarks {ShapeText(input)} are too many");
            _count = (int)count;
        }
        if (input.Dim(0) != 1)
            throw ctx.Fail($"landmarks {ModelText.Quote(input.Name)} {ShapeText(input)} must have batch 1 (MediaPipe transforms batch 0 only)");
        ctx.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext ctx) =>
        TransformLandmarks.Run(ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(), _scale, _dimensions, _count,
            ctx.Output(0).GetWritableData<float>());
}
