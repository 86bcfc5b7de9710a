namespace ManagedLite.Kernels.Signal;

/// <summary>
/// Inverse real FFT with the arithmetic of KISS FFT 1.3.0 (kiss_fftri), which TFLite Micro's SignalIrfft uses:
/// FftLength / 2 + 1 complex bins are folded into FftLength / 2 complex points (each bin halved), transformed by the
/// mixed-radix inverse complex FFT (radix 4, 2, 3, 5 and generic butterflies), and the complex result read as
/// FftLength real samples. In the fixed-point types (int16 Q15, int32 Q31) every butterfly divides its inputs by
/// its radix (so the output is the inverse DFT divided by FftLength), products round half up and sums wrap at the
/// type's width; in float the output is divided by FftLength at the end, as TFLite Micro does.
/// A plan is built once per FFT length and applies without allocation.
/// </summary>
public sealed class Irfft<T, TMath> where T : struct where TMath : IKissMath<T>
{
    private struct Cpx { public T R, I; }

    private readonly int _fftLength, _n;
    private readonly Cpx[] _twiddles, _superTwiddles, _folded, _scratch;
    private readonly int[] _factors;

    public Irfft(int fftLength)
    {
        if (fftLength < 2 || (fftLength & 1) != 0)
            throw new ArgumentOutOfRangeException(nameof(fftLength), fftLength, "the real FFT length must be even and at least 2");
        _fftLength = fftLength;
        _n = fftLength / 2;
        _twiddles = new Cpx[_n];
        for (int i = 0; i < _n; i++)
        {
            double phase = -2 * Math.PI * i / _n;
            _twiddles[i] = Exp(-phase); // inverse transform: conjugate twiddles
        }
        _superTwiddles = new Cpx[_n / 2];
        for (int i = 0; i < _n / 2; i++)
        {
            double phase = -Math.PI * ((double)(i + 1) / _n + .5);
            _superTwiddles[i] = Exp(-phase);
        }
        _factors = KissFactors(_n);
        int maxRadix = 1;
        for (int i = 0; i < _factors.Length; i += 2) maxRadix = Math.Max(maxRadix, _factors[i]);
        _scratch = new Cpx[maxRadix];
        _folded = new Cpx[_n];
    }

    public int FftLength => _fftLength;

    /// <summary>Values of one input frame: (FftLength / 2 + 1) interleaved (real, imag) pairs.</summary>
    public int InputLength => _fftLength + 2;

    /// <summary>Transforms one frame of <see cref="InputLength"/> values into FftLength samples.</summary>
    public void Apply(ReadOnlySpan<T> input, Span<T> output)
    {
        if (input.Length < InputLength) throw new ArgumentException($"input must hold {InputLength} values, got {input.Length}");
        if (output.Length < _fftLength) throw new ArgumentException($"output must hold {_fftLength} samples, got {output.Length}");
        int n = _n;
        var f = _folded.AsSpan();
        Cpx dc = new() { R = TMath.Add(input[0], input[2 * n]), I = TMath.Sub(input[0], input[2 * n]) };
        FixDiv(ref dc, 2);
        f[0] = dc;
        for (int k = 1; k <= n / 2; k++)
        {
            Cpx fk = new() { R = input[2 * k], I = input[2 * k + 1] };
            Cpx fnkc = new() { R = input[2 * (n - k)], I = TMath.Neg(input[2 * (n - k) + 1]) };
            FixDiv(ref fk, 2);
            FixDiv(ref fnkc, 2);
            Cpx fek = Add(fk, fnkc);
            Cpx tmp = Sub(fk, fnkc);
            Cpx fok = Mul(tmp, _superTwiddles[k - 1]);
            f[k] = Add(fek, fok);
            Cpx back = Sub(fek, fok);
            back.I = TMath.Neg(back.I);
            f[n - k] = back;
        }
        var result = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Cpx>(output[.._fftLength]);
        Work(result, 0, f, 0, 1, 0);
        TMath.Finish(output[.._fftLength], _fftLength);
    }

    private static Cpx Exp(double phase) => new() { R = TMath.Twiddle(Math.Cos(phase)), I = TMath.Twiddle(Math.Sin(phase)) };

    private static Cpx Add(Cpx a, Cpx b) => new() { R = TMath.Add(a.R, b.R), I = TMath.Add(a.I, b.I) };

    private static Cpx Sub(Cpx a, Cpx b) => new() { R = TMath.Sub(a.R, b.R), I = TMath.Sub(a.I, b.I) };

    private static Cpx Mul(Cpx a, Cpx b)
    {
        TMath.ComplexMul(a.R, a.I, b.R, b.I, out var r, out var i);
        return new Cpx { R = r, I = i };
    }

    private static void FixDiv(ref Cpx c, int div)
    {
        c.R = TMath.DivScalar(c.R, div);
        c.I = TMath.DivScalar(c.I, div);
    }

    /// <summary>KISS FFT's factorization: powers of 4 first, then 2, then odd numbers up to sqrt(n).</summary>
    internal static int[] KissFactors(int n)
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
            // The inverse transform's rotation by +i.
            f[k + m] = new Cpx { R = TMath.Sub(s5.R, s4.I), I = TMath.Add(s5.I, s4.R) };
            f[k + 3 * m] = new Cpx { R = TMath.Add(s5.R, s4.I), I = TMath.Sub(s5.I, s4.R) };
        }
    }

    private void Butterfly3(Span<Cpx> f, int stride, int m)
    {
        T epi3 = _twiddles[stride * m].I;
        for (int k = 0; k < m; k++)
        {
            FixDiv(ref f[k], 3);
            FixDiv(ref f[k + m], 3);
            FixDiv(ref f[k + 2 * m], 3);
            Cpx s1 = Mul(f[k + m], _twiddles[k * stride]);
            Cpx s2 = Mul(f[k + 2 * m], _twiddles[2 * k * stride]);
            Cpx s3 = Add(s1, s2);
            Cpx s0 = Sub(s1, s2);
            f[k + m] = new Cpx { R = TMath.SubHalf(f[k].R, s3.R), I = TMath.SubHalf(f[k].I, s3.I) };
            s0 = new Cpx { R = TMath.MulScalar(s0.R, epi3), I = TMath.MulScalar(s0.I, epi3) };
            f[k] = Add(f[k], s3);
            f[k + 2 * m] = new Cpx { R = TMath.Add(f[k + m].R, s0.I), I = TMath.Sub(f[k + m].I, s0.R) };
            f[k + m] = new Cpx { R = TMath.Sub(f[k + m].R, s0.I), I = TMath.Add(f[k + m].I, s0.R) };
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

            f0 = new Cpx { R = TMath.Add(f0.R, TMath.Add(s7.R, s8.R)), I = TMath.Add(f0.I, TMath.Add(s7.I, s8.I)) };

            Cpx s5 = new()
            {
                R = TMath.Add3(s0.R, TMath.MulScalar(s7.R, ya.R), TMath.MulScalar(s8.R, yb.R)),
                I = TMath.Add3(s0.I, TMath.MulScalar(s7.I, ya.R), TMath.MulScalar(s8.I, yb.R)),
            };
            Cpx s6 = new()
            {
                R = TMath.Add(TMath.MulScalar(s10.I, ya.I), TMath.MulScalar(s9.I, yb.I)),
                I = TMath.NegSub(TMath.MulScalar(s10.R, ya.I), TMath.MulScalar(s9.R, yb.I)),
            };
            f1 = Sub(s5, s6);
            f4 = Add(s5, s6);

            Cpx s11 = new()
            {
                R = TMath.Add3(s0.R, TMath.MulScalar(s7.R, yb.R), TMath.MulScalar(s8.R, ya.R)),
                I = TMath.Add3(s0.I, TMath.MulScalar(s7.I, yb.R), TMath.MulScalar(s8.I, ya.R)),
            };
            Cpx s12 = new()
            {
                R = TMath.Sub(TMath.MulScalar(s9.I, ya.I), TMath.MulScalar(s10.I, yb.I)),
                I = TMath.Sub(TMath.MulScalar(s10.R, yb.I), TMath.MulScalar(s9.R, ya.I)),
            };
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

/// <summary>The scalar arithmetic of one KISS FFT build (FIXED_POINT=16, FIXED_POINT=32, or float).</summary>
public interface IKissMath<T> where T : struct
{
    /// <summary>A twiddle factor from its cosine or sine.</summary>
    static abstract T Twiddle(double value);
    static abstract T Add(T a, T b);
    static abstract T Add3(T a, T b, T c);
    static abstract T Sub(T a, T b);
    static abstract T Neg(T a);
    /// <summary>-a - b, computed as C does before storing.</summary>
    static abstract T NegSub(T a, T b);
    /// <summary>a - HALF_OF(b).</summary>
    static abstract T SubHalf(T a, T b);
    /// <summary>S_MUL: a product of scalars.</summary>
    static abstract T MulScalar(T a, T b);
    /// <summary>C_MUL: a complex product.</summary>
    static abstract void ComplexMul(T ar, T ai, T br, T bi, out T r, out T i);
    /// <summary>DIVSCALAR: division by a radix in the fixed-point builds, nothing in float.</summary>
    static abstract T DivScalar(T a, int k);
    /// <summary>The wrapper's final scaling of the output (float: divided by the FFT length).</summary>
    static abstract void Finish(Span<T> output, int fftLength);
}

/// <summary>KISS FFT with FIXED_POINT=16: Q15, products in int32 rounded half up, sums truncated to 16 bits.</summary>
public readonly struct KissQ15 : IKissMath<short>
{
    private static short Round(int x) => unchecked((short)((x + (1 << 14)) >> 15));
    public static short Twiddle(double value) => (short)Math.Floor(.5 + short.MaxValue * value);
    public static short Add(short a, short b) => unchecked((short)(a + b));
    public static short Add3(short a, short b, short c) => unchecked((short)(a + b + c));
    public static short Sub(short a, short b) => unchecked((short)(a - b));
    public static short Neg(short a) => unchecked((short)-a);
    public static short NegSub(short a, short b) => unchecked((short)(-a - b));
    public static short SubHalf(short a, short b) => unchecked((short)(a - (b >> 1)));
    public static short MulScalar(short a, short b) => Round(a * b);
    public static void ComplexMul(short ar, short ai, short br, short bi, out short r, out short i)
    {
        r = Round(unchecked(ar * br - ai * bi));
        i = Round(unchecked(ar * bi + ai * br));
    }
    public static short DivScalar(short a, int k) => Round(a * (short.MaxValue / k));
    public static void Finish(Span<short> output, int fftLength) { }
}

/// <summary>KISS FFT with FIXED_POINT=32: Q31, products in int64 rounded half up, sums wrapping at 32 bits.</summary>
public readonly struct KissQ31 : IKissMath<int>
{
    private static int Round(long x) => unchecked((int)((x + (1L << 30)) >> 31));
    public static int Twiddle(double value) => (int)Math.Floor(.5 + int.MaxValue * value);
    public static int Add(int a, int b) => unchecked(a + b);
    public static int Add3(int a, int b, int c) => unchecked(a + b + c);
    public static int Sub(int a, int b) => unchecked(a - b);
    public static int Neg(int a) => unchecked(-a);
    public static int NegSub(int a, int b) => unchecked(-a - b);
    public static int SubHalf(int a, int b) => unchecked(a - (b >> 1));
    public static int MulScalar(int a, int b) => Round((long)a * b);
    public static void ComplexMul(int ar, int ai, int br, int bi, out int r, out int i)
    {
        r = Round(unchecked((long)ar * br - (long)ai * bi));
        i = Round(unchecked((long)ar * bi + (long)ai * br));
    }
    public static int DivScalar(int a, int k) => Round((long)a * (int.MaxValue / k));
    public static void Finish(Span<int> output, int fftLength) { }
}

/// <summary>KISS FFT in float: single-precision operations (HALF_OF multiplies by the double 0.5, as C does).</summary>
public readonly struct KissFloat : IKissMath<float>
{
    public static float Twiddle(double value) => (float)value;
    public static float Add(float a, float b) => a + b;
    public static float Add3(float a, float b, float c) => a + b + c;
    public static float Sub(float a, float b) => a - b;
    public static float Neg(float a) => -a;
    public static float NegSub(float a, float b) => -a - b;
    public static float SubHalf(float a, float b) => (float)(a - b * .5);
    public static float MulScalar(float a, float b) => a * b;
    public static void ComplexMul(float ar, float ai, float br, float bi, out float r, out float i)
    {
        r = ar * br - ai * bi;
        i = ar * bi + ai * br;
    }
    public static float DivScalar(float a, int k) => a;
    public static void Finish(Span<float> output, int fftLength)
    {
        for (int i = 0; i < output.Length; i++) output[i] /= fftLength;
    }
}
