using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// int8 / uint8 ADD and SUB (general path) on 16 int32 lanes (AVX-512F) for same-shape operands and a scalar operand on
/// either side; other broadcasts stay on <see cref="QuantizedVectorDriver8"/>. The arithmetic is
/// <see cref="AddSubVector"/>'s (and so <see cref="Ref.AddQuantized.Operator"/>'s) lane for lane: each input
/// ((offset + x) &lt;&lt; LeftShift), SRDHM by its multiplier, rounding right shift; the sum or difference through
/// MultiplyByQuantizedMultiplier, output offset, clamp. SRDHM as in <see cref="Gemm.VectorRequantize"/>: even and odd
/// lanes' int64 products (vpmuldq), + 2^30, bits 31..62; multipliers of int.MinValue never reach it (the caller's
/// <see cref="AddQuantized.VectorSupported"/>).
/// <para>Two shortcuts, both exact: where (offset + x) &lt;&lt; LeftShift cannot overflow (always for 8-bit TFLite
/// parameters, LeftShift 20) the input SRDHM runs in 32 bits (<see cref="RescaleSplit"/>); and a scalar-operand run of at
/// least <see cref="LookupThreshold"/> elements computes the 256 possible outputs once with these lanes and maps bytes
/// through them (vpermi2b, AVX-512 VBMI; <see cref="ScalarLookup"/>).</para>
/// <para>Measured on AMD EPYC (Zen 4, 512-bit ops double-pumped): the plain 16-lane pipeline alone is no faster than the
/// 8-lane one; per-node int32 tables of the rescaled inputs read by vpgatherdd were slower (0.38 vs 0.33 ms on
/// [1,80,80,64]) and are not used.</para>
/// </summary>
internal static class AddSubVector512
{
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// Runs the operation when the plan is same-shape or has a scalar operand; false (nothing written) otherwise.
    /// <typeparamref name="TLoad"/> is <see cref="SignedWiden8"/> (int8) or <see cref="UnsignedWiden8"/> (uint8).
    /// </summary>
    public static bool TryRun<TLoad>(in QuantizedAddSubParams p, bool subtract, BroadcastPlan plan, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TLoad : struct, IWiden8
    {
        if (plan.Kind is not (BroadcastKind.SameShape or BroadcastKind.ScalarA or BroadcastKind.ScalarB)) return false;
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (y.Length == 0) return true;
        bool signed = typeof(TLoad) == typeof(SignedWiden8);
        var c = new Constants(p, signed ? sbyte.MinValue : byte.MinValue, signed ? sbyte.MaxValue : byte.MaxValue);
        if (subtract) Dispatch<TLoad, Difference>(c, plan.Kind, a, b, y);
        else Dispatch<TLoad, Sum>(c, plan.Kind, a, b, y);
        return true;
    }

    private static void Dispatch<TLoad, TCombine>(in Constants c, BroadcastKind kind, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TLoad : struct, IWiden8 where TCombine : struct, ICombine
    {
        switch (kind)
        {
            case BroadcastKind.SameShape:
                if (c.Split) SameShape<TLoad, TCombine, SplitRescale>(c, a, b, y);
                else SameShape<TLoad, TCombine, FullRescale>(c, a, b, y);
                break;
            case BroadcastKind.ScalarA: ScalarOperand<TLoad, TCombine>(c, c.RescaleScalar(TLoad.Value(a[0]), left: true), b, y, scalarIsLeft: true); break;
            default: ScalarOperand<TLoad, TCombine>(c, c.RescaleScalar(TLoad.Value(b[0]), left: false), a, y, scalarIsLeft: false); break;
        }
    }

    /// <summary>Sum (ADD) or difference (SUB) of the rescaled inputs, chosen at JIT time.</summary>
    private interface ICombine { static abstract Vector512<int> Apply(Vector512<int> left, Vector512<int> right); }
    private struct Sum : ICombine { public static Vector512<int> Apply(Vector512<int> left, Vector512<int> right) => left + right; }
    private struct Difference : ICombine { public static Vector512<int> Apply(Vector512<int> left, Vector512<int> right) => left - right; }

    /// <summary>Which form of the input SRDHM a loop uses, chosen at JIT time: <see cref="Rescale"/> or <see cref="RescaleSplit"/>.</summary>
    private interface IRescaleForm { static abstract bool Split { get; } }
    private struct FullRescale : IRescaleForm { public static bool Split => false; }
    private struct SplitRescale : IRescaleForm { public static bool Split => true; }

    /// <summary>
    /// The node's parameters as lanes. The loops copy every field into a local first so that the JIT keeps them all in
    /// zmm registers (a struct this wide is not promoted, and its fields would be reloaded every iteration).
    /// </summary>
    private readonly struct Constants
    {
        public readonly Vector512<int> Off1, Off2, M1, M2, M1Odd, M2Odd, Mask1, Mask2, Half1, Half2;
        public readonly Vector512<int> Mo, MoOdd, MaskO, HalfO, OffO, Min, Max;
        public readonly Vector128<int> LeftShift, E1, E2, OutLeft, OutRight;
        /// <summary>
        /// Split form of the input SRDHM (<see cref="RescaleSplit"/>): m = Mh * 2^k + Ml with k = 31 - LeftShift, Round = 2^(k-1).
        /// <see cref="Split"/> is true where it is exact for every byte of the type.
        /// </summary>
        public readonly Vector512<int> M1h, M1l, M2h, M2l, Round;
        public readonly Vector128<int> K;
        public readonly bool Split;

        public Constants(in QuantizedAddSubParams p, int qmin, int qmax)
        {
            int L = p.LeftShift, k = 31 - L;
            long maxV = Math.Max(Math.Max(Math.Abs((long)p.Input1Offset + qmin), Math.Abs((long)p.Input1Offset + qmax)),
                Math.Max(Math.Abs((long)p.Input2Offset + qmin), Math.Abs((long)p.Input2Offset + qmax)));
            Split = L is >= 1 and <= 30 && p.Input1Multiplier >= 0 && p.Input2Multiplier >= 0 && (maxV << L) <= int.MaxValue;
            if (Split)
            {
                M1h = Vector512.Create(p.Input1Multiplier >> k);
                M1l = Vector512.Create(p.Input1Multiplier & ((1 << k) - 1));
                M2h = Vector512.Create(p.Input2Multiplier >> k);
                M2l = Vector512.Create(p.Input2Multiplier & ((1 << k) - 1));
                Round = Vector512.Create(1 << (k - 1));
                K = Vector128.CreateScalar(k);
            }
            LeftShift = Vector128.CreateScalar(p.LeftShift);
            Off1 = Vector512.Create(p.Input1Offset);
            Off2 = Vector512.Create(p.Input2Offset);
            M1 = Vector512.Create(p.Input1Multiplier);
            M2 = Vector512.Create(p.Input2Multiplier);
            M1Odd = OddLanes(M1);
            M2Odd = OddLanes(M2);
            E1 = Vector128.CreateScalar(-p.Input1Shift);
            E2 = Vector128.CreateScalar(-p.Input2Shift);
            Mask1 = Vector512.Create((int)((1L << -p.Input1Shift) - 1));
            Mask2 = Vector512.Create((int)((1L << -p.Input2Shift) - 1));
            Half1 = Mask1 >> 1;
            Half2 = Mask2 >> 1;
            int outRight = Math.Max(-p.OutputShift, 0);
            OutLeft = Vector128.CreateScalar(Math.Max(p.OutputShift, 0));
            OutRight = Vector128.CreateScalar(outRight);
            Mo = Vector512.Create(p.OutputMultiplier);
            MoOdd = OddLanes(Mo);
            MaskO = Vector512.Create((int)((1L << outRight) - 1));
            HalfO = MaskO >> 1;
            OffO = Vector512.Create(p.OutputOffset);
            Min = Vector512.Create(p.ActivationMin);
            Max = Vector512.Create(p.ActivationMax);
        }

        /// <summary>A broadcast scalar's rescaled value in every lane.</summary>
        public Vector512<int> RescaleScalar(int v, bool left) => left
            ? Rescale(Vector512.Create(v), Off1, LeftShift, M1, M1Odd, Nudge, OddSelect, E1, Mask1, Half1)
            : Rescale(Vector512.Create(v), Off2, LeftShift, M2, M2Odd, Nudge, OddSelect, E2, Mask2, Half2);
    }

    private static Vector512<long> Nudge => Vector512.Create(1L << 30);
    private static Vector512<int> OddSelect => Vector512.Create(unchecked((long)0xFFFF_FFFF_0000_0000)).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> OddLanes(Vector512<int> v) => Avx512F.ShiftRightLogical(v.AsInt64(), 32).AsInt32();

    /// <summary>SaturatingRoundingDoublingHighMul for b != int.MinValue; bOdd = OddLanes(b), nudge = 2^30 per int64 lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Srdhm(Vector512<int> a, Vector512<int> b, Vector512<int> bOdd, Vector512<long> nudge, Vector512<int> oddSelect)
    {
        Vector512<long> even = Avx512F.Multiply(a, b) + nudge;
        Vector512<long> odd = Avx512F.Multiply(OddLanes(a), bOdd) + nudge;
        // bits 31..62 of each product: low dword of (even >> 31), high dword of (odd << 1)
        Vector512<int> lo = Avx512F.ShiftRightLogical(even, 31).AsInt32();
        Vector512<int> hi = Avx512F.ShiftLeftLogical(odd, 1).AsInt32();
        return Vector512.ConditionalSelect(oddSelect, hi, lo);
    }

    /// <summary>Rounding arithmetic right shift by e (0..31, in the low dword of <paramref name="e"/>); mask = 2^e - 1, half = mask &gt;&gt; 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> RoundingDivideByPot(Vector512<int> x, Vector128<int> e, Vector512<int> mask, Vector512<int> half)
    {
        Vector512<int> remainder = x & mask;
        Vector512<int> threshold = half - Avx512F.ShiftRightArithmetic(x, 31);
        return Avx512F.ShiftRightArithmetic(x, e) - Vector512.GreaterThan(remainder, threshold);
    }

    /// <summary>One input: ((offset + x) &lt;&lt; leftShift), SRDHM, rounding right shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Rescale(Vector512<int> x, Vector512<int> off, Vector128<int> leftShift, Vector512<int> m, Vector512<int> mOdd,
        Vector512<long> nudge, Vector512<int> oddSelect, Vector128<int> e, Vector512<int> mask, Vector512<int> half) =>
        RoundingDivideByPot(Srdhm(Avx512F.ShiftLeftLogical(x + off, leftShift), m, mOdd, nudge, oddSelect), e, mask, half);

    /// <summary>
    /// <see cref="Rescale"/> in 32 bits where (offset + x) &lt;&lt; L does not overflow, L in 1..30, m &gt;= 0: with v = offset + x
    /// and k = 31 - L, SRDHM(v * 2^L, m) = floor((v * m * 2^L + 2^30) / 2^31) = floor((v * m + 2^(k-1)) / 2^k), and with
    /// m = mh * 2^k + ml that is v * mh + ((v * ml + 2^(k-1)) &gt;&gt; k) exactly (v * mh is a multiple of 2^k out of the floor;
    /// |v * mh| &lt; |v| * 2^L fits int32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> RescaleSplit(Vector512<int> x, Vector512<int> off, Vector512<int> mh, Vector512<int> ml, Vector512<int> round,
        Vector128<int> k, Vector128<int> e, Vector512<int> mask, Vector512<int> half)
    {
        Vector512<int> v = x + off;
        Vector512<int> srdhm = v * mh + Avx512F.ShiftRightArithmetic(v * ml + round, k);
        return RoundingDivideByPot(srdhm, e, mask, half);
    }

    /// <summary>MultiplyByQuantizedMultiplier(x, output multiplier, output shift) + output offset, clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Output(Vector512<int> x, Vector128<int> left, Vector512<int> m, Vector512<int> mOdd, Vector512<long> nudge,
        Vector512<int> oddSelect, Vector128<int> right, Vector512<int> mask, Vector512<int> half, Vector512<int> off, Vector512<int> min, Vector512<int> max)
    {
        x = Srdhm(Avx512F.ShiftLeftLogical(x, left), m, mOdd, nudge, oddSelect);
        x = RoundingDivideByPot(x, right, mask, half) + off;
        return Vector512.Min(Vector512.Max(x, min), max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Load16<TLoad>(ref byte src) where TLoad : struct, IWiden8
    {
        Vector128<byte> v = Vector128.LoadUnsafe(ref src);
        return typeof(TLoad) == typeof(SignedWiden8) ? Avx512F.ConvertToVector512Int32(v.AsSByte()) : Avx512F.ConvertToVector512Int32(v);
    }

    /// <summary>16 lanes already in the 8-bit range, truncated to bytes (vpmovdb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Narrow16(Vector512<int> v) => Avx512F.ConvertToVector128Byte(v);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SameShape<TLoad, TCombine, TForm>(in Constants c, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> y)
        where TLoad : struct, IWiden8 where TCombine : struct, ICombine where TForm : struct, IRescaleForm
    {
        Vector512<int> m1h = c.M1h, m1l = c.M1l, m2h = c.M2h, m2l = c.M2l, round = c.Round;
        Vector128<int> k = c.K;
        Vector512<int> off1 = c.Off1, off2 = c.Off2, m1 = c.M1, m2 = c.M2, m1Odd = c.M1Odd, m2Odd = c.M2Odd;
        Vector512<int> mask1 = c.Mask1, mask2 = c.Mask2, half1 = c.Half1, half2 = c.Half2;
        Vector512<int> mo = c.Mo, moOdd = c.MoOdd, maskO = c.MaskO, halfO = c.HalfO, offO = c.OffO, min = c.Min, max = c.Max;
        Vector128<int> ls = c.LeftShift, e1 = c.E1, e2 = c.E2, oL = c.OutLeft, oR = c.OutRight;
        Vector512<long> nudge = Nudge;
        Vector512<int> sel = OddSelect;
        ref byte ra = ref MemoryMarshal.GetReference(a);
        ref byte rb = ref MemoryMarshal.GetReference(b);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        Vector128<byte> ta = default, tb = default;
        while (true)
        {
            Vector512<int> xa, xb;
            bool tail = i > n - 16;
            if (!tail)
            {
                xa = Load16<TLoad>(ref Unsafe.Add(ref ra, i));
                xb = Load16<TLoad>(ref Unsafe.Add(ref rb, i));
            }
            else
            {
                if (i >= n) return;
                // The last n - i < 16 elements through 16-byte locals: every input byte is read before any output byte is
                // written, so an output aliasing an input stays correct.
                a[i..].CopyTo(MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref ta)));
                b[i..].CopyTo(MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref tb)));
                xa = Load16<TLoad>(ref Unsafe.As<Vector128<byte>, byte>(ref ta));
                xb = Load16<TLoad>(ref Unsafe.As<Vector128<byte>, byte>(ref tb));
            }
            Vector512<int> l = TForm.Split ? RescaleSplit(xa, off1, m1h, m1l, round, k, e1, mask1, half1) : Rescale(xa, off1, ls, m1, m1Odd, nudge, sel, e1, mask1, half1);
            Vector512<int> r = TForm.Split ? RescaleSplit(xb, off2, m2h, m2l, round, k, e2, mask2, half2) : Rescale(xb, off2, ls, m2, m2Odd, nudge, sel, e2, mask2, half2);
            Vector128<byte> q = Narrow16(Output(TCombine.Apply(l, r), oL, mo, moOdd, nudge, sel, oR, maskO, halfO, offO, min, max));
            if (!tail) q.StoreUnsafe(ref ry, (nuint)i);
            else
            {
                MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref q))[..(n - i)].CopyTo(y[i..]);
                return;
            }
            i += 16;
        }
    }

    /// <summary>One operand a broadcast scalar, already rescaled (<paramref name="fixedSide"/>); <paramref name="v"/> the other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar<TLoad, TCombine>(in Constants c, Vector512<int> fixedSide, ReadOnlySpan<byte> v, Span<byte> y, bool scalarIsLeft)
        where TLoad : struct, IWiden8 where TCombine : struct, ICombine
    {
        Vector512<int> off = scalarIsLeft ? c.Off2 : c.Off1, m = scalarIsLeft ? c.M2 : c.M1, mOdd = scalarIsLeft ? c.M2Odd : c.M1Odd;
        Vector512<int> mask = scalarIsLeft ? c.Mask2 : c.Mask1, half = scalarIsLeft ? c.Half2 : c.Half1;
        Vector128<int> e = scalarIsLeft ? c.E2 : c.E1;
        Vector512<int> mo = c.Mo, moOdd = c.MoOdd, maskO = c.MaskO, halfO = c.HalfO, offO = c.OffO, min = c.Min, max = c.Max;
        Vector128<int> ls = c.LeftShift, oL = c.OutLeft, oR = c.OutRight;
        Vector512<long> nudge = Nudge;
        Vector512<int> sel = OddSelect;
        ref byte rv = ref MemoryMarshal.GetReference(v);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        Vector128<byte> t = default;
        while (true)
        {
            Vector512<int> x;
            bool tail = i > n - 16;
            if (!tail) x = Load16<TLoad>(ref Unsafe.Add(ref rv, i));
            else
            {
                if (i >= n) return;
                v[i..].CopyTo(MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref t)));
                x = Load16<TLoad>(ref Unsafe.As<Vector128<byte>, byte>(ref t));
            }
            Vector512<int> s = Rescale(x, off, ls, m, mOdd, nudge, sel, e, mask, half);
            Vector512<int> sum = scalarIsLeft ? TCombine.Apply(fixedSide, s) : TCombine.Apply(s, fixedSide);
            Vector128<byte> q = Narrow16(Output(sum, oL, mo, moOdd, nudge, sel, oR, maskO, halfO, offO, min, max));
            if (!tail) q.StoreUnsafe(ref ry, (nuint)i);
            else
            {
                MemoryMarshal.AsBytes(new Span<Vector128<byte>>(ref q))[..(n - i)].CopyTo(y[i..]);
                return;
            }
            i += 16;
        }
    }

    /// <summary>From this many elements on, a scalar-operand run tabulates its 256 possible outputs and looks them up (vpermi2b).</summary>
    internal const int LookupThreshold = 256;

    private static void ScalarOperand<TLoad, TCombine>(in Constants c, Vector512<int> fixedSide, ReadOnlySpan<byte> v, Span<byte> y, bool scalarIsLeft)
        where TLoad : struct, IWiden8 where TCombine : struct, ICombine
    {
        if (y.Length >= LookupThreshold && Avx512Vbmi.IsSupported) ScalarLookup<TLoad, TCombine>(c, fixedSide, v, y, scalarIsLeft);
        else Scalar<TLoad, TCombine>(c, fixedSide, v, y, scalarIsLeft);
    }

    /// <summary>
    /// With one operand fixed, the output is a function of the other operand's byte alone: its 256 values are computed by
    /// <see cref="Scalar"/>'s own lanes (so bit-exact by construction) into a table indexed by the raw byte, which then maps
    /// 64 elements at a time with two vpermi2b (128 entries each) and a select on the index's top bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarLookup<TLoad, TCombine>(in Constants c, Vector512<int> fixedSide, ReadOnlySpan<byte> v, Span<byte> y, bool scalarIsLeft)
        where TLoad : struct, IWiden8 where TCombine : struct, ICombine
    {
        Span<byte> bytes = stackalloc byte[256];
        for (int k = 0; k < 256; k++) bytes[k] = (byte)k;
        Span<byte> table = stackalloc byte[256];
        Scalar<TLoad, TCombine>(c, fixedSide, bytes, table, scalarIsLeft);
        ref byte rt = ref MemoryMarshal.GetReference(table);
        Vector512<byte> t0 = Vector512.LoadUnsafe(ref rt, 0), t1 = Vector512.LoadUnsafe(ref rt, 64);
        Vector512<byte> t2 = Vector512.LoadUnsafe(ref rt, 128), t3 = Vector512.LoadUnsafe(ref rt, 192);
        ref byte rv = ref MemoryMarshal.GetReference(v);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        for (; i <= n - 64; i += 64)
            Lookup(Vector512.LoadUnsafe(ref rv, (nuint)i), t0, t1, t2, t3).StoreUnsafe(ref ry, (nuint)i);
        if (i < n)
        {
            // the last n - i < 64 elements through a local: read before written, so in-place stays correct
            Vector512<byte> t = default;
            v[i..].CopyTo(MemoryMarshal.AsBytes(new Span<Vector512<byte>>(ref t)));
            Vector512<byte> q = Lookup(t, t0, t1, t2, t3);
            MemoryMarshal.AsBytes(new Span<Vector512<byte>>(ref q))[..(n - i)].CopyTo(y[i..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Lookup(Vector512<byte> idx, Vector512<byte> t0, Vector512<byte> t1, Vector512<byte> t2, Vector512<byte> t3)
    {
        Vector512<byte> low = Avx512Vbmi.PermuteVar64x8x2(t0, idx, t1);
        Vector512<byte> high = Avx512Vbmi.PermuteVar64x8x2(t2, idx, t3);
        return Vector512.ConditionalSelect(Vector512.LessThan(idx.AsSByte(), Vector512<sbyte>.Zero).AsByte(), high, low);
    }
}
