using System.Numerics;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// Quantized SUB for int8, uint8 and int16 (TFLite reference_ops::Sub / BroadcastQuantSubSlow: the ADD arithmetic
/// with a difference; the output multiplier may exceed 1) and the int16 power-of-two path (Sub16: 16-bit
/// saturating input1 - input2 after shifting the input whose shift is non-zero).
/// </summary>
public static class SubQuantized
{
    public static void Run<T>(in QuantizedAddSubParams p, ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2, ReadOnlySpan<int> shapeOut, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (p.PotInt16) QuantizedBroadcast.Binary(new PotOperator(p), shape1, input1, shape2, input2, shapeOut, output);
        else QuantizedBroadcast.Binary(new Operator(p), shape1, input1, shape2, input2, shapeOut, output);
    }

    public readonly struct Operator(QuantizedAddSubParams p) : IQuantizedBinaryOperator
    {
        private readonly QuantizedAddSubParams _p = p;

        public int Invoke(int a, int b)
        {
            int diff = unchecked(AddQuantized.ScaledInput1(_p, a) - AddQuantized.ScaledInput2(_p, b));
            int raw = unchecked(QuantizedMath.MultiplyByQuantizedMultiplier(diff, _p.OutputMultiplier, _p.OutputShift) + _p.OutputOffset);
            return QuantizedBroadcast.Clamp(raw, _p.ActivationMin, _p.ActivationMax);
        }
    }

    public readonly struct PotOperator(QuantizedAddSubParams p) : IQuantizedBinaryOperator
    {
        private readonly QuantizedAddSubParams _p = p;

        public int Invoke(int a, int b)
        {
            AddQuantized.PotInputs(_p, a, b, out short x, out short y);
            short diff = FixedPoint16.SaturatingSub(x, y);
            return QuantizedBroadcast.Clamp(diff, _p.ActivationMin, _p.ActivationMax);
        }
    }
}
