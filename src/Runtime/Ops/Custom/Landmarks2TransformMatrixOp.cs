using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Custom.MediaPipeGeometryOptions;

namespace ManagedLite.Ops.Custom;

/// <summary>
/// MediaPipe's Landmarks2TransformMatrix: float32 landmarks (x, y, z triplets; version 2 [1, N, 3], version 1
/// [1, 1, 1, N * 3]) -> float32 [1, 4, 4], the row-major matrix mapping crop pixels to source coordinates.
/// Options (FlexBuffers) v2: subset_idxs, left_rotation_idx, right_rotation_idx, target_rotation_radians,
/// output_height, output_width, scale_x, scale_y; v1: subset, left/right_rotation_idx, landmarks_range,
/// bbox_size_multiplier, dimensions (3), input_hw, output_hw. MediaPipe validates the options at Eval; here at Prepare,
/// where landmark indices past the input (which MediaPipe reads out of bounds) are errors too.
/// </summary>
internal sealed class Landmarks2TransformMatrixOp : IOpKernel
{
    private LandmarksToTransformMatrixV2Params? _v2;
    private LandmarksToTransformMatrixV1Params? _v1;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1) throw ctx.Fail($"expected 1 input (landmarks), got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "landmarks");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        var m = Required(ctx);
        int[] subset;
        int left, right;
        if (ctx.Version >= 2)
        {
            OpHelpers.ExpectRank(ctx, input, 3, "landmarks");
            subset = Ints(ctx, m, "subset_idxs");
            left = Int(ctx, m, "left_rotation_idx", 0);
            right = Int(ctx, m, "right_rotation_idx", 0);
            float scaleX = Float(ctx, m, "scale_x"), scaleY = Float(ctx, m, "scale_y");
            if (scaleX <= 0 || scaleY <= 0) throw ctx.Fail($"scale_x {scaleX} and scale_y {scaleY} must be > 0");
            _v2 = new LandmarksToTransformMatrixV2Params(subset, left, right, Float(ctx, m, "target_rotation_radians", 0f),
                Int(ctx, m, "output_height", 1), Int(ctx, m, "output_width", 1), scaleX, scaleY);
        }
        else
        {
            OpHelpers.ExpectRank(ctx, input, 4, "landmarks");
            if (input.Dim(0) != 1 || input.Dim(1) != 1 || input.Dim(2) != 1)
                throw ctx.Fail($"landmarks {ModelText.Quote(input.Name)} must have shape [1,1,1,N*3] in version 1, got {ShapeText(input)}");
            int dimensions = Int(ctx, m, "dimensions", 3, 3);
            _ = dimensions;
            subset = Ints(ctx, m, "subset");
            left = Int(ctx, m, "left_rotation_idx", 0);
            right = Int(ctx, m, "right_rotation_idx", 0);
            float multiplier = Float(ctx, m, "bbox_size_multiplier");
            if (multiplier == 0) throw ctx.Fail("bbox_size_multiplier must not be 0");
            int[] inHw = Ints(ctx, m, "input_hw"), outHw = Ints(ctx, m, "output_hw");
            if (inHw.Length < 2 || outHw.Length < 2 || inHw[0] <= 0 || inHw[1] <= 0 || outHw[0] <= 0 || outHw[1] <= 0)
                throw ctx.Fail($"input_hw [{string.Join(",", inHw)}] and output_hw [{string.Join(",", outHw)}] must each hold a positive height and width");
            _v1 = new LandmarksToTransformMatrixV1Params(subset, left, right, Int(ctx, m, "landmarks_range", 1), multiplier,
                inHw[0], inHw[1], outHw[0], outHw[1]);
        }
        if (subset.Length == 0) throw ctx.Fail("the subset of landmark indices is empty");
        long landmarks = input.ElementCount / 3;
        for (int i = 0; i < subset.Length; i++)
            if (subset[i] < 0 || subset[i] >= landmarks)
                throw ctx.Fail($"subset index {i} = {subset[i]} is outside the {landmarks} landmarks of {ModelText.Quote(input.Name)} {ShapeText(input)}");
        if (left >= landmarks || right >= landmarks)
            throw ctx.Fail($"rotation landmarks {left} and {right} must be below the {landmarks} landmarks of {ModelText.Quote(input.Name)}");
        ctx.ResizeOutput(0, [1, 4, 4]);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_v2 is not null) LandmarksToTransformMatrix.V2(_v2, input, output);
        else LandmarksToTransformMatrix.V1(_v1!, input, output);
    }
}
