namespace ManagedLite.Kernels.Reference;

/// <summary>
/// Philox 4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"), as TensorFlow's
/// tsl::random::PhiloxRandom that TFLite's random kernels use: the key is seed's two 32-bit halves, the counter starts
/// at (0, 0, seed2 low, seed2 high); each call returns four 32-bit values and advances the counter by one.
/// </summary>
public struct Philox
{
    private const uint W32A = 0x9E3779B9, W32B = 0xBB67AE85, M4x32A = 0xD2511F53, M4x32B = 0xCD9E8D57;

    private uint _c0, _c1, _c2, _c3;
    private readonly uint _k0, _k1;

    public Philox(ulong seed, ulong seed2)
    {
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
        _c0 = 0;
        _c1 = 0;
        _c2 = (uint)seed2;
        _c3 = (uint)(seed2 >> 32);
    }

    /// <summary>The next block of four values.</summary>
    public void Next(Span<uint> result)
    {
        Block(_k0, _k1, _c0, _c1, _c2, _c3, result);
        Skip(1);
    }

    /// <summary>The ten Philox 4x32 rounds on counter (c0..c3) under key (k0, k1): four values into <paramref name="result"/>.</summary>
    public static void Block(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3, Span<uint> result)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M4x32A * c0, p1 = (ulong)M4x32B * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 = unchecked(k0 + W32A);
            k1 = unchecked(k1 + W32B);
        }
        result[0] = c0;
        result[1] = c1;
        result[2] = c2;
        result[3] = c3;
    }

    /// <summary>Advances the 128-bit counter by <paramref name="count"/> blocks (PhiloxRandom::Skip).</summary>
    public void Skip(ulong count)
    {
        uint lo = (uint)count, hi = (uint)(count >> 32);
        _c0 = unchecked(_c0 + lo);
        if (_c0 < lo) hi++;
        _c1 = unchecked(_c1 + hi);
        if (_c1 < hi && ++_c2 == 0) ++_c3;
    }

    /// <summary>A float in [0, 1) from the low 23 bits (tsl::random::Uint32ToFloat).</summary>
    public static float ToFloat(uint x) => BitConverter.Int32BitsToSingle((int)(0x3F800000u | (x & 0x7FFFFFu))) - 1f;

    /// <summary>A double in [0, 1) from 52 bits: 20 of <paramref name="x0"/>, 32 of <paramref name="x1"/> (tsl::random::Uint64ToDouble).</summary>
    public static double ToDouble(uint x0, uint x1) =>
        BitConverter.Int64BitsToDouble((long)((1023UL << 52) | ((ulong)(x0 & 0xFFFFF) << 32) | x1)) - 1.0;
}

/// <summary>TFLite's random_ops.cc: RANDOM_UNIFORM, RANDOM_STANDARD_NORMAL and MULTINOMIAL on a <see cref="Philox"/> stream.</summary>
public static class RandomOps
{
    /// <summary>Uniform floats in [0, 1): one value per 32-bit output, unused values of the last block dropped.</summary>
    public static void Uniform(ref Philox rng, Span<float> output)
    {
        Span<uint> block = stackalloc uint[4];
        for (int i = 0; i < output.Length; i += 4)
        {
            rng.Next(block);
            int n = Math.Min(4, output.Length - i);
            for (int j = 0; j < n; j++) output[i + j] = Philox.ToFloat(block[j]);
        }
    }

    /// <summary>Standard normal floats by Box-Muller on pairs of values (tsl::random::BoxMullerFloat), in float arithmetic.</summary>
    public static void StandardNormal(ref Philox rng, Span<float> output)
    {
        Span<uint> block = stackalloc uint[4];
        for (int i = 0; i < output.Length; i += 4)
        {
            rng.Next(block);
            int n = Math.Min(4, output.Length - i);
            for (int j = 0; j < n; j += 2)
            {
                float u1 = Philox.ToFloat(block[j]);
                if (u1 < 1.0e-7f) u1 = 1.0e-7f;
                // 2.0f * M_PI is a double: the angle is computed in double and rounded once.
                float v1 = (float)(2.0 * Math.PI * Philox.ToFloat(block[j + 1]));
                float u2 = MathF.Sqrt(-2.0f * MathF.Log(u1));
                output[i + j] = MathF.Sin(v1) * u2;
                if (j + 1 < n) output[i + j + 1] = MathF.Cos(v1) * u2;
            }
        }
    }

    /// <summary>
    /// MULTINOMIAL: per batch row, the CDF of exp(logit - max finite logit) over finite logits (in double), then
    /// <paramref name="samples"/> draws, each the first class whose CDF exceeds u * total, u from two 32-bit values.
    /// The draws come from a copy of the generator; the generator itself skips what TensorFlow's CPU kernel reserves.
    /// </summary>
    public static void Multinomial<T>(ref Philox rng, ReadOnlySpan<float> logits, int batch, int classes, int samples, Span<T> output)
        where T : System.Numerics.IBinaryInteger<T>
    {
        var copy = rng;
        rng.Skip(unchecked((ulong)batch * (ulong)((samples + 3) / 4 * 4) * 2 * 256));
        Span<uint> block = stackalloc uint[4];
        int used = 4;
        var cdf = new double[classes];
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            float max = float.MinValue;
            foreach (float x in row)
                if (float.IsFinite(x)) max = Math.Max(max, x);
            double total = 0;
            for (int i = 0; i < classes; i++)
            {
                if (float.IsFinite(row[i])) total += Math.Exp(row[i] - (double)max);
                cdf[i] = total;
            }
            for (int j = 0; j < samples; j++)
            {
                if (used == 4)
                {
                    copy.Next(block);
                    used = 0;
                }
                double find = Philox.ToDouble(block[used], block[used + 1]) * total;
                used += 2;
                int lo = 0, hi = classes;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] > find) hi = mid;
                    else lo = mid + 1;
                }
                output[b * samples + j] = T.CreateTruncating(lo);
            }
        }
    }
}
