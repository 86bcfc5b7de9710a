namespace ManagedLite.Kernels.Quantization;

/// <summary>TFLite's CalculateActivationRangeQuantized (kernel_util.cc): the clamp range of a fused activation in the output's quantized domain.</summary>
public static class QuantizedActivationRange
{
    /// <summary>
    /// Range for an output of integer type [<paramref name="typeMin"/>, <paramref name="typeMax"/>] with the given
    /// scale and zero point. Relu: [max(qmin, q(0)), qmax]; Relu6: [max(qmin, q(0)), min(qmax, q(6))];
    /// ReluN1To1: [max(qmin, q(-1)), min(qmax, q(1))]; anything else: [qmin, qmax], where
    /// q(f) = zeroPoint + (int)round(f / scale) computed in float, halves away from zero.
    /// Returns false when q(f) does not fit int32 (TFLite fails Prepare then).
    /// </summary>
    public static bool TryCalculate(QuantizedActivation activation, float scale, int zeroPoint, int typeMin, int typeMax,
        out int activationMin, out int activationMax)
    {
        activationMin = typeMin;
        activationMax = typeMax;
        switch (activation)
        {
            case QuantizedActivation.Relu:
                if (!TryQuantize(scale, zeroPoint, 0f, out int q0)) return false;
                activationMin = Math.Max(typeMin, q0);
                return true;
            case QuantizedActivation.Relu6:
                if (!TryQuantize(scale, zeroPoint, 0f, out int z)) return false;
                if (!TryQuantize(scale, zeroPoint, 6f, out int six)) return false;
                activationMin = Math.Max(typeMin, z);
                activationMax = Math.Min(typeMax, six);
                return true;
            case QuantizedActivation.ReluN1To1:
                if (!TryQuantize(scale, zeroPoint, -1f, out int m1)) return false;
                if (!TryQuantize(scale, zeroPoint, 1f, out int p1)) return false;
                activationMin = Math.Max(typeMin, m1);
                activationMax = Math.Min(typeMax, p1);
                return true;
            default:
                return true;
        }
    }

    /// <summary>As <see cref="TryCalculate"/>, for int8 outputs.</summary>
    public static bool TryCalculateInt8(QuantizedActivation activation, float scale, int zeroPoint, out int min, out int max) =>
        TryCalculate(activation, scale, zeroPoint, sbyte.MinValue, sbyte.MaxValue, out min, out max);

    /// <summary>As <see cref="TryCalculate"/>, for uint8 outputs.</summary>
    public static bool TryCalculateUInt8(QuantizedActivation activation, float scale, int zeroPoint, out int min, out int max) =>
        TryCalculate(activation, scale, zeroPoint, byte.MinValue, byte.MaxValue, out min, out max);

    /// <summary>As <see cref="TryCalculate"/>, for int16 outputs.</summary>
    public static bool TryCalculateInt16(QuantizedActivation activation, float scale, int zeroPoint, out int min, out int max) =>
        TryCalculate(activation, scale, zeroPoint, short.MinValue, short.MaxValue, out min, out max);

    private static bool TryQuantize(float scale, int zeroPoint, float f, out int q)
    {
        float tmp = MathF.Round(f / scale, MidpointRounding.AwayFromZero);
        if (!(tmp >= int.MinValue && tmp <= int.MaxValue))
        {
            q = 0;
            return false;
        }
        q = unchecked(zeroPoint + (int)tmp);
        return true;
    }
}
