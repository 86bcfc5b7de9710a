using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference.Quantized;
using RefPool = ManagedLite.Kernels.Reference.Quantized.AveragePool2DQuantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// AVERAGE_POOL_2D for int8, uint8 and int16, bit for bit <see cref="RefPool"/>'s results: the window clipped to the
/// image is summed in exact integers, then divided by the clipped tap count rounding half away from zero and clamped.
/// Channels go 32 (8-bit) or 16 (int16) at a time in 256-bit vectors, the last block overlapping the previous one so that
/// it ends at the last channel; fewer channels than one block run scalar. 8-bit taps are summed in 16-bit lanes (uint8
/// as unsigned), at most <see cref="Chunk8"/> taps before they are added into 32-bit lanes; int16 taps in 32-bit lanes.
/// <para>
/// The division: with <c>acc</c> the sum and <c>n</c> the count, the reference's
/// <c>acc &gt; 0 ? (acc + n/2) / n : (acc - n/2) / n</c> (C truncating division) equals
/// <c>trunc((acc ± (n/2 + 0.5)) * fl(1/n))</c> in float32, sign + when <c>acc &gt; 0</c>. Why: <c>m = acc ± (n/2 + 0.5)</c> is a
/// half-integer, exact in float32 while |m| &lt; 2^23, and <c>m/n</c> lies at least <c>0.5/n</c> from every integer (its
/// remainder mod n is a half-integer in [0.5, n - 0.5]). The computed <c>fl(m * fl(1/n))</c> has relative error below
/// 2^-23 + 2^-48, so an absolute error below <c>0.5/n</c> whenever |m| &lt; 2^22: it truncates to the same integer.
/// Here |m| &lt;= (maxAbs + 1) * n with maxAbs the largest |element| (128, 255, 32768), so the float path runs while that
/// is below 2^22 (any 8-bit window of fewer than 16 384 taps, int16 windows of up to 127 taps); larger windows divide
/// each lane with integer division, as the reference.
/// </para>
/// Output rows (of the Batches x OutputHeight rows) can be split across threads. No allocation.
/// </summary>
public static class AveragePool2DQuantized
{
    /// <summary>Taps a 16-bit lane sums without overflow: 256 * -128 and 256 * 255 (as unsigned 16-bit) fit.</summary>
    private const int Chunk8 = 256;

    /// <summary>Bound on |acc ± (n/2 + 0.5)| below which the float division is exact (see the class remarks).</summary>
    private const long FloatExactLimit = 1 << 22;

    /// <summary>Channels the scalar path sums at once (a stack buffer).</summary>
    private const int ScalarBlock = 32;

    /// <summary>int8. Returns false (output incomplete) when a window has no in-image tap, as the reference does.</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    /// <summary>uint8.</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    /// <summary>int16.</summary>
    public static bool Run(in QuantizedPoolParams p, ReadOnlySpan<short> input, Span<short> output) => RunRows(p, input, output, 0, p.Batches * p.OutputHeight);

    /// <summary>int8 output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>); disjoint ranges may run at once.</summary>
    public static bool RunRows(in QuantizedPoolParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output, int rowStart, int rowEnd) =>
        Rows8<sbyte>(p, MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(output), rowStart, rowEnd);

    /// <summary>uint8 output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    public static bool RunRows(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output, int rowStart, int rowEnd) =>
        Rows8<byte>(p, input, output, rowStart, rowEnd);

    /// <summary>int16 output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    public static bool RunRows(in QuantizedPoolParams p, ReadOnlySpan<short> input, Span<short> output, int rowStart, int rowEnd)
    {
        Check(p, input.Length, output.Length, rowStart, rowEnd);
        int depth = p.Depth;
        if (depth == 0) return true;
        ref short inRef = ref MemoryMarshal.GetReference(input);
        ref short outRef = ref MemoryMarshal.GetReference(output);
        Span<int> lanes = stackalloc int[ScalarBlock];
        int rowStride = p.InputWidth * depth;
        bool vector = Vector256.IsHardwareAccelerated && depth >= 16;
        var vmin = Vector256.Create(p.ActivationMin);
        var vmax = Vector256.Create(p.ActivationMax);
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
            for (int ox = 0; ox < p.OutputWidth; ox++)
            {
                RefPool.Window(p, oy, ox, out int yStart, out int yEnd, out int xStart, out int xEnd, out int inY0, out int inX0);
                int fh = yEnd - yStart, fw = xEnd - xStart;
                if (fh <= 0 || fw <= 0) return false;
                int count = fh * fw;
                ref short src = ref Unsafe.Add(ref inRef, ((b * p.InputHeight + inY0 + yStart) * p.InputWidth + inX0 + xStart) * depth);
                ref short dst = ref Unsafe.Add(ref outRef, (row * p.OutputWidth + ox) * depth);
                if (!vector)
                {
                    ScalarChannels<short>(ref src, ref dst, 0, depth, rowStride, depth, fh, fw, count, p.ActivationMin, p.ActivationMax, lanes);
                    continue;
                }
                bool useFloat = (long)count * (32768 + 1) < FloatExactLimit;
                var div = new Divider(count);
                for (int c = 0; c < depth; c += 16)
                {
                    int cc = Math.Min(c, depth - 16);
                    ref short s = ref Unsafe.Add(ref src, cc);
                    Vector256<int> a0 = default, a1 = default;
                    for (int fy = 0; fy < fh; fy++)
                    {
                        ref short r = ref Unsafe.Add(ref s, fy * rowStride);
                        for (int fx = 0, off = 0; fx < fw; fx++, off += depth)
                        {
                            var v = Vector256.LoadUnsafe(ref r, (nuint)off);
                            a0 += Vector256.WidenLower(v);
                            a1 += Vector256.WidenUpper(v);
                        }
                    }
                    var q0 = Finish(a0, div, useFloat, vmin, vmax, lanes);
                    var q1 = Finish(a1, div, useFloat, vmin, vmax, lanes);
                    Vector256.Narrow(q0, q1).StoreUnsafe(ref Unsafe.Add(ref dst, cc));
                }
            }
        }
        return true;
    }

    private static bool Rows8<T>(in QuantizedPoolParams p, ReadOnlySpan<byte> input, Span<byte> output, int rowStart, int rowEnd)
        where T : unmanaged
    {
        Check(p, input.Length, output.Length, rowStart, rowEnd);
        int depth = p.Depth;
        if (depth == 0) return true;
        bool signed = typeof(T) == typeof(sbyte);
        int maxAbs = signed ? 128 : 255;
        ref byte inRef = ref MemoryMarshal.GetReference(input);
        ref byte outRef = ref MemoryMarshal.GetReference(output);
        Span<int> lanes = stackalloc int[ScalarBlock];
        int rowStride = p.InputWidth * depth;
        bool vector = Vector256.IsHardwareAccelerated && depth >= 16;
        var vmin = Vector256.Create(p.ActivationMin);
        var vmax = Vector256.Create(p.ActivationMax);
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / p.OutputHeight, oy = row - b * p.OutputHeight;
            for (int ox = 0; ox < p.OutputWidth; ox++)
            {
                RefPool.Window(p, oy, ox, out int yStart, out int yEnd, out int xStart, out int xEnd, out int inY0, out int inX0);
                int fh = yEnd - yStart, fw = xEnd - xStart;
                if (fh <= 0 || fw <= 0) return false;
                int count = fh * fw;
                ref byte src = ref Unsafe.Add(ref inRef, ((b * p.InputHeight + inY0 + yStart) * p.InputWidth + inX0 + xStart) * depth);
                ref byte dst = ref Unsafe.Add(ref outRef, (row * p.OutputWidth + ox) * depth);
                if (!vector)
                {
                    ScalarChannels<T>(ref Unsafe.As<byte, T>(ref src), ref Unsafe.As<byte, T>(ref dst), 0, depth, rowStride, depth, fh, fw,
                        count, p.ActivationMin, p.ActivationMax, lanes);
                    continue;
                }
                bool useFloat = (long)count * (maxAbs + 1) < FloatExactLimit;
                var div = new Divider(count);
                if (depth >= 32)
                {
                    for (int c = 0; c < depth; c += 32)
                    {
                        int cc = Math.Min(c, depth - 32);
                        Sum32<T>(ref Unsafe.Add(ref src, cc), rowStride, depth, fh, fw, count, out var a0, out var a1, out var a2, out var a3);
                        var s0 = Vector256.Narrow(Finish(a0, div, useFloat, vmin, vmax, lanes), Finish(a1, div, useFloat, vmin, vmax, lanes));
                        var s1 = Vector256.Narrow(Finish(a2, div, useFloat, vmin, vmax, lanes), Finish(a3, div, useFloat, vmin, vmax, lanes));
                        Vector256.Narrow(s0.AsUInt16(), s1.AsUInt16()).StoreUnsafe(ref Unsafe.Add(ref dst, cc));
                    }
                }
                else
                {
                    // 16..31 channels: two 16-channel blocks, the second ending at the last channel.
                    for (int c = 0; c < depth; c += 16)
                    {
                        int cc = Math.Min(c, depth - 16);
                        Sum16<T>(ref Unsafe.Add(ref src, cc), rowStride, depth, fh, fw, count, out var a0, out var a1);
                        var s = Vector256.Narrow(Finish(a0, div, useFloat, vmin, vmax, lanes), Finish(a1, div, useFloat, vmin, vmax, lanes));
                        Vector128.Narrow(s.GetLower().AsUInt16(), s.GetUpper().AsUInt16()).StoreUnsafe(ref Unsafe.Add(ref dst, cc));
                    }
                }
            }
        }
        return true;
    }

    /// <summary>The reference's window clipping (<see cref="RefPool.Window"/>), also used by <see cref="MaxPool2DQuantized"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Window(in QuantizedPoolParams p, int oy, int ox, out int yStart, out int yEnd, out int xStart,
        out int xEnd, out int inYOrigin, out int inXOrigin) =>
        RefPool.Window(p, oy, ox, out yStart, out yEnd, out xStart, out xEnd, out inYOrigin, out inXOrigin);

    private static void Check(in QuantizedPoolParams p, int inputLength, int outputLength, int rowStart, int rowEnd)
    {
        QuantizedChecks.Pool(p, inputLength, outputLength);
        if (rowStart < 0 || rowEnd > p.Batches * p.OutputHeight || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowEnd}) are outside the {p.Batches * p.OutputHeight} output rows");
    }

    /// <summary>8-bit lanes widened to 16 bits (sign- or zero-extended; the unsigned ones reinterpreted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<short> Lo, Vector256<short> Hi) Widen8<T>(Vector256<byte> v) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return (Vector256.WidenLower(v.AsSByte()), Vector256.WidenUpper(v.AsSByte()));
        return (Vector256.WidenLower(v).AsInt16(), Vector256.WidenUpper(v).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Widen8<T>(Vector128<byte> v) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return Vector256.WidenLower(v.AsSByte().ToVector256Unsafe());
        return Vector256.WidenLower(v.ToVector256Unsafe()).AsInt16();
    }

    /// <summary>16-bit partial sums widened to 32 bits (signed for int8, unsigned for uint8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Lo, Vector256<int> Hi) Widen16<T>(Vector256<short> v) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return (Vector256.WidenLower(v), Vector256.WidenUpper(v));
        return (Vector256.WidenLower(v.AsUInt16()).AsInt32(), Vector256.WidenUpper(v.AsUInt16()).AsInt32());
    }

    /// <summary>Sums 32 channels over the fh x fw window at <paramref name="src"/> into four 8-lane int32 vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum32<T>(ref byte src, int rowStride, int depth, int fh, int fw, int count,
        out Vector256<int> a0, out Vector256<int> a1, out Vector256<int> a2, out Vector256<int> a3) where T : unmanaged
    {
        Vector256<short> s0 = default, s1 = default;
        if (count <= Chunk8)
        {
            for (int fy = 0; fy < fh; fy++)
            {
                ref byte r = ref Unsafe.Add(ref src, fy * rowStride);
                for (int fx = 0, off = 0; fx < fw; fx++, off += depth)
                {
                    var (lo, hi) = Widen8<T>(Vector256.LoadUnsafe(ref r, (nuint)off));
                    s0 += lo;
                    s1 += hi;
                }
            }
            (a0, a1) = Widen16<T>(s0);
            (a2, a3) = Widen16<T>(s1);
            return;
        }
        a0 = a1 = a2 = a3 = default;
        int taps = 0;
        for (int fy = 0; fy < fh; fy++)
        {
            ref byte r = ref Unsafe.Add(ref src, fy * rowStride);
            for (int fx = 0, off = 0; fx < fw; fx++, off += depth)
            {
                var (lo, hi) = Widen8<T>(Vector256.LoadUnsafe(ref r, (nuint)off));
                s0 += lo;
                s1 += hi;
                if (++taps == Chunk8)
                {
                    Flush<T>(ref s0, ref s1, ref a0, ref a1, ref a2, ref a3);
                    taps = 0;
                }
            }
        }
        Flush<T>(ref s0, ref s1, ref a0, ref a1, ref a2, ref a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush<T>(ref Vector256<short> s0, ref Vector256<short> s1,
        ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3) where T : unmanaged
    {
        var (w0, w1) = Widen16<T>(s0);
        var (w2, w3) = Widen16<T>(s1);
        a0 += w0; a1 += w1; a2 += w2; a3 += w3;
        s0 = s1 = default;
    }

    /// <summary>Sums 16 channels over the window into two 8-lane int32 vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum16<T>(ref byte src, int rowStride, int depth, int fh, int fw, int count,
        out Vector256<int> a0, out Vector256<int> a1) where T : unmanaged
    {
        Vector256<short> s = default;
        a0 = a1 = default;
        int taps = 0;
        for (int fy = 0; fy < fh; fy++)
        {
            ref byte r = ref Unsafe.Add(ref src, fy * rowStride);
            for (int fx = 0, off = 0; fx < fw; fx++, off += depth)
            {
                s += Widen8<T>(Vector128.LoadUnsafe(ref r, (nuint)off));
                if (++taps == Chunk8)
                {
                    var (w0, w1) = Widen16<T>(s);
                    a0 += w0; a1 += w1;
                    s = default;
                    taps = 0;
                }
            }
        }
        var (l, h) = Widen16<T>(s);
        a0 += l; a1 += h;
    }

    /// <summary>The per-window constants of the float division: 1/n and n/2 + 0.5.</summary>
    private readonly struct Divider(int count)
    {
        public readonly int Count = count;
        public readonly Vector256<float> Reciprocal = Vector256.Create(1f / count);
        public readonly Vector256<float> Half = Vector256.Create(count / 2 + 0.5f);
    }

    /// <summary>Rounded quotient of eight sums by the tap count, clamped (see the class remarks for exactness).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Finish(Vector256<int> acc, in Divider d, bool useFloat, Vector256<int> min, Vector256<int> max, Span<int> lanes)
    {
        Vector256<int> q;
        if (useFloat)
        {
            var positive = Vector256.GreaterThan(acc, Vector256<int>.Zero).AsSingle();
            var m = Vector256.ConvertToSingle(acc) + Vector256.ConditionalSelect(positive, d.Half, -d.Half);
            q = Vector256.ConvertToInt32Native(m * d.Reciprocal);
        }
        else
        {
            acc.CopyTo(lanes);
            for (int i = 0; i < Vector256<int>.Count; i++) lanes[i] = Divide(lanes[i], d.Count);
            q = Vector256.Create<int>(lanes);
        }
        return Vector256.Min(Vector256.Max(q, min), max);
    }

    /// <summary>
    /// One lane of <see cref="Finish"/>'s float division, in the same float32 operations (for tests): equals
    /// <see cref="Divide"/> whenever |acc| + count/2 + 0.5 &lt; 2^22.
    /// </summary>
    internal static int DivideFloat(int acc, int count)
    {
        float half = count / 2 + 0.5f, reciprocal = 1f / count;
        float m = (float)acc + (acc > 0 ? half : -half);
        return (int)(m * reciprocal);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Divide(int acc, int count) => acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;

    /// <summary>
    /// Channels [<paramref name="c0"/>, <paramref name="c1"/>) of one output pixel, <see cref="ScalarBlock"/> at a time:
    /// each tap's channels are added in order into int32 lanes, then divided as the reference does.
    /// </summary>
    private static void ScalarChannels<T>(ref T src, ref T dst, int c0, int c1, int rowStride, int depth, int fh, int fw,
        int count, int min, int max, Span<int> lanes) where T : unmanaged
    {
        for (int c = c0; c < c1; c += ScalarBlock)
        {
            int k = Math.Min(ScalarBlock, c1 - c);
            var acc = lanes[..k];
            acc.Clear();
            for (int fy = 0; fy < fh; fy++)
            {
                ref T r = ref Unsafe.Add(ref src, fy * rowStride + c);
                for (int fx = 0, off = 0; fx < fw; fx++, off += depth)
                {
                    ref T e = ref Unsafe.Add(ref r, off);
                    for (int j = 0; j < acc.Length; j++) acc[j] += Load(ref Unsafe.Add(ref e, j));
                }
            }
            for (int j = 0; j < acc.Length; j++)
                Store(ref Unsafe.Add(ref dst, c + j), Math.Min(Math.Max(Divide(acc[j], count), min), max));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Load<T>(ref T e) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref e);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref e);
        return Unsafe.As<T, short>(ref e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T e, int value) where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) Unsafe.As<T, sbyte>(ref e) = (sbyte)value;
        else if (typeof(T) == typeof(byte)) Unsafe.As<T, byte>(ref e) = (byte)value;
        else Unsafe.As<T, short>(ref e) = (short)value;
    }
}
