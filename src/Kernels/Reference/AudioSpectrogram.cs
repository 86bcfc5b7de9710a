namespace ManagedLite.Kernels.Reference;

/// <summary>
/// AudioSpectrogram (TFLite's audio_spectrogram.cc and internal/spectrogram.cc): per channel of [samples, channels]
/// float audio, frames of window_size samples every stride samples, weighted by a periodic Hann window, zero-padded
/// to the next power of two, transformed in double precision; output [channels, frames, fft_length / 2 + 1] of the
/// squared magnitude rounded to float (or its float square root).
/// </summary>
public static class AudioSpectrogram
{
    /// <summary>The FFT length: the next power of two at or above the window size.</summary>
    public static int FftLength(int windowSize) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)windowSize);

    /// <summary>Frames of <paramref name="samples"/> samples: 1 + (samples - window) / stride, or 0 when shorter than a window.</summary>
    public static int FrameCount(long samples, int windowSize, int stride) => samples < windowSize ? 0 : (int)(1 + (samples - windowSize) / stride);

    /// <summary>The periodic Hann window: 0.5 - 0.5 cos(2 pi i / n).</summary>
    public static void PeriodicHann(Span<double> window)
    {
        double pi = Math.Atan(1.0) * 4.0;
        int n = window.Length;
        for (int i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.Cos(2.0 * pi * i / n);
    }

    /// <summary>Doubles of scratch for <see cref="Run"/>: the window, twiddles and one complex FFT buffer.</summary>
    public static long ScratchDoubles(int windowSize) => windowSize + 3L * FftLength(windowSize);

    public static void Run(ReadOnlySpan<float> input, int samples, int channels, int windowSize, int stride, bool magnitudeSquared,
        Span<float> output, Span<double> scratch)
    {
        if (windowSize < 2 || stride < 1) throw new ArgumentException($"window size {windowSize} must be >= 2 and stride {stride} >= 1");
        int fft = FftLength(windowSize);
        int bins = fft / 2 + 1;
        int frames = FrameCount(samples, windowSize, stride);
        if (input.Length != (long)samples * channels) throw new ArgumentException("input size does not match its shape");
        if (output.Length != (long)channels * frames * bins) throw new ArgumentException("output size does not match the frames");
        var window = scratch.Slice(0, windowSize);
        var tw = scratch.Slice(windowSize, fft);
        var buf = scratch.Slice(windowSize + fft, 2 * fft);
        PeriodicHann(window);
        DoubleFft.Twiddles(fft, tw);
        for (int ch = 0; ch < channels; ch++)
        {
            for (int t = 0; t < frames; t++)
            {
                buf.Clear();
                int start = t * stride;
                for (int j = 0; j < windowSize; j++) buf[2 * j] = (double)input[(start + j) * channels + ch] * window[j];
                DoubleFft.Forward(buf, fft, tw);
                var row = output.Slice((ch * frames + t) * bins, bins);
                for (int k = 0; k < bins; k++)
                {
                    double re = buf[2 * k], im = k == 0 || k == fft / 2 ? 0.0 : buf[2 * k + 1];
                    float power = (float)(re * re + im * im);
                    row[k] = magnitudeSquared ? power : MathF.Sqrt(power);
                }
            }
        }
    }
}
