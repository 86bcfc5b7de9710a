using System.Numerics;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized ADD for int8, uint8 and int16 (TFLite reference_integer_ops::Add / reference_ops::Add, AddElementwise
/// and BroadcastAdd*Slow, and the int16 power-of-two path of reference_ops::Add with pot_scale).
/// </summary>
public static class AddQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBroadcast.Binary(new PotOperator(p), shape1, input1, shape2, input2, shapeOut, output);
        else QuantizedBroadcast.Binary(new Operator(p), shape1, input1, shape2, input2, shapeOut, output);
    }

    /// <summary>The general path on one pair of stored values.</summary>
    public readonly struct Operator(QuantizedAddSubParams p) : IQuantizedBinaryOperator
    {
        private readonly QuantizedAddSubParams _p = p;

        public int Invoke(int a, int b)
        {
            int sum = unchecked(ScaledInput1(_p, a) + ScaledInput2(_p, b));
            int raw = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(sum, _p.OutputMultiplier, _p.OutputShift) + _p.OutputOffset);
            return QuantizedBroadcast.Clamp(raw, _p.ActivationMin, _p.ActivationMax);
        }
    }

    /// <summary>The int16 power-of-two path: 16-bit saturating sum of the unshifted and the shifted input.</summary>
    public readonly struct PotOperator(QuantizedAddSubParams p) : IQuantizedBinaryOperator
    {
        private readonly QuantizedAddSubParams _p = p;

        public int Invoke(int a, int b)
        {
            PotInputs(_p, a, b, out short x, out short y);
            short sum = FixedPoint16.SaturatingAdd(x, y);
            return QuantizedBroadcast.Clamp(sum, _p.ActivationMin, _p.ActivationMax);
        }
    }

    internal static int ScaledInput1(in QuantizedAddSubParams p, int a) =>
        QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(
            unchecked((p.Input1Offset + a) * (1 << p.LeftShift)), p.Input1Multiplier, p.Input1Shift);

    internal static int ScaledInput2(in QuantizedAddSubParams p, int b) =>
        QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(
            unchecked((p.Input2Offset + b) * (1 << p.LeftShift)), p.Input2Multiplier, p.Input2Shift);

    /// <summary>Applies the power-of-two rescaling: input 1 is shifted when its shift is non-zero, else input 2.</summary>
    internal static void PotInputs(in QuantizedAddSubParams p, int a, int b, out short x, out short y)
    {
        if (p.Input1Shift == 0)
        {
            x = (short)a;
            y = FixedPoint16.RoundingDivideByPot((short)b, -p.Input2Shift);
        }
        else
        {
            x = FixedPoint16.RoundingDivideByPot((short)a, -p.Input1Shift);
            y = (short)b;
        }
    }
}
