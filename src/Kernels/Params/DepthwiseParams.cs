namespace ManagedLite.Kernels;

/// <summary>
/// Geometry and options of a float DEPTHWISE_CONV_2D. Input [Batches, InputHeight, InputWidth, InputChannels],
/// filter [1, FilterHeight, FilterWidth, InputChannels * DepthMultiplier], bias [OutputChannels] (or empty),
/// output [Batches, OutputHeight, OutputWidth, InputChannels * DepthMultiplier].
/// </summary>
public readonly record struct DepthwiseParams
{
    public DepthwiseParams() { }

    public int Batches { get; init; } = 1;
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int InputChannels { get; init; }
    public int DepthMultiplier { get; init; } = 1;
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int StrideHeight { get; init; } = 1;
    public int StrideWidth { get; init; } = 1;
    public int DilationHeight { get; init; } = 1;
    public int DilationWidth { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    public float ActivationMin { get; init; } = float.NegativeInfinity;
    public float ActivationMax { get; init; } = float.PositiveInfinity;

    public int OutputChannels => InputChannels * DepthMultiplier;
    public long InputLength => (long)Batches * InputHeight * InputWidth * InputChannels;
    public long FilterLength => (long)FilterHeight * FilterWidth * OutputChannels;
    public long OutputLength => (long)Batches * OutputHeight * OutputWidth * OutputChannels;

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int filterLength, int biasLength, int outputLength)
    {
        if (Batches < 0 || InputHeight < 0 || InputWidth < 0 || InputChannels <= 0 || DepthMultiplier <= 0 ||
            FilterHeight <= 0 || FilterWidth <= 0 || OutputHeight < 0 || OutputWidth < 0)
            throw new ArgumentException($"depthwise conv: bad dimensions {this}");
        if (StrideHeight <= 0 || StrideWidth <= 0 || DilationHeight <= 0 || DilationWidth <= 0)
            throw new ArgumentException($"depthwise conv: strides and dilations must be positive ({this})");
        if (inputLength < InputLength) throw new ArgumentException($"depthwise conv: input has {inputLength} elements, needs {InputLength}");
        if (filterLength < FilterLength) throw new ArgumentException($"depthwise conv: filter has {filterLength} elements, needs {FilterLength}");
        if (biasLength != 0 && biasLength < OutputChannels) throw new ArgumentException($"depthwise conv: bias has {biasLength} elements, needs {OutputChannels}");
        if (outputLength < OutputLength) throw new ArgumentException($"depthwise conv: output has {outputLength} elements, needs {OutputLength}");
    }
}
