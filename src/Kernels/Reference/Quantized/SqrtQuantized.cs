using System.Numerics;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// SQRT on int8 and int16 (TFLite's elementwise.cc SqrtEvalQuantized): dequantize in float, sqrt, divide by the output
/// scale and truncate toward zero, add the output zero point, clamp. A negative real input is an error (TFLite fails
/// the invoke): <see cref="Run{T}"/> returns false and stops.
/// </summary>
public static class SqrtQuantized
{
    public static bool Run<T>(ReadOnlySpan<T> input, Span<T> output, float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < input.Length; i++)
        {
            float x = inputScale * (int.CreateTruncating(input[i]) - inputZeroPoint);
            if (!(x >= 0f)) return false;
            float y = MathF.Sqrt(x) / outputScale;
            int q = (y < 2147483648f ? (int)y : int.MinValue) + outputZeroPoint;
            output[i] = T.CreateTruncating(Math.Min(Math.Max(q, min), max));
        }
        return true;
    }
}
