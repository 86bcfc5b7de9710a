using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// QUANTIZE float32 to int8 / uint8 per tensor with the reference's values (<see cref="Ref.Quantize.PerTensor{T}"/>):
/// q = clamp(round_half_away(x / scale) + zero_point). In 8 float lanes: the same IEEE division; the rounding as
/// trunc(v) plus one toward v's sign where |v - trunc(v)| &gt;= 0.5 (both exact in float, unlike adding 0.5, which
/// rounds 0.49999997 up); the clamp before adding the zero point (so the sum is a small exact integer); NaN gives 0,
/// as the reference does. 32 values a step, narrowed to bytes; the remainder (under 32) through the reference.
/// </summary>
public static class QuantizeFloat8
{
    public static void PerTensor(ReadOnlySpan<float> input, Span<sbyte> output, float scale, int zeroPoint)
        => Run(input, MemoryMarshal.AsBytes(output), scale, zeroPoint, sbyte.MinValue, sbyte.MaxValue, signed: true);

    public static void PerTensor(ReadOnlySpan<float> input, Span<byte> output, float scale, int zeroPoint)
        => Run(input, output, scale, zeroPoint, byte.MinValue, byte.MaxValue, signed: false);

    private static void Run(ReadOnlySpan<float> input, Span<byte> output, float scale, int zeroPoint, int min, int max, bool signed)
    {
        if (input.Length != output.Length) throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        int n = input.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            var lo = Vector256.Create((float)(min - zeroPoint));
            var hi = Vector256.Create((float)(max - zeroPoint));
            var zp = Vector256.Create(zeroPoint);
            ref float x = ref MemoryMarshal.GetReference(input);
            ref byte y = ref MemoryMarshal.GetReference(output);
            for (; i <= n - 32; i += 32)
            {
                var q0 = One(Vector256.LoadUnsafe(ref x, (nuint)i), vs, lo, hi, zp);
                var q1 = One(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), vs, lo, hi, zp);
                var q2 = One(Vector256.LoadUnsafe(ref x, (nuint)(i + 16)), vs, lo, hi, zp);
                var q3 = One(Vector256.LoadUnsafe(ref x, (nuint)(i + 24)), vs, lo, hi, zp);
                // Values are within [min, max] of the byte type: narrowing keeps their low bits, which are the byte.
                var bytes = Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3));
                bytes.AsByte().StoreUnsafe(ref y, (nuint)i);
            }
        }
        if (i == n) return;
        if (signed) Ref.Quantize.PerTensor(input[i..], MemoryMarshal.Cast<byte, sbyte>(output[i..]), scale, zeroPoint);
        else Ref.Quantize.PerTensor(input[i..], output[i..], scale, zeroPoint);
    }

    private static Vector256<int> One(Vector256<float> x, Vector256<float> scale, Vector256<float> lo, Vector256<float> hi, Vector256<int> zp)
    {
        var v = x / scale;
        var t = Vector256.Truncate(v);
        var away = Vector256.GreaterThanOrEqual(Vector256.Abs(v - t), Vector256.Create(0.5f));
        var step = Vector256.ConditionalSelect(Vector256.Create(-0f), v, Vector256<float>.One); // +-1 with v's sign
        var r = t + (step & away);
        var nan = ~Vector256.Equals(v, v);
        r = Vector256.Min(Vector256.Max(r, lo), hi); // NaN lanes replaced below
        var q = Vector256.ConvertToInt32(r) + zp;
        return Vector256.AndNot(q, nan.AsInt32());
    }
}
