using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;

namespace ManagedLite.Ops.Custom;

/// <summary>FlexBuffers option reading shared by MediaPipe's geometry operators (Landmarks2TransformMatrix, TransformTensorBilinear, TransformLandmarks).</summary>
internal static class MediaPipeGeometryOptions
{
    /// <summary>The node's options map, or null when the node has none.</summary>
    public static FlexBufferMap? Map(OpContext ctx) => ctx.CustomOptions.IsEmpty ? null : FlexBuffer.GetRootMap(ctx.CustomOptions);

    public static FlexBufferMap Required(OpContext ctx) =>
        Map(ctx) ?? throw ctx.Fail("custom options (a FlexBuffers map) are missing");

    public static int Int(OpContext ctx, FlexBufferMap m, string key, int min, int max = int.MaxValue)
    {
        if (!m.TryGetValue(key, out var v)) throw ctx.Fail($"option {key} is missing");
        int x = v.AsInt32();
        if (x < min || x > max) throw ctx.Fail($"option {key} = {x} is outside [{min}, {max}]");
        return x;
    }

    public static float Float(OpContext ctx, FlexBufferMap m, string key, float? defaultValue = null)
    {
        if (!m.TryGetValue(key, out var v))
            return defaultValue ?? throw ctx.Fail($"option {key} is missing");
        float x = (float)v.AsDouble();
        if (!float.IsFinite(x)) throw ctx.Fail($"option {key} = {x} is not finite");
        return x;
    }

    public static int[] Ints(OpContext ctx, FlexBufferMap m, string key)
    {
        if (!m.TryGetValue(key, out var v)) throw ctx.Fail($"option {key} is missing");
        if (!v.IsVector || v.IsMap) throw ctx.Fail($"option {key} must be a vector of integers, got {v.Type}");
        return v.AsInt32Array();
    }

    /// <summary>Checks a 4x4 transform matrix input: 16 float32 values, row-major.</summary>
    public static void ExpectMatrix(OpContext ctx, LiteTensor matrix)
    {
        OpHelpers.ExpectType(ctx, matrix, TensorType.Float32, "transform matrix");
        if (matrix.ElementCount != 16)
            throw ctx.Fail($"transform matrix {ModelText.Quote(matrix.Name)} must hold a 4x4 matrix (16 values, e.g. [1,4,4]), got [{string.Join(",", matrix.Shape.ToArray())}]");
    }

    public static string ShapeText(LiteTensor t) => "[" + string.Join(",", t.Shape.ToArray()) + "]";
}
