namespace ManagedLite.Kernels.Reference;

/// <summary>
/// RFFT2D (TFLite's rfft2d.cc): the 2-D discrete Fourier transform of each innermost [height, width] slice of a float
/// input, cropped or zero-padded to [fft_height, fft_width] (powers of two), keeping the fft_width / 2 + 1
/// non-negative frequencies of the last axis: X[k1, k2] = sum x[n1, n2] exp(-2 pi i (k1 n1 / H + k2 n2 / W)).
/// Computed in double precision (as TFLite's Ooura rdft2d) with radix-2 FFTs over rows then columns, rounded to
/// complex64 (interleaved real, imaginary float32) at the end.
/// </summary>
public static class Rfft2d
{
    /// <summary>Doubles of scratch <see cref="Run"/> needs for one slice.</summary>
    public static long ScratchDoubles(int fftHeight, int fftWidth) =>
        2L * fftHeight * (fftWidth / 2 + 1) + 2L * Math.Max(fftHeight, fftWidth) + fftHeight + fftWidth;

    /// <param name="input">[slices, inputHeight, inputWidth] row-major.</param>
    /// <param name="output">[slices, fftHeight, fftWidth / 2 + 1] complex values as (real, imaginary) float pairs.</param>
    public static void Run(ReadOnlySpan<float> input, int slices, int inputHeight, int inputWidth, int fftHeight, int fftWidth,
        Span<float> output, Span<double> scratch)
    {
        if (!IsPowerOfTwo(fftHeight) || !IsPowerOfTwo(fftWidth)) throw new ArgumentException($"fft lengths {fftHeight}x{fftWidth} must be powers of two");
        int outWidth = fftWidth / 2 + 1;
        if (input.Length != (long)slices * inputHeight * inputWidth) throw new ArgumentException("input size does not match its shape");
        if (output.Length != 2L * slices * fftHeight * outWidth) throw new ArgumentException("output size does not match the fft lengths");
        if (scratch.Length < ScratchDoubles(fftHeight, fftWidth)) throw new ArgumentException("scratch is too small");
        int gridLength = 2 * fftHeight * outWidth;
        var grid = scratch.Slice(0, gridLength);
        int lineLength = Math.Max(fftHeight, fftWidth);
        var line = scratch.Slice(gridLength, 2 * lineLength);
        var twW = scratch.Slice(gridLength + 2 * lineLength, fftWidth);
        var twH = scratch.Slice(gridLength + 2 * lineLength + fftWidth, fftHeight);
        DoubleFft.Twiddles(fftWidth, twW);
        DoubleFft.Twiddles(fftHeight, twH);
        int rows = Math.Min(inputHeight, fftHeight), cols = Math.Min(inputWidth, fftWidth);
        for (int s = 0; s < slices; s++)
        {
            var x = input.Slice(s * inputHeight * inputWidth, inputHeight * inputWidth);
            // Rows: a complex FFT of each (zero-padded) real row; keep the non-negative frequencies.
            for (int r = 0; r < fftHeight; r++)
            {
                var l = line.Slice(0, 2 * fftWidth);
                l.Clear();
                if (r < rows)
                    for (int c = 0; c < cols; c++) l[2 * c] = x[r * inputWidth + c];
                DoubleFft.Forward(l, fftWidth, twW);
                l.Slice(0, 2 * outWidth).CopyTo(grid.Slice(2 * r * outWidth, 2 * outWidth));
            }
            // Columns: a complex FFT of each kept frequency along the height.
            for (int c = 0; c < outWidth; c++)
            {
                var l = line.Slice(0, 2 * fftHeight);
                for (int r = 0; r < fftHeight; r++) { l[2 * r] = grid[2 * (r * outWidth + c)]; l[2 * r + 1] = grid[2 * (r * outWidth + c) + 1]; }
                DoubleFft.Forward(l, fftHeight, twH);
                for (int r = 0; r < fftHeight; r++) { grid[2 * (r * outWidth + c)] = l[2 * r]; grid[2 * (r * outWidth + c) + 1] = l[2 * r + 1]; }
            }
            var o = output.Slice(s * gridLength, gridLength);
            for (int i = 0; i < gridLength; i++) o[i] = (float)grid[i];
        }
    }

    public static bool IsPowerOfTwo(long v) => DoubleFft.IsPowerOfTwo(v);
}
