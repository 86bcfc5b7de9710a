using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// RESIZE_BILINEAR (TFLite <c>reference_ops::ResizeBilinear</c> / <c>ResizeBilinearInteger</c>, NHWC).
/// Float and uint8 use float source coordinates (legacy: y*scale; half-pixel: (y+0.5)*scale-0.5), with
/// y0 = max(floor, 0), y1 = min(ceil, size-1) and weights taken from the unclamped coordinate. uint8 adds 0.5
/// and truncates. int8 / int16 use TFLite's 10-bit fixed-point coordinates with round-half-away-from-zero.
/// </summary>
public static class ResizeBilinear
{
    // input: [batch, inH, inW, depth]; output: [batch, outH, outW, depth]
    public static void Run(ReadOnlySpan<int> inputShape, ReadOnlySpan<float> input, int outHeight, int outWidth,
                           bool alignCorners, bool halfPixelCenters, Span<float> output)
    {
        var (batch, inH, inW, depth) = Validate(inputShape, input.Length, outHeight, outWidth, alignCorners, halfPixelCenters, output.Length);
        if (output.Length == 0) return;
        float heightScale = Scale(inH, outHeight, alignCorners);
        float widthScale = Scale(inW, outWidth, alignCorners);
        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < outHeight; y++)
            {
                Interpolation(y, heightScale, halfPixelCenters, inH, out float inY, out int y0, out int y1);
                for (int x = 0; x < outWidth; x++)
                {
                    Interpolation(x, widthScale, halfPixelCenters, inW, out float inX, out int x0, out int x1);
                    int p00 = ((b * inH + y0) * inW + x0) * depth, p10 = ((b * inH + y1) * inW + x0) * depth;
                    int p01 = ((b * inH + y0) * inW + x1) * depth, p11 = ((b * inH + y1) * inW + x1) * depth;
                    for (int c = 0; c < depth; c++)
                    {
                        output[o++] = input[p00 + c] * (1 - (inY - y0)) * (1 - (inX - x0)) +
                                      input[p10 + c] * (inY - y0) * (1 - (inX - x0)) +
                                      input[p01 + c] * (1 - (inY - y0)) * (inX - x0) +
                                      input[p11 + c] * (inY - y0) * (inX - x0);
                    }
                }
            }
    }

    /// <summary>uint8: the float formula plus 0.5, truncated (TFLite's reference for uint8).</summary>
    public static void Run(ReadOnlySpan<int> inputShape, ReadOnlySpan<byte> input, int outHeight, int outWidth,
                           bool alignCorners, bool halfPixelCenters, Span<byte> output)
    {
        var (batch, inH, inW, depth) = Validate(inputShape, input.Length, outHeight, outWidth, alignCorners, halfPixelCenters, output.Length);
        if (output.Length == 0) return;
        float heightScale = Scale(inH, outHeight, alignCorners);
        float widthScale = Scale(inW, outWidth, alignCorners);
        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < outHeight; y++)
            {
                Interpolation(y, heightScale, halfPixelCenters, inH, out float inY, out int y0, out int y1);
                for (int x = 0; x < outWidth; x++)
                {
                    Interpolation(x, widthScale, halfPixelCenters, inW, out float inX, out int x0, out int x1);
                    int p00 = ((b * inH + y0) * inW + x0) * depth, p10 = ((b * inH + y1) * inW + x0) * depth;
                    int p01 = ((b * inH + y0) * inW + x1) * depth, p11 = ((b * inH + y1) * inW + x1) * depth;
                    for (int c = 0; c < depth; c++)
                    {
                        float v = input[p00 + c] * (1 - (inY - y0)) * (1 - (inX - x0)) +
                                  input[p10 + c] * (inY - y0) * (1 - (inX - x0)) +
                                  input[p01 + c] * (1 - (inY - y0)) * (inX - x0) +
                                  input[p11 + c] * (inY - y0) * (inX - x0) +
                                  0.5f;
                        output[o++] = (byte)Math.Clamp((int)v, 0, 255);
                    }
                }
            }
    }

    /// <summary>int8 / int16: TFLite's ResizeBilinearInteger (coordinates in 1/1024 units, 20-bit products).</summary>
    public static void RunInteger<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int outHeight, int outWidth,
                                     bool alignCorners, bool halfPixelCenters, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var (batch, inH, inW, depth) = Validate(inputShape, input.Length, outHeight, outWidth, alignCorners, halfPixelCenters, output.Length);
        if (output.Length == 0) return;
        if (inputShape[1] > MaxIntegerSize || inputShape[2] > MaxIntegerSize || outHeight > MaxIntegerSize || outWidth > MaxIntegerSize)
            throw new ArgumentException($"integer resize supports sizes up to {MaxIntegerSize}");
        int heightScale10 = Scale10(inH, outHeight, alignCorners);
        int widthScale10 = Scale10(inW, outWidth, alignCorners);
        const int One = 1 << 10;
        int o = 0;
        for (int b = 0; b < batch; b++)
            for (int y = 0; y < outHeight; y++)
            {
                Interpolation10(y, heightScale10, halfPixelCenters, inH, out int inY, out int y0, out int y1);
                for (int x = 0; x < outWidth; x++)
                {
                    Interpolation10(x, widthScale10, halfPixelCenters, inW, out int inX, out int x0, out int x1);
                    int p00 = ((b * inH + y0) * inW + x0) * depth, p10 = ((b * inH + y1) * inW + x0) * depth;
                    int p01 = ((b * inH + y0) * inW + x1) * depth, p11 = ((b * inH + y1) * inW + x1) * depth;
                    long wy1 = inY - One * y0, wy0 = One - wy1;
                    long wx1 = inX - One * x0, wx0 = One - wx1;
                    for (int c = 0; c < depth; c++)
                    {
                        long sum = long.CreateTruncating(input[p00 + c]) * wy0 * wx0 +
                                   long.CreateTruncating(input[p10 + c]) * wy1 * wx0 +
                                   long.CreateTruncating(input[p01 + c]) * wy0 * wx1 +
                                   long.CreateTruncating(input[p11 + c]) * wy1 * wx1;
                        long round = sum > 0 ? 1 << 19 : -(1 << 19);
                        output[o++] = T.CreateTruncating((sum + round) / (1 << 20));
                    }
                }
            }
    }

    /// <summary>Largest input/output height or width of the integer path (coordinates are 1/1024 units in int32).</summary>
    public const int MaxIntegerSize = 1 << 20;

    /// <summary>Source scale along one axis (align_corners uses (in-1)/(out-1) when out > 1).</summary>
    public static float Scale(int inSize, int outSize, bool alignCorners)
        => alignCorners && outSize > 1 ? (inSize - 1) / (float)(outSize - 1) : inSize / (float)outSize;

    /// <summary>TFLite's ComputeInterpolationValues (float).</summary>
    public static void Interpolation(int value, float scale, bool halfPixelCenters, int inputSize,
                                     out float scaled, out int lower, out int upper)
    {
        scaled = halfPixelCenters ? (value + 0.5f) * scale - 0.5f : value * scale;
        lower = Math.Max((int)MathF.Floor(scaled), 0);
        upper = Math.Min((int)MathF.Ceiling(scaled), inputSize - 1);
    }

    internal static int Scale10(int inSize, int outSize, bool alignCorners)
        => alignCorners && outSize > 1
            ? ((1 << 10) * (inSize - 1) + (outSize - 1) / 2) / (outSize - 1)
            : ((1 << 10) * inSize + outSize / 2) / outSize;

    internal static void Interpolation10(int value, int scale10, bool halfPixelCenters, int inputSize,
                                         out int scaled, out int lower, out int upper)
    {
        scaled = halfPixelCenters ? value * scale10 + scale10 / 2 - (1 << 9) : value * scale10;
        lower = Math.Max(scaled / (1 << 10), 0);
        upper = Math.Min((scaled + (1 << 10) - 1) / (1 << 10), inputSize - 1);
    }

    internal static (int Batch, int InH, int InW, int Depth) Validate(ReadOnlySpan<int> inputShape, int inputLength,
        int outHeight, int outWidth, bool alignCorners, bool halfPixelCenters, int outputLength)
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (alignCorners && halfPixelCenters)
            throw new ArgumentException("half_pixel_centers and align_corners cannot both be true");
        if (outHeight <= 0 || outWidth <= 0) throw new ArgumentException($"output size must be positive, got {outHeight}x{outWidth}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], depth = inputShape[3];
        ShapeMath.CheckLength(inputLength, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(outputLength, ShapeMath.FlatSize([batch, outHeight, outWidth, depth], "output shape"), "output");
        if (outputLength > 0 && (inH <= 0 || inW <= 0))
            throw new ArgumentException($"input height and width must be positive, got {inH}x{inW}");
        return (batch, inH, inW, depth);
    }
}
