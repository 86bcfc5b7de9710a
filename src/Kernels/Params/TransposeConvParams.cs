namespace ManagedLite.Kernels;

/// <summary>
/// Geometry and options of a float transposed convolution (TRANSPOSE_CONV and MediaPipe's
/// Convolution2DTransposeBias). Input [Batches, InputHeight, InputWidth, InputChannels], filter
/// [OutputChannels, FilterHeight, FilterWidth, InputChannels], bias [OutputChannels] (or empty), output
/// [Batches, OutputHeight, OutputWidth, OutputChannels]. Input pixel (y, x) scatters into output pixels
/// (y * StrideHeight - PadTop + ky, x * StrideWidth - PadLeft + kx).
/// </summary>
public readonly record struct TransposeConvParams
{
    public TransposeConvParams() { }

    public int Batches { get; init; } = 1;
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int InputChannels { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int OutputChannels { get; init; }
    public int StrideHeight { get; init; } = 1;
    public int StrideWidth { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    /// <summary>
    /// True: the output starts at the bias and products are accumulated onto it (MediaPipe's custom op).
    /// False: products are summed from zero and the bias is added last (builtin TRANSPOSE_CONV).
    /// </summary>
    public bool BiasFirst { get; init; }
    public float ActivationMin { get; init; } = float.NegativeInfinity;
    public float ActivationMax { get; init; } = float.PositiveInfinity;

    public long InputLength => (long)Batches * InputHeight * InputWidth * InputChannels;
    public long FilterLength => (long)OutputChannels * FilterHeight * FilterWidth * InputChannels;
    public long OutputLength => (long)Batches * OutputHeight * OutputWidth * OutputChannels;

    /// <summary>
    /// Output size and leading padding along one axis of MediaPipe's Convolution2DTransposeBias, whose custom options
    /// carry a TfLitePadding (0 unknown, 1 same, 2 valid): SAME pads max(0, filter - (in - 1) % stride - 1) in total,
    /// output = stride * (in - 1) + filter - total padding, leading padding = total / 2. Other values pad nothing.
    /// </summary>
    public static (int OutSize, int PadBefore) MediaPipeGeometry(int padding, int inSize, int filterSize, int stride)
    {
        int total = padding == 1 && stride > 0 ? Math.Max(0, filterSize - (inSize - 1) % stride - 1) : 0;
        return (stride * (inSize - 1) + filterSize - total, total / 2);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int filterLength, int biasLength, int outputLength)
    {
        if (Batches < 0 || InputHeight < 0 || InputWidth < 0 || InputChannels <= 0 || FilterHeight <= 0 || FilterWidth <= 0 ||
            OutputHeight < 0 || OutputWidth < 0 || OutputChannels <= 0)
            throw new ArgumentException($"transpose conv: bad dimensions {this}");
        if (StrideHeight <= 0 || StrideWidth <= 0)
            throw new ArgumentException($"transpose conv: strides must be positive ({this})");
        if (inputLength < InputLength) throw new ArgumentException($"transpose conv: input has {inputLength} elements, needs {InputLength}");
        if (filterLength < FilterLength) throw new ArgumentException($"transpose conv: filter has {filterLength} elements, needs {FilterLength}");
        if (biasLength != 0 && biasLength < OutputChannels) throw new ArgumentException($"transpose conv: bias has {biasLength} elements, needs {OutputChannels}");
        if (outputLength < OutputLength) throw new ArgumentException($"transpose conv: output has {outputLength} elements, needs {OutputLength}");
    }
}
