namespace ManagedLite.Kernels;

/// <summary>
/// Geometry and options of a float CONV_2D. Input is [Batches, InputHeight, InputWidth, InputChannels],
/// filter [OutputChannels, FilterHeight, FilterWidth, FilterInputChannels], bias [OutputChannels] (or empty),
/// output [Batches, OutputHeight, OutputWidth, OutputChannels]. Padding is the computed leading padding.
/// Grouped convolution: InputChannels = Groups * FilterInputChannels.
/// </summary>
public readonly record struct ConvParams
{
    public ConvParams() { }

    public int Batches { get; init; } = 1;
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int InputChannels { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    /// <summary>Channels of the filter's last axis; equals <see cref="InputChannels"/> unless grouped.</summary>
    public int FilterInputChannels { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int OutputChannels { get; init; }
    public int StrideHeight { get; init; } = 1;
    public int StrideWidth { get; init; } = 1;
    public int DilationHeight { get; init; } = 1;
    public int DilationWidth { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    public float ActivationMin { get; init; } = float.NegativeInfinity;
    public float ActivationMax { get; init; } = float.PositiveInfinity;

    public int Groups => FilterInputChannels > 0 ? InputChannels / FilterInputChannels : 0;
    /// <summary>Reduction length of one output element: FilterHeight * FilterWidth * FilterInputChannels.</summary>
    public int Depth => FilterHeight * FilterWidth * FilterInputChannels;
    public long InputLength => (long)Batches * InputHeight * InputWidth * InputChannels;
    public long FilterLength => (long)OutputChannels * FilterHeight * FilterWidth * FilterInputChannels;
    public long OutputLength => (long)Batches * OutputHeight * OutputWidth * OutputChannels;

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int filterLength, int biasLength, int outputLength)
    {
        if (Batches < 0 || InputHeight < 0 || InputWidth < 0 || InputChannels <= 0 || FilterHeight <= 0 || FilterWidth <= 0 ||
            FilterInputChannels <= 0 || OutputHeight < 0 || OutputWidth < 0 || OutputChannels <= 0)
            throw new ArgumentException($"conv: bad dimensions {this}");
        if (StrideHeight <= 0 || StrideWidth <= 0 || DilationHeight <= 0 || DilationWidth <= 0)
            throw new ArgumentException($"conv: strides and dilations must be positive ({this})");
        if (InputChannels % FilterInputChannels != 0 || OutputChannels % Groups != 0)
            throw new ArgumentException($"conv: input channels {InputChannels} / filter channels {FilterInputChannels} / output channels {OutputChannels} do not form groups");
        if (inputLength < InputLength) throw new ArgumentException($"conv: input has {inputLength} elements, needs {InputLength}");
        if (filterLength < FilterLength) throw new ArgumentException($"conv: filter has {filterLength} elements, needs {FilterLength}");
        if (biasLength != 0 && biasLength < OutputChannels) throw new ArgumentException($"conv: bias has {biasLength} elements, needs {OutputChannels}");
        if (outputLength < OutputLength) throw new ArgumentException($"conv: output has {outputLength} elements, needs {OutputLength}");
    }
}
