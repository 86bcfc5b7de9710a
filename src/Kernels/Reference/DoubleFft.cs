namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Double-precision radix-2 complex FFT shared by the signal kernels that TFLite computes with Ooura's double FFT
/// (RFFT2D, AudioSpectrogram): the same transform, so results agree with TFLite to double rounding before the final
/// float conversion.
/// </summary>
public static class DoubleFft
{
    public static bool IsPowerOfTwo(long v) => v > 0 && (v & (v - 1)) == 0;

    /// <summary>cos and sin of -2 pi k / n for k in [0, n / 2): the first n / 2 entries cosines, the next sines (n entries in all).</summary>
    public static void Twiddles(int n, Span<double> tw)
    {
        int half = n / 2;
        for (int k = 0; k < half; k++)
        {
            double a = -2.0 * Math.PI * k / n;
            tw[k] = Math.Cos(a);
            tw[half + k] = Math.Sin(a);
        }
    }

    /// <summary>In-place forward FFT (exponent -2 pi i jk / n) of n (a power of two) interleaved complex values.</summary>
    public static void Forward(Span<double> a, int n, ReadOnlySpan<double> tw)
    {
        if (n < 2) return;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (a[2 * i], a[2 * j]) = (a[2 * j], a[2 * i]);
                (a[2 * i + 1], a[2 * j + 1]) = (a[2 * j + 1], a[2 * i + 1]);
            }
        }
        int half = n / 2;
        for (int len = 2; len <= n; len <<= 1)
        {
            int step = n / len;
            int h = len / 2;
            for (int start = 0; start < n; start += len)
            {
                for (int k = 0; k < h; k++)
                {
                    double wr = tw[k * step], wi = tw[half + k * step];
                    int p = start + k, q = p + h;
                    double xr = a[2 * q] * wr - a[2 * q + 1] * wi;
                    double xi = a[2 * q] * wi + a[2 * q + 1] * wr;
                    a[2 * q] = a[2 * p] - xr; a[2 * q + 1] = a[2 * p + 1] - xi;
                    a[2 * p] += xr; a[2 * p + 1] += xi;
                }
            }
        }
    }
}
