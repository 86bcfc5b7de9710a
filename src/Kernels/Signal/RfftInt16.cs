using System.Runtime.InteropServices;

namespace ManagedLite.Kernels.Signal;

/// <summary>
/// Real FFT on int16 samples with the exact Q15 arithmetic of KISS FFT 1.3.0 (FIXED_POINT=16), which TFLite
/// Micro's SignalRfft uses: the real signal is packed as N/2 complex samples, transformed by a mixed-radix
/// complex FFT (radix 4, 2, 3, 5 and generic butterflies, each dividing its inputs by the radix to avoid
/// overflow), then split into N/2 + 1 bins. Products round half up from Q30 to Q15; sums wrap at 16 bits.
/// A plan is built once per FFT length (allocation there) and applied without allocation.
/// </summary>
public sealed class RfftInt16
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Cpx
    {
        public short R, I;
        public Cpx(short r, short i) { R = r; I = i; }
    }

    private readonly int _fftLength;
    private readonly int _n;              // complex FFT length, fftLength / 2
    private readonly Cpx[] _twiddles;     // [n]
    private readonly Cpx[] _superTwiddles; // [n / 2]
    private readonly int[] _factors;      // radix, remaining length, radix, ...
    private readonly Cpx[] _work;         // [n] complex FFT output
    private readonly Cpx[] _scratch;      // generic butterfly scratch, [largest radix]

    /// <summary>A plan for real FFTs of <paramref name="fftLength"/> samples (even, at least 2).</summary>
    public RfftInt16(int fftLength)
    {
        if (fftLength < 2 || (fftLength & 1) != 0)
            throw new ArgumentOutOfRangeException(nameof(fftLength), fftLength, "the real FFT length must be even and at least 2");
        _fftLength = fftLength;
        _n = fftLength / 2;
        _twiddles = new Cpx[_n];
        for (int i = 0; i < _n; i++)
        {
            double phase = -2 * Math.PI * i / _n;
            _twiddles[i] = Q15Exp(phase);
        }
        _superTwiddles = new Cpx[_n / 2];
        for (int i = 0; i < _n / 2; i++)
        {
            double phase = -Math.PI * ((double)(i + 1) / _n + .5);
            _superTwiddles[i] = Q15Exp(phase);
        }
        _factors = Factor(_n);
        int maxRadix = 1;
        for (int i = 0; i < _factors.Length; i += 2) maxRadix = Math.Max(maxRadix, _factors[i]);
        _scratch = new Cpx[maxRadix];
        _work = new Cpx[_n];
    }

    public int FftLength => _fftLength;

    /// <summary>Number of int16 values of one output frame: (FftLength / 2 + 1) interleaved (real, imag) pairs.</summary>
    public int OutputLength => _fftLength + 2;

    /// <summary>The radices KISS FFT chooses for the complex FFT of FftLength / 2 points, outermost first.</summary>
    public IReadOnlyList<int> Radices
    {
        get
        {
            var r = new List<int>();
            for (int i = 0; i < _factors.Length; i += 2) r.Add(_factors[i]);
            return r;
        }
    }

    /// <summary>
    /// Transforms one frame: <paramref name="input"/> holds FftLength samples, <paramref name="output"/> receives
    /// <see cref="OutputLength"/> values.
    /// </summary>
    public void Apply(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length != _fftLength) throw new ArgumentException($"input must hold {_fftLength} samples, got {input.Length}");
        if (output.Length != OutputLength) throw new ArgumentException($"output must hold {OutputLength} values, got {output.Length}");
        var packed = MemoryMarshal.Cast<short, Cpx>(input);
        var work = _work.AsSpan();
        Work(work, 0, packed, 0, 1, 0);

        var freq = MemoryMarshal.Cast<short, Cpx>(output);
        int n = _n;
        Cpx dc = work[0];
        FixDiv(ref dc, 2);
        freq[0] = new Cpx((short)(dc.R + dc.I), 0);
        freq[n] = new Cpx((short)(dc.R - dc.I), 0);
        for (int k = 1; k <= n / 2; k++)
        {
            Cpx fpk = work[k];
            Cpx fpnk = new(work[n - k].R, unchecked((short)-work[n - k].I));
            FixDiv(ref fpk, 2);
            FixDiv(ref fpnk, 2);
            Cpx f1k = Add(fpk, fpnk);
            Cpx f2k = Sub(fpk, fpnk);
            Cpx tw = Mul(f2k, _superTwiddles[k - 1]);
            freq[k] = new Cpx((short)((f1k.R + tw.R) >> 1), (short)((f1k.I + tw.I) >> 1));
            freq[n - k] = new Cpx((short)((f1k.R - tw.R) >> 1), (short)((tw.I - f1k.I) >> 1));
        }
    }

    // ---- KISS FFT fixed-point primitives ------------------------------------------------------

    private static Cpx Q15Exp(double phase) =>
        new((short)Math.Floor(.5 + short.MaxValue * Math.Cos(phase)), (short)Math.Floor(.5 + short.MaxValue * Math.Sin(phase)));

    /// <summary>Q30 to Q15 with round half up, truncated to 16 bits.</summary>
    private static short Round(int x) => unchecked((short)((x + (1 << 14)) >> 15));

    private static Cpx Mul(Cpx a, Cpx b) => new(
        Round(unchecked(a.R * b.R - a.I * b.I)),
        Round(unchecked(a.R * b.I + a.I * b.R)));

    private static short MulScalar(short a, short b) => Round(a * b);

    private static void FixDiv(ref Cpx c, int div)
    {
        short k = (short)(short.MaxValue / div);
        c.R = Round(c.R * k);
        c.I = Round(c.I * k);
    }

    private static Cpx Add(Cpx a, Cpx b) => new((short)(a.R + b.R), (short)(a.I + b.I));

    private static Cpx Sub(Cpx a, Cpx b) => new((short)(a.R - b.R), (short)(a.I - b.I));

    /// <summary>KISS FFT's factorization: powers of 4 first, then 2, then odd numbers up to sqrt(n).</summary>
    private static int[] Factor(int n)
    {
        var f = new List<int>();
        int p = 4;
        double floorSqrt = Math.Floor(Math.Sqrt(n));
        do
        {
            while (n % p != 0)
            {
                p = p switch { 4 => 2, 2 => 3, _ => p + 2 };
                if (p > floorSqrt) p = n;
            }
            n /= p;
            f.Add(p);
            f.Add(n);
        } while (n > 1);
        return f.ToArray();
    }

    /// <summary>Decimation in time: p sub-FFTs of length m on strided input, then one radix-p butterfly pass.</summary>
    private void Work(Span<Cpx> fout, int outOffset, ReadOnlySpan<Cpx> f, int inOffset, int stride, int factorIndex)
    {
        int p = _factors[factorIndex], m = _factors[factorIndex + 1];
        if (m == 1)
        {
            for (int q = 0; q < p; q++) fout[outOffset + q] = f[inOffset + q * stride];
        }
        else
        {
            for (int q = 0; q < p; q++)
                Work(fout, outOffset + q * m, f, inOffset + q * stride, stride * p, factorIndex + 2);
        }
        var block = fout.Slice(outOffset, p * m);
        switch (p)
        {
            case 2: Butterfly2(block, stride, m); break;
            case 3: Butterfly3(block, stride, m); break;
            case 4: Butterfly4(block, stride, m); break;
            case 5: Butterfly5(block, stride, m); break;
            default: ButterflyGeneric(block, stride, m, p); break;
        }
    }

    private void Butterfly2(Span<Cpx> f, int stride, int m)
    {
        for (int k = 0; k < m; k++)
        {
            FixDiv(ref f[k], 2);
            FixDiv(ref f[k + m], 2);
            Cpx t = Mul(f[k + m], _twiddles[k * stride]);
            f[k + m] = Sub(f[k], t);
            f[k] = Add(f[k], t);
        }
    }

    private void Butterfly4(Span<Cpx> f, int stride, int m)
    {
        for (int k = 0; k < m; k++)
        {
            FixDiv(ref f[k], 4);
            FixDiv(ref f[k + m], 4);
            FixDiv(ref f[k + 2 * m], 4);
            FixDiv(ref f[k + 3 * m], 4);
            Cpx s0 = Mul(f[k + m], _twiddles[k * stride]);
            Cpx s1 = Mul(f[k + 2 * m], _twiddles[2 * k * stride]);
            Cpx s2 = Mul(f[k + 3 * m], _twiddles[3 * k * stride]);
            Cpx s5 = Sub(f[k], s1);
            f[k] = Add(f[k], s1);
            Cpx s3 = Add(s0, s2);
            Cpx s4 = Sub(s0, s2);
            f[k + 2 * m] = Sub(f[k], s3);
            f[k] = Add(f[k], s3);
            f[k + m] = new Cpx((short)(s5.R + s4.I), (short)(s5.I - s4.R));
            f[k + 3 * m] = new Cpx((short)(s5.R - s4.I), (short)(s5.I + s4.R));
        }
    }

    private void Butterfly3(Span<Cpx> f, int stride, int m)
    {
        Cpx epi3 = _twiddles[stride * m];
        for (int k = 0; k < m; k++)
        {
            FixDiv(ref f[k], 3);
            FixDiv(ref f[k + m], 3);
            FixDiv(ref f[k + 2 * m], 3);
            Cpx s1 = Mul(f[k + m], _twiddles[k * stride]);
            Cpx s2 = Mul(f[k + 2 * m], _twiddles[2 * k * stride]);
            Cpx s3 = Add(s1, s2);
            Cpx s0 = Sub(s1, s2);
            f[k + m] = new Cpx((short)(f[k].R - (s3.R >> 1)), (short)(f[k].I - (s3.I >> 1)));
            s0 = new Cpx(MulScalar(s0.R, epi3.I), MulScalar(s0.I, epi3.I));
            f[k] = Add(f[k], s3);
            f[k + 2 * m] = new Cpx((short)(f[k + m].R + s0.I), (short)(f[k + m].I - s0.R));
            f[k + m] = new Cpx((short)(f[k + m].R - s0.I), (short)(f[k + m].I + s0.R));
        }
    }

    private void Butterfly5(Span<Cpx> f, int stride, int m)
    {
        Cpx ya = _twiddles[stride * m];
        Cpx yb = _twiddles[stride * 2 * m];
        for (int u = 0; u < m; u++)
        {
            ref Cpx f0 = ref f[u];
            ref Cpx f1 = ref f[u + m];
            ref Cpx f2 = ref f[u + 2 * m];
            ref Cpx f3 = ref f[u + 3 * m];
            ref Cpx f4 = ref f[u + 4 * m];
            FixDiv(ref f0, 5); FixDiv(ref f1, 5); FixDiv(ref f2, 5); FixDiv(ref f3, 5); FixDiv(ref f4, 5);
            Cpx s0 = f0;
            Cpx s1 = Mul(f1, _twiddles[u * stride]);
            Cpx s2 = Mul(f2, _twiddles[2 * u * stride]);
            Cpx s3 = Mul(f3, _twiddles[3 * u * stride]);
            Cpx s4 = Mul(f4, _twiddles[4 * u * stride]);
            Cpx s7 = Add(s1, s4);
            Cpx s10 = Sub(s1, s4);
            Cpx s8 = Add(s2, s3);
            Cpx s9 = Sub(s2, s3);

            f0 = new Cpx((short)(f0.R + s7.R + s8.R), (short)(f0.I + s7.I + s8.I));

            Cpx s5 = new(
                (short)(s0.R + MulScalar(s7.R, ya.R) + MulScalar(s8.R, yb.R)),
                (short)(s0.I + MulScalar(s7.I, ya.R) + MulScalar(s8.I, yb.R)));
            Cpx s6 = new(
                (short)(MulScalar(s10.I, ya.I) + MulScalar(s9.I, yb.I)),
                (short)(-MulScalar(s10.R, ya.I) - MulScalar(s9.R, yb.I)));
            f1 = Sub(s5, s6);
            f4 = Add(s5, s6);

            Cpx s11 = new(
                (short)(s0.R + MulScalar(s7.R, yb.R) + MulScalar(s8.R, ya.R)),
                (short)(s0.I + MulScalar(s7.I, yb.R) + MulScalar(s8.I, ya.R)));
            Cpx s12 = new(
                (short)(-MulScalar(s10.I, yb.I) + MulScalar(s9.I, ya.I)),
                (short)(MulScalar(s10.R, yb.I) - MulScalar(s9.R, ya.I)));
            f2 = Add(s11, s12);
            f3 = Sub(s11, s12);
        }
    }

    private void ButterflyGeneric(Span<Cpx> f, int stride, int m, int p)
    {
        var scratch = _scratch.AsSpan(0, p);
        int n = _n;
        for (int u = 0; u < m; u++)
        {
            for (int q1 = 0, k = u; q1 < p; q1++, k += m)
            {
                scratch[q1] = f[k];
                FixDiv(ref scratch[q1], p);
            }
            for (int q1 = 0, k = u; q1 < p; q1++, k += m)
            {
                int twiddle = 0;
                f[k] = scratch[0];
                for (int q = 1; q < p; q++)
                {
                    twiddle += stride * k;
                    if (twiddle >= n) twiddle -= n;
                    f[k] = Add(f[k], Mul(scratch[q], _twiddles[twiddle]));
                }
            }
        }
    }
}
