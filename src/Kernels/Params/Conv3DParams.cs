namespace ManagedLite.Kernels.Params;

/// <summary>
/// Geometry of CONV_3D and CONV_3D_TRANSPOSE (NDHWC). For CONV_3D: input [Batches, InputDepth, InputHeight,
/// InputWidth, InputChannels], filter [FilterDepth, FilterHeight, FilterWidth, InputChannels, OutputChannels],
/// output [Batches, OutputDepth, OutputHeight, OutputWidth, OutputChannels]. For CONV_3D_TRANSPOSE the filter is
/// [FilterDepth, FilterHeight, FilterWidth, OutputChannels, InputChannels]. Pads are the leading pads (TFLite's
/// padding_values); the activation range clamps every output.
/// </summary>
public readonly record struct Conv3DParams
{
    public int Batches { get; init; }
    public int InputDepth { get; init; }
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int InputChannels { get; init; }
    public int FilterDepth { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    public int OutputDepth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int OutputChannels { get; init; }
    public int StrideDepth { get; init; }
    public int StrideHeight { get; init; }
    public int StrideWidth { get; init; }
    public int DilationDepth { get; init; }
    public int DilationHeight { get; init; }
    public int DilationWidth { get; init; }
    public int PadDepth { get; init; }
    public int PadHeight { get; init; }
    public int PadWidth { get; init; }
    public float ActivationMin { get; init; }
    public float ActivationMax { get; init; }

    public long InputLength => (long)Batches * InputDepth * InputHeight * InputWidth * InputChannels;
    public long OutputLength => (long)Batches * OutputDepth * OutputHeight * OutputWidth * OutputChannels;
    public long FilterLength => (long)FilterDepth * FilterHeight * FilterWidth * InputChannels * OutputChannels;
    /// <summary>Filter taps per output channel: FilterDepth * FilterHeight * FilterWidth * InputChannels.</summary>
    public long PatchLength => (long)FilterDepth * FilterHeight * FilterWidth * InputChannels;

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int filterLength, int biasLength, int outputLength)
    {
        if (Batches < 0 || InputDepth < 0 || InputHeight < 0 || InputWidth < 0 || InputChannels < 0 || OutputChannels < 0 ||
            OutputDepth < 0 || OutputHeight < 0 || OutputWidth < 0 || FilterDepth <= 0 || FilterHeight <= 0 || FilterWidth <= 0 ||
            StrideDepth <= 0 || StrideHeight <= 0 || StrideWidth <= 0 || DilationDepth <= 0 || DilationHeight <= 0 || DilationWidth <= 0)
            throw new ArgumentException($"conv3d: bad geometry {this}");
        if (inputLength < InputLength) throw new ArgumentException($"conv3d: input has {inputLength} elements, needs {InputLength}");
        if (filterLength < FilterLength) throw new ArgumentException($"conv3d: filter has {filterLength} elements, needs {FilterLength}");
        if (biasLength != 0 && biasLength < OutputChannels) throw new ArgumentException($"conv3d: bias has {biasLength} elements, needs {OutputChannels}");
        if (outputLength < OutputLength) throw new ArgumentException($"conv3d: output has {outputLength} elements, needs {OutputLength}");
    }
}
