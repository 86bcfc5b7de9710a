using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>
/// Lane-wise, bit-exact AVX2 versions of <see cref="Quantization.FixedPoint.SaturatingRoundingDoublingHighMul"/>,
/// <see cref="Quantization.FixedPoint.RoundingDivideByPot"/> and
/// <see cref="Quantization.QuantizedMath.MultiplyByQuantizedMultiplier(int, int, int)"/>.
/// <para>SRDHM: for every int64 product ab, (ab + nudge) / 2^31 truncated toward zero equals floor((ab + 2^30) / 2^31)
/// (for ab &lt; 0 the nudge 1 - 2^30 plus the truncation's 2^31 - 1 bias give 2^30), so one 64-bit add and one shift per
/// lane suffice. The only case not covered is a = b = int.MinValue (saturation): callers never pass a multiplier of
/// int.MinValue (see <see cref="MultiplierSupported"/>).</para>
/// <para>RoundingDivideByPot: (x &gt;&gt; e) + (remainder &gt; (mask &gt;&gt; 1) + (x &lt; 0)), with per-lane e in 0..31.</para>
/// </summary>
internal static class VectorRequantize
{
    /// <summary>True when the vector paths reproduce the scalar ones for this multiplier and TFLite shift.</summary>
    public static bool MultiplierSupported(int multiplier, int shift) => multiplier != int.MinValue && shift >= -31 && shift <= 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Srdhm(Vector256<int> a, Vector256<int> b) => Srdhm(a, b, OddLanes(b));

    /// <summary>The odd int32 lanes of <paramref name="b"/> moved into the low halves of the int64 lanes (for vpmuldq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> OddLanes(Vector256<int> b) => Avx2.ShiftRightLogical(b.AsInt64(), 32).AsInt32();

    /// <summary><see cref="Srdhm(Vector256{int}, Vector256{int})"/> with <paramref name="bOdd"/> = <see cref="OddLanes"/>(b) precomputed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Srdhm(Vector256<int> a, Vector256<int> b, Vector256<int> bOdd) => Srdhm(a, b, bOdd, Vector256.Create(1L << 30));

    /// <summary>As above with the rounding nudge (2^30 in every int64 lane) held by the caller, e.g. in a register across a loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Srdhm(Vector256<int> a, Vector256<int> b, Vector256<int> bOdd, Vector256<long> nudge)
    {
        Vector256<long> even = Avx2.Multiply(a, b) + nudge;
        Vector256<long> odd = Avx2.Multiply(OddLanes(a), bOdd) + nudge;
        // bits 31..62 of each product: low dword of (even >> 31), high dword of (odd << 1)
        Vector256<int> lo = Avx2.ShiftRightLogical(even, 31).AsInt32();
        Vector256<int> hi = Avx2.ShiftLeftLogical(odd, 1).AsInt32();
        return Avx2.Blend(lo, hi, 0b1010_1010);
    }

    /// <summary>Rounding arithmetic right shift by the per-lane exponent; mask = 2^e - 1, half = mask &gt;&gt; 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> RoundingDivideByPot(Vector256<int> x, Vector256<uint> exponent, Vector256<int> mask, Vector256<int> half)
    {
        Vector256<int> remainder = x & mask;
        Vector256<int> threshold = half - Avx2.ShiftRightArithmetic(x, 31);
        return Avx2.ShiftRightArithmeticVariable(x, exponent) - Avx2.CompareGreaterThan(remainder, threshold);
    }

    /// <summary>MultiplyByQuantizedMultiplier(x, m, shift) + offset, clamped to [min, max], with per-lane parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Requantize(Vector256<int> x, Vector256<int> multiplier, Vector256<uint> leftShift, Vector256<uint> rightShift,
        Vector256<int> mask, Vector256<int> half, Vector256<int> offset, Vector256<int> min, Vector256<int> max)
    {
        x = Srdhm(Avx2.ShiftLeftLogicalVariable(x, leftShift), multiplier);
        x = RoundingDivideByPot(x, rightShift, mask, half) + offset;
        return Vector256.Min(Vector256.Max(x, min), max);
    }

    /// <summary>
    /// MultiplyByQuantizedMultiplier by one (multiplier, TFLite shift) pair, plus an offset, clamped: the lanes of
    /// <see cref="Requantize"/> held ready for a loop (an element-wise operator's output stage).
    /// </summary>
    public readonly struct Stage
    {
        private readonly Vector256<int> _m, _mask, _half, _offset, _min, _max;
        private readonly Vector256<uint> _left, _right;

        public Stage(int multiplier, int shift, int offset, int min, int max)
        {
            int right = Math.Max(-shift, 0);
            _m = Vector256.Create(multiplier);
            _left = Vector256.Create((uint)Math.Max(shift, 0));
            _right = Vector256.Create((uint)right);
            _mask = Vector256.Create((int)((1L << right) - 1));
            _half = _mask >> 1;
            _offset = Vector256.Create(offset);
            _min = Vector256.Create(min);
            _max = Vector256.Create(max);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Apply(Vector256<int> x) => Requantize(x, _m, _left, _right, _mask, _half, _offset, _min, _max);
    }

    /// <summary>Truncating narrow of 16 int32 lanes (already in int8 range) to bytes, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> NarrowToInt8(Vector256<int> lo, Vector256<int> hi)
    {
        if (Avx512F.VL.IsSupported)
        {
            // vpmovdb truncates 8 lanes into the low 8 bytes; one unpack joins the two halves.
            return Sse2.UnpackLow(Avx512F.VL.ConvertToVector128SByte(lo).AsInt64(), Avx512F.VL.ConvertToVector128SByte(hi).AsInt64()).AsSByte();
        }
        Vector256<short> s = Vector256.Narrow(lo, hi);
        return Vector128.Narrow(s.GetLower(), s.GetUpper());
    }
}
