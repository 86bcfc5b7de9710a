using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// L2_NORMALIZATION along the last axis (TFLite's reference l2normalization.h and integer_ops/l2normalization.h):
/// each row of <c>depth</c> values is divided by its L2 norm. Quantized outputs have scale 1/128 (zero point 0
/// for int8, 128 for uint8); the norm's inverse square root is TFLite's fixed-point GetInvSqrtQuantizedMultiplierExp.
/// </summary>
public static class L2Normalization
{
    /// <summary>TFLite's epsilon: norms below it are replaced by it.</summary>
    public const float Epsilon = 1e-6f;

    /// <summary>Float rows: x / max(sqrt(sum x^2), epsilon).</summary>
    public static void Float(int outer, int depth,
                             ReadOnlySpan<float> input,  // [outer, depth]
                             Span<float> output,         // [outer, depth]
                             float epsilon = Epsilon)
    {
        Check(outer, depth, input.Length, output.Length);
        for (int i = 0; i < outer; i++)
        {
            var x = input.Slice(i * depth, depth);
            var y = output.Slice(i * depth, depth);
            float squared = 0f;
            for (int c = 0; c < depth; c++) squared += x[c] * x[c];
            float norm = MathF.Max(MathF.Sqrt(squared), epsilon);
            for (int c = 0; c < depth; c++) y[c] = x[c] / norm;
        }
    }

    /// <summary>int8 rows (output scale 1/128, zero point 0).</summary>
    public static void Int8(int outer, int depth, int inputZeroPoint,
                            ReadOnlySpan<sbyte> input,  // [outer, depth]
                            Span<sbyte> output)         // [outer, depth]
    {
        Check(outer, depth, input.Length, output.Length);
        for (int i = 0; i < outer; i++)
        {
            var x = input.Slice(i * depth, depth);
            var y = output.Slice(i * depth, depth);
            int acc = 0;
            for (int c = 0; c < depth; c++)
            {
                int v = x[c] - inputZeroPoint;
                acc = unchecked(acc + v * v);
            }
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(acc, -1, out int multiplier, out int shift);
            for (int c = 0; c < depth; c++)
            {
                int v = QuantizedMath.MultiplyByQuantizedMultiplier(x[c] - inputZeroPoint, multiplier, shift + 7);
                y[c] = (sbyte)Math.Clamp(v, -128, 127);
            }
        }
    }

    /// <summary>uint8 rows (output scale 1/128, zero point 128).</summary>
    public static void UInt8(int outer, int depth, int inputZeroPoint,
                             ReadOnlySpan<byte> input,  // [outer, depth]
                             Span<byte> output)         // [outer, depth]
    {
        Check(outer, depth, input.Length, output.Length);
        for (int i = 0; i < outer; i++)
        {
            var x = input.Slice(i * depth, depth);
            var y = output.Slice(i * depth, depth);
            int acc = 0;
            for (int c = 0; c < depth; c++)
            {
                int v = x[c] - inputZeroPoint;
                acc = unchecked(acc + v * v);
            }
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(acc, -1, out int multiplier, out int shift);
            for (int c = 0; c < depth; c++)
            {
                int v = QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(128 * (x[c] - inputZeroPoint), multiplier, shift);
                y[c] = (byte)Math.Clamp(128 + v, 0, 255);
            }
        }
    }

    private static void Check(int outer, int depth, int inputLength, int outputLength)
    {
        if (outer < 0 || depth < 0) throw new ArgumentException($"l2 normalization: bad sizes {outer}x{depth}");
        long n = (long)outer * depth;
        if (inputLength < n || outputLength < n)
            throw new ArgumentException($"l2 normalization: {outer}x{depth} needs {n} elements, got input {inputLength}, output {outputLength}");
    }
}
