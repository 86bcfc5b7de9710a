namespace ManagedLite.Kernels.Reference;

/// <summary>
/// COMPLEX_ABS, REAL and IMAG (TFLite's complex_support.cc): per element of a complex64 (float pairs) or complex128
/// (double pairs) tensor, the magnitude (std::abs: hypot, no intermediate overflow), the real or the imaginary part.
/// </summary>
public static class ComplexParts
{
    public enum Part { Abs, Real, Imag }

    /// <param name="input">Interleaved (real, imaginary) pairs.</param>
    public static void Run(Part part, ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != 2 * output.Length) throw new ArgumentException("input must hold two floats per output element");
        for (int i = 0; i < output.Length; i++)
        {
            float re = input[2 * i], im = input[2 * i + 1];
            output[i] = part switch { Part.Abs => float.Hypot(re, im), Part.Real => re, _ => im };
        }
    }

    /// <param name="input">Interleaved (real, imaginary) pairs.</param>
    public static void Run(Part part, ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != 2 * output.Length) throw new ArgumentException("input must hold two doubles per output element");
        for (int i = 0; i < output.Length; i++)
        {
            double re = input[2 * i], im = input[2 * i + 1];
            output[i] = part switch { Part.Abs => double.Hypot(re, im), Part.Real => re, _ => im };
        }
    }
}
