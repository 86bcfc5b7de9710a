using System.Numerics.Tensors;
using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized SOFTMAX over the last axis: vector max (exact), double-lane exp of (x - max) * beta, vector sum
/// (different summation order from the reference), then division. Agrees with the reference to a few ulp.
/// </summary>
public static class Softmax
{
    public static void Eval(ReadOnlySpan<float> input, Span<float> output, int depth, float beta)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        if (depth <= 0) { if (input.Length != 0) throw new ArgumentException("depth must be positive"); return; }
        if (input.Length % depth != 0) throw new ArgumentException($"length {input.Length} is not a multiple of depth {depth}");
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            float max = RowMax(x);
            BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(x, max, y, 0, 0);
            BinaryDriver.ApplyScalarB<MulOperator, NoClamp>(y, beta, y, 0, 0);
            UnaryDriver.Apply<ExpOperator>(y, y);
            float sum = TensorPrimitives.Sum<float>(y);
            BinaryDriver.ApplyScalarB<DivOperator, NoClamp>(y, sum, y, 0, 0);
        }
    }

    /// <summary>Row maximum with the reference's rule (NaN elements are skipped), starting from float.MinValue.</summary>
    internal static float RowMax(ReadOnlySpan<float> x)
    {
        float max = float.MinValue;
        foreach (float v in x) max = max < v ? v : max;
        return max;
    }
}
