using System.Numerics;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// RSQRT on int8 (TFLite's elementwise.cc RsqrtEvalQuantizedInt8): per element, 1/sqrt(q - zero point) as a fixed-point
/// multiplier (GetInvSqrtQuantizedMultiplierExp), applied to 1 with 20 extra bits, rescaled by
/// 1 / (sqrt(inScale) * outScale), offset and clamped; an input at the zero point gives the maximum. The int16 path
/// is a 513-entry table (<see cref="PopulateInt16Table"/>). Inputs below the zero point are an error (TFLite fails
/// the invoke): callers check <see cref="BelowZeroPoint{T}"/>.
/// </summary>
public static class RsqrtQuantized
{
    private const int Shift = 20;

    public static bool BelowZeroPoint<T>(ReadOnlySpan<T> input, int zeroPoint) where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var q in input)
            if (int.CreateTruncating(q) < zeroPoint) return true;
        return false;
    }

    /// <summary>The int8 output rescale: QuantizeMultiplier(1 / (sqrtf(inScale) * outScale)), the product taken in float.</summary>
    public static Operator CreateInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint)
    {
        double real = 1.0 / (MathF.Sqrt(inputScale) * outputScale);
        QuantizedMultiplier.Quantize(real, out int m, out int s);
        return new Operator(inputZeroPoint, outputZeroPoint, m, s);
    }

    public static void Run(in Operator op, ReadOnlySpan<sbyte> input, Span<sbyte> output) => QuantizedBroadcast.Unary(op, input, output);

    public readonly struct Operator(int inputZeroPoint, int outputZeroPoint, int multiplier, int shift) : IQuantizedUnaryOperator
    {
        public int Invoke(int q)
        {
            int value = q - inputZeroPoint;
            if (value == 0) return sbyte.MaxValue;
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(value, -1, out int invSqrt, out int invShift);
            int data = QuantizedMath.MultiplyByQuantizedMultiplier(1, invSqrt, invShift + Shift);
            int v = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(data, multiplier, shift - Shift) + outputZeroPoint);
            return Math.Min(Math.Max(v, sbyte.MinValue), sbyte.MaxValue);
        }
    }

    /// <summary>The int16 table: 1/sqrt(x), and the int16 maximum (in real units) for x &lt;= 0.</summary>
    public static void PopulateInt16Table(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<short> lut) =>
        LookupTables.PopulateInt16(inputScale, inputZeroPoint, outputScale, outputZeroPoint,
            x => x <= 0f ? short.MaxValue * outputScale : 1f / MathF.Sqrt(x), lut);
}
