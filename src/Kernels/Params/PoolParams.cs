namespace ManagedLite.Kernels;

/// <summary>
/// Geometry and options of float AVERAGE_POOL_2D / MAX_POOL_2D: input [Batches, InputHeight, InputWidth, Channels],
/// output [Batches, OutputHeight, OutputWidth, Channels].
/// </summary>
public readonly record struct PoolParams
{
    public PoolParams() { }

    public int Batches { get; init; } = 1;
    public int InputHeight { get; init; }
    public int InputWidth { get; init; }
    public int Channels { get; init; }
    public int FilterHeight { get; init; }
    public int FilterWidth { get; init; }
    public int OutputHeight { get; init; }
    public int OutputWidth { get; init; }
    public int StrideHeight { get; init; } = 1;
    public int StrideWidth { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    public float ActivationMin { get; init; } = float.NegativeInfinity;
    public float ActivationMax { get; init; } = float.PositiveInfinity;

    /// <summary>
    /// The window of output pixel (<paramref name="oy"/>, <paramref name="ox"/>): its top-left input corner
    /// (<paramref name="inY0"/>, <paramref name="inX0"/>, possibly in the padding) and the filter rows [yStart, yEnd) and
    /// columns [xStart, xEnd) that fall inside the input.
    /// </summary>
    public void Window(int oy, int ox, out int inY0, out int inX0, out int yStart, out int yEnd, out int xStart, out int xEnd)
    {
        inY0 = oy * StrideHeight - PadTop;
        inX0 = ox * StrideWidth - PadLeft;
        yStart = Math.Max(0, -inY0);
        yEnd = Math.Min(FilterHeight, InputHeight - inY0);
        xStart = Math.Max(0, -inX0);
        xEnd = Math.Min(FilterWidth, InputWidth - inX0);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int outputLength)
    {
        if (Batches < 0 || InputHeight < 0 || InputWidth < 0 || Channels < 0 || FilterHeight <= 0 || FilterWidth <= 0 ||
            OutputHeight < 0 || OutputWidth < 0 || StrideHeight <= 0 || StrideWidth <= 0)
            throw new ArgumentException($"pool: bad dimensions {this}");
        if (inputLength < (long)Batches * InputHeight * InputWidth * Channels) throw new ArgumentException($"pool: input has {inputLength} elements, too few for {this}");
        if (outputLength < (long)Batches * OutputHeight * OutputWidth * Channels) throw new ArgumentException($"pool: output has {outputLength} elements, too few for {this}");
    }
}
