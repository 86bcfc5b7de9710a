using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Quantization;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// 8-bit L2_NORMALIZATION along the last axis, bit-exact with <see cref="Ref.L2Normalization.Int8"/> and
/// <see cref="Ref.L2Normalization.UInt8"/>: per row the exact int32 sum of squares (16 elements a step, vpmaddwd on the
/// int16 offsets; int32 wrapping as the reference's sum), the reference's inverse-sqrt multiplier, then the row requantized
/// 16 lanes a step (<see cref="VectorRequantize.Stage"/>). Rows whose shift is outside the exact vector range, zero points
/// that could overflow the paired products, and machines without AVX2 go through the reference arithmetic.
/// </summary>
public static class L2NormalizationQuantized
{
    public static void Int8(int outer, int depth, int inputZeroPoint, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        Check(outer, depth, input.Length, output.Length);
        if (!Avx2.IsSupported || inputZeroPoint is < -255 or > 255)
        {
            Ref.L2Normalization.Int8(outer, depth, inputZeroPoint, input, output);
            return;
        }
        var src = MemoryMarshal.AsBytes(input);
        var dst = MemoryMarshal.AsBytes(output);
        for (int i = 0; i < outer; i++)
        {
            var x = src.Slice(i * depth, depth);
            var y = dst.Slice(i * depth, depth);
            int acc = SumSquares<SignedWiden16>(x, inputZeroPoint);
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(acc, -1, out int multiplier, out int shift);
            int total = shift + 7;
            int c = 0;
            if (VectorRequantize.MultiplierSupported(multiplier, total))
                c = RequantizeRow<SignedWiden8>(x, y, inputZeroPoint, 0, new VectorRequantize.Stage(multiplier, total, 0, sbyte.MinValue, sbyte.MaxValue));
            for (; c < depth; c++)
            {
                int v = QuantizedMath.MultiplyByQuantizedMultiplier((sbyte)x[c] - inputZeroPoint, multiplier, total);
                y[c] = (byte)(sbyte)Math.Clamp(v, -128, 127);
            }
        }
    }

    public static void UInt8(int outer, int depth, int inputZeroPoint, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Check(outer, depth, input.Length, output.Length);
        if (!Avx2.IsSupported || inputZeroPoint is < -255 or > 255)
        {
            Ref.L2Normalization.UInt8(outer, depth, inputZeroPoint, input, output);
            return;
        }
        for (int i = 0; i < outer; i++)
        {
            var x = input.Slice(i * depth, depth);
            var y = output.Slice(i * depth, depth);
            int acc = SumSquares<UnsignedWiden16>(x, inputZeroPoint);
            QuantizedMath.GetInvSqrtQuantizedMultiplierExp(acc, -1, out int multiplier, out int shift);
            int c = 0;
            // MultiplyByQuantizedMultiplierSmallerThanOneExp is SRDHM then a rounding right shift: the stage with no left shift
            if (multiplier != int.MinValue && shift is <= 0 and >= -31)
                c = RequantizeRow<UnsignedWiden8>(x, y, inputZeroPoint, 7, new VectorRequantize.Stage(multiplier, shift, 128, 0, 255));
            for (; c < depth; c++)
            {
                int v = QuantizedMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(128 * (x[c] - inputZeroPoint), multiplier, shift);
                y[c] = (byte)Math.Clamp(128 + v, 0, 255);
            }
        }
    }

    private static void Check(int outer, int depth, int inputLength, int outputLength)
    {
        if (outer < 0 || depth < 0) throw new ArgumentException($"l2 normalization: bad sizes {outer}x{depth}");
        long n = (long)outer * depth;
        if (inputLength < n || outputLength < n)
            throw new ArgumentException($"l2 normalization: {outer}x{depth} needs {n} elements, got input {inputLength}, output {outputLength}");
    }

    /// <summary>Sum over the row of (x - zeroPoint)^2 in wrapping int32, as the reference accumulates it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SumSquares<TWiden>(ReadOnlySpan<byte> x, int zeroPoint) where TWiden : struct, IWiden16
    {
        ref byte r = ref MemoryMarshal.GetReference(x);
        int n = x.Length, c = 0;
        Vector256<short> zp = Vector256.Create((short)zeroPoint);
        Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero;
        for (; c <= n - 32; c += 32)
        {
            Vector256<short> v0 = TWiden.Load16(ref Unsafe.Add(ref r, c)) - zp;
            Vector256<short> v1 = TWiden.Load16(ref Unsafe.Add(ref r, c + 16)) - zp;
            acc0 += Avx2.MultiplyAddAdjacent(v0, v0);
            acc1 += Avx2.MultiplyAddAdjacent(v1, v1);
        }
        if (c <= n - 16)
        {
            Vector256<short> v0 = TWiden.Load16(ref Unsafe.Add(ref r, c)) - zp;
            acc0 += Avx2.MultiplyAddAdjacent(v0, v0);
            c += 16;
        }
        int sum = Vector256.Sum(acc0 + acc1);
        for (; c < n; c++)
        {
            int v = TWiden.Value(Unsafe.Add(ref r, c)) - zeroPoint;
            sum = unchecked(sum + v * v);
        }
        return sum;
    }

    /// <summary>
    /// Requantizes ((x - zeroPoint) &lt;&lt; preShift) through <paramref name="stage"/> 16 then 8 lanes a step; returns how many
    /// leading elements were written (the caller finishes the rest with the scalar arithmetic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RequantizeRow<TWiden>(ReadOnlySpan<byte> x, Span<byte> y, int zeroPoint, int preShift, in VectorRequantize.Stage stage)
        where TWiden : struct, IWiden8
    {
        ref byte rx = ref MemoryMarshal.GetReference(x);
        ref byte ry = ref MemoryMarshal.GetReference(y);
        Vector256<int> zp = Vector256.Create(zeroPoint);
        int n = y.Length, c = 0;
        for (; c <= n - 16; c += 16)
        {
            Vector256<int> lo = stage.Apply((TWiden.Load8(ref Unsafe.Add(ref rx, c)) - zp) << preShift);
            Vector256<int> hi = stage.Apply((TWiden.Load8(ref Unsafe.Add(ref rx, c + 8)) - zp) << preShift);
            VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref ry, (nuint)c);
        }
        if (c <= n - 8)
        {
            Vector256<int> v = stage.Apply((TWiden.Load8(ref Unsafe.Add(ref rx, c)) - zp) << preShift);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref ry, c), VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar());
            c += 8;
        }
        return c;
    }

    /// <summary>16 activation bytes widened to int16 lanes.</summary>
    private interface IWiden16
    {
        static abstract Vector256<short> Load16(ref byte src);
        static abstract int Value(byte v);
    }

    private struct SignedWiden16 : IWiden16
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load16(ref byte src) => Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref src).AsSByte());
        public static int Value(byte v) => (sbyte)v;
    }

    private struct UnsignedWiden16 : IWiden16
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load16(ref byte src) => Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref src));
        public static int Value(byte v) => v;
    }
}
