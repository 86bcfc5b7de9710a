using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// Vectorized LOG_SOFTMAX over the last axis: max, sum of double-lane exp(x - max) (vector order), then
/// x - max - log(sum) with the reference's operation order. Agrees with the reference to a few ulp.
/// </summary>
public static class LogSoftmax
{
    public static void Eval(ReadOnlySpan<float> input, Span<float> output, int depth)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        if (depth <= 0) { if (input.Length != 0) throw new ArgumentException("depth must be positive"); return; }
        if (input.Length % depth != 0) throw new ArgumentException($"length {input.Length} is not a multiple of depth {depth}");
        for (int row = 0; row < input.Length; row += depth)
        {
            var x = input.Slice(row, depth);
            var y = output.Slice(row, depth);
            float max = Softmax.RowMax(x);
            BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(x, max, y, 0, 0);   // y = x - max (exact, as the reference)
            float sum = SumExp(y);
            float logSum = MathF.Log(sum);
            BinaryDriver.ApplyScalarB<SubOperator, NoClamp>(y, logSum, y, 0, 0);
        }
    }

    private static float SumExp(ReadOnlySpan<float> d)
    {
        Span<float> chunk = stackalloc float[64];
        float sum = 0f;
        for (int i = 0; i < d.Length; i += chunk.Length)
        {
            int n = Math.Min(chunk.Length, d.Length - i);
            UnaryDriver.Apply<ExpOperator>(d.Slice(i, n), chunk[..n]);
            sum += System.Numerics.Tensors.TensorPrimitives.Sum<float>(chunk[..n]);
        }
        return sum;
    }
}
