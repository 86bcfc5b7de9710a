using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Fills an image input tensor from pixels an application already decoded (the core has no image decoder):
/// resize (bilinear, half-pixel centers) to the tensor's height and width, normalize, and for uint8/int8
/// inputs quantize with the tensor's scale and zero point.
/// </summary>
public static class ImageInput
{
    /// <summary>
    /// Writes <paramref name="rgb"/> (<paramref name="height"/> rows of <paramref name="width"/> pixels, 3 bytes
    /// per pixel R, G, B, row-major) into <paramref name="input"/>, of shape [1, H, W, C] or [H, W, C] with C = 3
    /// (RGB) or 1 (grayscale: ITU-R BT.601 luma). Each value is (pixel - mean) / std per
    /// <paramref name="normalization"/> (null: pixels as they are, 0..255); float32 inputs take it as is, uint8 and
    /// int8 inputs quantized (q = round(value / scale) + zeroPoint, clamped; raw when the tensor has no scale).
    /// Call after AllocateTensors.
    /// </summary>
    public static void Fill(LiteTensor input, ReadOnlySpan<byte> rgb, int width, int height, ImageNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        if (rgb.Length != 3L * width * height)
            throw new ArgumentException($"expected {3L * width * height} bytes for a {width}x{height} RGB image, got {rgb.Length}", nameof(rgb));
        var shape = input.Shape;
        int rank = shape.Length;
        if (!(rank == 4 && shape[0] == 1 || rank == 3))
            throw new TensorException(input.Name, $"is not an image input: expected shape [1, H, W, C] or [H, W, C], got [{string.Join(",", shape.ToArray())}]");
        int oh = shape[rank - 3], ow = shape[rank - 2], channels = shape[rank - 1];
        if (channels is not (1 or 3) || oh <= 0 || ow <= 0)
            throw new TensorException(input.Name, $"is not an image input: expected 1 or 3 channels and a positive size, got [{string.Join(",", shape.ToArray())}]");
        if (input.DataType is not (TensorType.Float32 or TensorType.UInt8 or TensorType.Int8))
            throw new TensorException(input.Name, $"holds {TensorTypes.Name(input.DataType)}; an image input must be float32, uint8 or int8");
        normalization ??= ImageNormalization.None;
        if (normalization.Mean.Count > 1 && normalization.Mean.Count != channels || normalization.Std.Count > 1 && normalization.Std.Count != channels)
            throw new TensorException(input.Name, $"has {channels} channel(s) but the normalization gives {normalization.Mean.Count} mean(s) and {normalization.Std.Count} std(s)");

        var values = new float[(long)oh * ow * channels]; // [H, W, C]
        float sy = (float)height / oh, sx = (float)width / ow;
        var pixel = new float[3];
        for (int y = 0; y < oh; y++)
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, height - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, height - 1);
            float wy = fy - y0;
            for (int x = 0; x < ow; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, width - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, width - 1);
                float wx = fx - x0;
                for (int c = 0; c < 3; c++)
                {
                    float top = rgb[(y0 * width + x0) * 3 + c] * (1 - wx) + rgb[(y0 * width + x1) * 3 + c] * wx;
                    float bottom = rgb[(y1 * width + x0) * 3 + c] * (1 - wx) + rgb[(y1 * width + x1) * 3 + c] * wx;
                    pixel[c] = top * (1 - wy) + bottom * wy;
                }
                int o = (y * ow + x) * channels;
                if (channels == 3)
                {
                    for (int c = 0; c < 3; c++) values[o + c] = (pixel[c] - normalization.MeanOf(c)) / normalization.StdOf(c);
                }
                else
                {
                    float luma = 0.299f * pixel[0] + 0.587f * pixel[1] + 0.114f * pixel[2];
                    values[o] = (luma - normalization.MeanOf(0)) / normalization.StdOf(0);
                }
            }
        }

        if (input.DataType == TensorType.Float32 || input.Quantization is { ScalesArray.Length: > 0 })
        {
            input.Quantize(values);
            return;
        }
        // A uint8/int8 input without quantization parameters takes the values as they are.
        if (input.DataType == TensorType.UInt8)
        {
            var dst = input.GetWritableData<byte>();
            for (int i = 0; i < values.Length; i++) dst[i] = (byte)Math.Clamp(MathF.Round(values[i], MidpointRounding.AwayFromZero), 0, 255);
        }
        else
        {
            var dst = input.GetWritableData<sbyte>();
            for (int i = 0; i < values.Length; i++) dst[i] = (sbyte)Math.Clamp(MathF.Round(values[i], MidpointRounding.AwayFromZero), -128, 127);
        }
    }
}
