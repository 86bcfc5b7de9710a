using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// The int16x8 output stage of DEPTHWISE_CONV_2D and TRANSPOSE_CONV per output channel, padded to a multiple of 16
/// channels: int64 bias, and <see cref="QuantizedMath.MultiplyByQuantizedMultiplier(long, int, int)"/> split into its
/// constants (the Q15-reduced multiplier, the rounding half and the total right shift 15 - shift, in [8, 46] for the
/// shifts TFLite produces). <see cref="Requantize16"/> evaluates it for 16 int64 sums with AVX-512 (vpmullq wraps like the
/// reference's int64 product, vpsravq is its arithmetic shift, vpmovqd its truncation to int32); padding channels have a
/// zero multiplier and produce 0.
/// </summary>
internal sealed class Int16x8Requant
{
    public Int16x8Requant(int channels, int[] multipliers, int[] shifts, ReadOnlySpan<long> bias, int activationMin, int activationMax)
    {
        if (multipliers.Length < channels || shifts.Length < channels)
            throw new ArgumentException($"{multipliers.Length} multipliers and {shifts.Length} shifts for {channels} channels");
        if (!bias.IsEmpty && bias.Length < channels) throw new ArgumentException($"bias has {bias.Length} elements, expected {channels}");
        int padded = (channels + 15) & ~15;
        Channels = channels;
        Bias = new long[padded];
        Multiplier = new long[padded];
        Round = new long[padded];
        Shift = new ulong[padded];
        for (int c = 0; c < padded; c++)
        {
            int m = c < channels ? multipliers[c] : 0, s = c < channels ? shifts[c] : 0;
            int totalShift = 15 - s;
            if (totalShift < 1 || totalShift > 63) throw new ArgumentException($"channel {c}: shift {s} is outside the int16x8 requantization's range");
            Multiplier[c] = c < channels ? (m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF) : 0;
            Round[c] = 1L << (totalShift - 1);
            Shift[c] = (ulong)totalShift;
            if (c < channels && !bias.IsEmpty) Bias[c] = bias[c];
        }
        RawMultiplier = multipliers;
        RawShift = shifts;
        Min = activationMin;
        Max = activationMax;
    }

    public int Channels { get; }
    public long[] Bias { get; }
    public long[] Multiplier { get; }
    public long[] Round { get; }
    public ulong[] Shift { get; }
    public int[] RawMultiplier { get; }
    public int[] RawShift { get; }
    public int Min { get; }
    public int Max { get; }
    public long ByteSize => 32L * Bias.Length;

    /// <summary>Whether <see cref="Requantize16"/> can run (AVX-512 F and DQ).</summary>
    public static bool VectorSupported => Avx512DQ.IsSupported;

    /// <summary>The reference's scalar output stage for channel <paramref name="c"/> (bias included here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Scalar(long sum, int c) =>
        (short)QuantizedMath.Requantize(unchecked(sum + Bias[c]), RawMultiplier[c], RawShift[c], Min, Max);

    /// <summary>Channels [c, c + 16): sum + bias, requantized, clamped, as 16 int16 in channel order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> Requantize16(Vector512<long> lo, Vector512<long> hi, in Block k)
    {
        lo = Avx512F.ShiftRightArithmeticVariable(Avx512DQ.MultiplyLow(lo + k.BiasLo, k.MultLo) + k.RoundLo, k.ShiftLo);
        hi = Avx512F.ShiftRightArithmeticVariable(Avx512DQ.MultiplyLow(hi + k.BiasHi, k.MultHi) + k.RoundHi, k.ShiftHi);
        Vector512<int> v = Vector512.Create(Avx512F.ConvertToVector256Int32(lo), Avx512F.ConvertToVector256Int32(hi));
        v = Avx512F.Min(Avx512F.Max(v, k.Min), k.Max);
        return Avx512F.ConvertToVector256Int16(v);
    }

    /// <summary>The constants of one block of 16 channels, loaded once per block.</summary>
    public readonly struct Block
    {
        public readonly Vector512<long> BiasLo, BiasHi, MultLo, MultHi, RoundLo, RoundHi;
        public readonly Vector512<ulong> ShiftLo, ShiftHi;
        public readonly Vector512<int> Min, Max;

        public Block(Int16x8Requant rq, int c)
        {
            BiasLo = Vector512.Create<long>(rq.Bias.AsSpan(c, 8)); BiasHi = Vector512.Create<long>(rq.Bias.AsSpan(c + 8, 8));
            MultLo = Vector512.Create<long>(rq.Multiplier.AsSpan(c, 8)); MultHi = Vector512.Create<long>(rq.Multiplier.AsSpan(c + 8, 8));
            RoundLo = Vector512.Create<long>(rq.Round.AsSpan(c, 8)); RoundHi = Vector512.Create<long>(rq.Round.AsSpan(c + 8, 8));
            ShiftLo = Vector512.Create<ulong>(rq.Shift.AsSpan(c, 8)); ShiftHi = Vector512.Create<ulong>(rq.Shift.AsSpan(c + 8, 8));
            Min = Vector512.Create(rq.Min);
            Max = Vector512.Create(rq.Max);
        }
    }

    /// <summary>Stores the first <paramref name="cols"/> of 16 int16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<short> v, short* dst, int cols)
    {
        if (cols == 16) { v.Store(dst); return; }
        for (int j = 0; j < cols; j++) dst[j] = v.GetElement(j);
    }
}
