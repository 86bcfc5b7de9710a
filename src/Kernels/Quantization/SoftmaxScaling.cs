namespace ManagedLite.Kernels.Quantization;

/// <summary>Preparation helpers of TFLite's quantized softmax / log-softmax / tanh / logistic (quantization_util.cc).</summary>
public static class SoftmaxScaling
{
    /// <summary>
    /// PreprocessSoftmaxScaling: min(beta * inputScale * 2^(31 - inputIntegerBits), 2^31 - 1) quantized with
    /// QuantizeMultiplierGreaterThanOne.
    /// </summary>
    public static void PreprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits,
        out int quantizedMultiplier, out int leftShift)
    {
        const double maxRealMultiplier = (1L << 31) - 1.0;
        double real = Math.Min(beta * inputScale * (1 << (31 - inputIntegerBits)), maxRealMultiplier);
        QuantizedMultiplier.QuantizeGreaterThanOne(real, out quantizedMultiplier, out leftShift);
    }

    /// <summary>PreprocessLogSoftmaxScalingExp: softmax scaling plus the reverse scaling divisor (SmallerThanOneExp).</summary>
    public static void PreprocessLogSoftmaxScalingExp(double beta, double inputScale, int inputIntegerBits,
        out int quantizedMultiplier, out int leftShift, out int reverseScalingDivisor, out int reverseScalingLeftShift)
    {
        PreprocessSoftmaxScaling(beta, inputScale, inputIntegerBits, out quantizedMultiplier, out leftShift);
        double realReverse = (1 << (31 - leftShift)) / (double)quantizedMultiplier;
        QuantizedMultiplier.QuantizeSmallerThanOneExp(realReverse, out reverseScalingDivisor, out reverseScalingLeftShift);
    }

    /// <summary>CalculateInputRadius: floor((2^ib - 1) * 2^(totalSignedBits - ib) / 2^inputLeftShift).</summary>
    public static int CalculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31)
    {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) *
            (1L << (totalSignedBits - inputIntegerBits)) / (1L << inputLeftShift);
        return (int)Math.Floor(maxInputRescaled);
    }
}
