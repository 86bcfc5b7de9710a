using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// Vectorized <see cref="HybridQuantization.Symmetric"/> and <see cref="HybridQuantization.Asymmetric"/>, same
/// signatures and bit-identical scales, zero points and quantized values (the reference runs one scalar
/// <c>MathF.Round</c> per element and dominated the dynamic-range convolutions once their arithmetic was vectorized).
/// <list type="bullet">
/// <item>The range pass takes vector minima and maxima (equal as numbers to the scalar loop's when no value is NaN);
/// the scale and zero point are then computed by the same scalar code as the reference.</item>
/// <item>Each element is scaled by the same float operations (<c>x * inv</c>, or <c>zp + x * inv</c>; no fused
/// multiply-add), clamped to the int8 bounds (exact before rounding, since the bounds are integers), rounded half away
/// from zero exactly: r = trunc(t), plus sign(t) when |t - r| &gt;= 0.5 (t - trunc(t) is exact in float), and packed
/// to int8 (or, for the int16 kernels, offset by -zp and packed to int16).</item>
/// </list>
/// Inputs with a NaN, or a range or inverse scale that is not finite, use the reference (its scalar semantics for those
/// cases are the specification).
/// </summary>
public static class HybridQuantizationVector
{
    /// <summary>As <see cref="HybridQuantization.Symmetric"/>.</summary>
    public static float Symmetric(ReadOnlySpan<float> values, Span<sbyte> quantized)
    {
        if (!Avx2.IsSupported || values.Length < 32 || !Range(values, out float min, out float max))
            return HybridQuantization.Symmetric(values, quantized);
        quantized = quantized[..values.Length];
        float range = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        if (range == 0)
        {
            quantized.Clear();
            return 1f;
        }
        float scaleInv = 127f / range;
        if (!float.IsFinite(range) || !float.IsFinite(scaleInv)) return HybridQuantization.Symmetric(values, quantized);
        Quantize(values, quantized, scaleInv, 0f, -127f, 127f, offset: false);
        return range / 127f;
    }

    /// <summary>As <see cref="HybridQuantization.Asymmetric"/>.</summary>
    public static float Asymmetric(ReadOnlySpan<float> values, Span<sbyte> quantized, out int offset)
    {
        if (!TryAsymmetricParameters(values, out float scale, out float scaleInv, out offset))
            return HybridQuantization.Asymmetric(values, quantized, out offset);
        quantized = quantized[..values.Length];
        Quantize(values, quantized, scaleInv, offset, -128f, 127f, offset: true);
        return scale;
    }

    /// <summary>
    /// The scale, inverse scale and zero point <see cref="HybridQuantization.Asymmetric"/> would use, computed by the same
    /// operations; false where the vector path does not apply (short input, NaN, infinite range or inverse), so the
    /// caller uses the reference. An all-zero input gives scale 1, zero point 0 and inverse 0 (every q is then 0, as the
    /// reference's cleared output).
    /// </summary>
    internal static bool TryAsymmetricParameters(ReadOnlySpan<float> values, out float scale, out float scaleInv, out int zeroPoint)
    {
        scale = 1f;
        scaleInv = 0f;
        zeroPoint = 0;
        if (!Avx2.IsSupported || values.Length < 32 || !Range(values, out float minV, out float maxV)) return false;
        if (!float.IsFinite(minV) || !float.IsFinite(maxV)) return false;
        // the reference's scale and zero point, operation for operation
        double rmin = Math.Min(0f, minV);
        double rmax = Math.Max(0f, maxV);
        if (rmin == rmax) return true;
        const double qmin = -128, qmax = 127;
        double scaleD = (rmax - rmin) / (qmax - qmin);
        double zpFromMin = qmin - rmin / scaleD;
        double zpFromMax = qmax - rmax / scaleD;
        double zpFromMinError = Math.Abs(qmin) + Math.Abs(rmin / scaleD);
        double zpFromMaxError = Math.Abs(qmax) + Math.Abs(rmax / scaleD);
        double zp = zpFromMinError < zpFromMaxError ? zpFromMin : zpFromMax;
        int nudged;
        if (zp <= qmin) nudged = -128;
        else if (zp >= qmax) nudged = 127;
        else nudged = (sbyte)Math.Round(zp, MidpointRounding.AwayFromZero);
        scale = (float)scaleD;
        scaleInv = 1.0f / scale;
        zeroPoint = nudged;
        return float.IsFinite(scaleInv);
    }

    /// <summary>
    /// dst[i] = q[i] - zeroPoint with q the asymmetric quantization of <paramref name="values"/> under the parameters of
    /// <see cref="TryAsymmetricParameters"/>: the widened, offset activations of the int16 kernels in one pass.
    /// </summary>
    internal static void QuantizeOffsetInt16(ReadOnlySpan<float> values, Span<short> dst, float scaleInv, int zeroPoint)
    {
        if (dst.Length < values.Length) throw new ArgumentException($"destination has {dst.Length} elements, expected {values.Length}");
        ref float x = ref MemoryMarshal.GetReference(values);
        ref short d = ref MemoryMarshal.GetReference(dst);
        int n = values.Length, i = 0;
        Vector256<float> inv = Vector256.Create(scaleInv), zp = Vector256.Create((float)zeroPoint);
        Vector256<float> vlo = Vector256.Create(-128f), vhi = Vector256.Create(127f);
        Vector256<short> zp16 = Vector256.Create((short)zeroPoint);
        for (; i <= n - 16; i += 16)
        {
            Vector256<int> a = Round(Vector256.LoadUnsafe(ref x, (nuint)i), inv, zp, vlo, vhi, true);
            Vector256<int> b = Round(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), inv, zp, vlo, vhi, true);
            (PackToInt16(a, b) - zp16).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++)
        {
            int r = (int)MathF.Round(zeroPoint + Unsafe.Add(ref x, i) * scaleInv, MidpointRounding.AwayFromZero);
            Unsafe.Add(ref d, i) = (short)(Math.Clamp(r, -128, 127) - zeroPoint);
        }
    }

    /// <summary>Minimum and maximum; false when some value is NaN.</summary>
    private static bool Range(ReadOnlySpan<float> values, out float min, out float max)
    {
        ref float x = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector256<float> vmin = Vector256.Create(float.PositiveInfinity), vmax = Vector256.Create(float.NegativeInfinity);
        Vector256<float> vmin2 = vmin, vmax2 = vmax;
        Vector256<float> ordered = Vector256<float>.AllBitsSet;
        for (; i <= n - 16; i += 16)
        {
            Vector256<float> a = Vector256.LoadUnsafe(ref x, (nuint)i), b = Vector256.LoadUnsafe(ref x, (nuint)(i + 8));
            ordered &= Vector256.Equals(a, a) & Vector256.Equals(b, b);
            vmin = Vector256.Min(vmin, a); vmax = Vector256.Max(vmax, a);
            vmin2 = Vector256.Min(vmin2, b); vmax2 = Vector256.Max(vmax2, b);
        }
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> a = Vector256.LoadUnsafe(ref x, (nuint)i);
            ordered &= Vector256.Equals(a, a);
            vmin = Vector256.Min(vmin, a); vmax = Vector256.Max(vmax, a);
        }
        min = float.PositiveInfinity;
        max = float.NegativeInfinity;
        if (ordered.AsInt32() != Vector256<int>.AllBitsSet) return false; // compare bits: AllBitsSet is a NaN as float
        vmin = Vector256.Min(vmin, vmin2);
        vmax = Vector256.Max(vmax, vmax2);
        for (int l = 0; l < 8; l++)
        {
            min = Math.Min(min, vmin[l]);
            max = Math.Max(max, vmax[l]);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref x, i);
            if (float.IsNaN(v)) return false;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return true;
    }

    /// <summary>q = clamp(round_away(offset ? zp + x * inv : x * inv), lo, hi), 32 values per step, scalar tail.</summary>
    private static void Quantize(ReadOnlySpan<float> values, Span<sbyte> quantized, float scaleInv, float zeroPoint, float lo, float hi, bool offset)
    {
        ref float x = ref MemoryMarshal.GetReference(values);
        ref sbyte q = ref MemoryMarshal.GetReference(quantized);
        int n = values.Length, i = 0;
        Vector256<float> inv = Vector256.Create(scaleInv), zp = Vector256.Create(zeroPoint);
        Vector256<float> vlo = Vector256.Create(lo), vhi = Vector256.Create(hi);
        for (; i <= n - 32; i += 32)
        {
            Vector256<int> a = Round(Vector256.LoadUnsafe(ref x, (nuint)i), inv, zp, vlo, vhi, offset);
            Vector256<int> b = Round(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), inv, zp, vlo, vhi, offset);
            Vector256<int> c = Round(Vector256.LoadUnsafe(ref x, (nuint)(i + 16)), inv, zp, vlo, vhi, offset);
            Vector256<int> d = Round(Vector256.LoadUnsafe(ref x, (nuint)(i + 24)), inv, zp, vlo, vhi, offset);
            PackToInt8(a, b, c, d).StoreUnsafe(ref q, (nuint)i);
        }
        int ilo = (int)lo, ihi = (int)hi;
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref x, i);
            int r = (int)MathF.Round(offset ? zeroPoint + v * scaleInv : v * scaleInv, MidpointRounding.AwayFromZero);
            Unsafe.Add(ref q, i) = (sbyte)Math.Clamp(r, ilo, ihi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Round(Vector256<float> x, Vector256<float> inv, Vector256<float> zp, Vector256<float> lo, Vector256<float> hi, bool offset)
    {
        Vector256<float> t = x * inv;
        if (offset) t = zp + t;
        // clamping before rounding is exact (the bounds are integers), and leaves t in int range for the plain conversion
        t = Vector256.MinNative(Vector256.MaxNative(t, lo), hi);
        Vector256<float> r = Vector256.Truncate(t);
        Vector256<float> half = Vector256.GreaterThanOrEqual(Vector256.Abs(t - r), Vector256.Create(0.5f));
        Vector256<float> step = (Vector256.Create(1f).AsInt32() | (t.AsInt32() & Vector256.Create(int.MinValue))).AsSingle();
        r += half & step;
        return Vector256.ConvertToInt32Native(r);
    }

    /// <summary>Four int32 vectors (values in int8 range) to 32 int8 in order: two saturating packs and one lane fix-up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> PackToInt8(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        Vector256<sbyte> packed = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d));
        return Avx2.PermuteVar8x32(packed.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsSByte();
    }

    /// <summary>Two int32 vectors (values in int16 range) to 16 int16 in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> PackToInt16(Vector256<int> a, Vector256<int> b) =>
        Avx2.Permute4x64(Avx2.PackSignedSaturate(a, b).AsInt64(), 0b11_01_10_00).AsInt16();
}
