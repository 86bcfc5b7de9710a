using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>Shared preparation helpers (TFLite's kernel_util): activation ranges, padding, shape checks.</summary>
internal static class OpHelpers
{
    /// <summary>
    /// Clamp range of a fused activation for float outputs. As in TFLite's builtin kernels, "none" and the
    /// open end of RELU clamp to the largest finite float, so an overflow gives FLT_MAX, not infinity.
    /// </summary>
    public static (float Min, float Max) FloatActivationRange(ActivationFunctionType act) => act switch
    {
        ActivationFunctionType.Relu => (0f, float.MaxValue),
        ActivationFunctionType.Relu6 => (0f, 6f),
        ActivationFunctionType.ReluN1To1 => (-1f, 1f),
        _ => (float.MinValue, float.MaxValue),
    };

    /// <summary>Output size of a convolution/pool along one axis (TFLite's ComputeOutSize).</summary>
    public static int ComputeOutSize(Padding padding, int imageSize, int filterSize, int stride, int dilation = 1)
    {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        if (stride <= 0) return 0;
        return padding switch
        {
            Padding.Same => (imageSize + stride - 1) / stride,
            Padding.Valid => (imageSize + stride - effectiveFilter) / stride,
            _ => 0,
        };
    }

    /// <summary>Leading padding along one axis (TFLite's ComputePaddingWithOffset); offset is the extra trailing pad.</summary>
    public static int ComputePadding(int stride, int dilation, int inSize, int filterSize, int outSize, out int offset)
    {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        int total = (outSize - 1) * stride + effectiveFilter - inSize;
        total = total > 0 ? total : 0;
        offset = total % 2;
        return total / 2;
    }

    /// <summary>Throws unless <paramref name="t"/> has element type <paramref name="expected"/>.</summary>
    public static void ExpectType(OpContext ctx, LiteTensor t, TensorType expected, string role)
    {
        if (t.DataType != expected)
            throw ctx.Fail($"{role} '{t.Name}' must be {TensorTypes.Name(expected)}, got {TensorTypes.Name(t.DataType)}");
    }

    /// <summary>Throws unless <paramref name="t"/> has rank <paramref name="rank"/>.</summary>
    public static void ExpectRank(OpContext ctx, LiteTensor t, int rank, string role)
    {
        if (t.Rank != rank)
            throw ctx.Fail($"{role} '{t.Name}' must have rank {rank}, got shape [{string.Join(",", t.Shape.ToArray())}]");
    }

    /// <summary>Throws unless the tensor is a constant of the model.</summary>
    public static void ExpectConstant(OpContext ctx, LiteTensor t, string role)
    {
        if (!t.IsConstant) throw ctx.Fail($"{role} '{t.Name}' must be a constant tensor");
    }
}
