using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// TRANSPOSE_CONV for int8 (per-channel) and legacy uint8 (per-tensor, filter zero point) activations, AVX2, bit-exact
/// with <see cref="Reference.Quantized.TransposeConvInt8"/> and <see cref="Reference.Quantized.TransposeConvUInt8"/>:
/// the int32 sums are the same products added in another order (wrap-around addition is order-independent).
/// <para>The filter [OutputDepth, FilterHeight, FilterWidth, InputDepth] is packed once (<see cref="PackInt8"/>,
/// <see cref="PackUInt8"/>) into int16 (filter + WeightsOffset): for each tap, each block of 8 output channels
/// (OutputDepth rounded up to 8), each pair of input channels (InputDepth rounded up to 2), 16 values
/// w[oc0 + i][ic + k] at 2i + k, so that vpmaddwd with a broadcast pair (x[ic], x[ic + 1]) yields 8 int32 partial
/// sums. Each input pixel's (input + InputOffset) row is packed as such pairs, then scattered through every tap that
/// lands inside the output into an int32 accumulator per output pixel and channel (OutputDepth rounded up to 8),
/// which starts at the bias. Finally every accumulator is requantized (vector, or scalar for multipliers the vector
/// path does not reproduce), offset, clamped and narrowed.</para>
/// <para>Ranges: input + InputOffset and filter + WeightsOffset are within [-255, 255], so each int16 product pair sum
/// fits int32 without the vpmaddwd saturation case.</para>
/// </summary>
public static class TransposeConv8
{
    /// <summary>Whether this kernel can run on this machine (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>OutputDepth rounded up to a multiple of 8.</summary>
    public static int RoundedOutputDepth(in QuantizedConvParams p) => (p.OutputDepth + 7) & ~7;

    /// <summary>Number of input-channel pairs (InputDepth rounded up to 2, halved).</summary>
    public static int InputPairs(in QuantizedConvParams p) => (p.InputDepth + 1) >> 1;

    /// <summary>int32 elements of the accumulator scratch: Batches*OutputHeight*OutputWidth*RoundedOutputDepth.</summary>
    public static long AccumulatorLength(in QuantizedConvParams p) => (long)p.Batches * p.OutputHeight * p.OutputWidth * RoundedOutputDepth(p);

    /// <summary>int32 elements of the pair-row scratch (one input pixel's channels as int16 pairs).</summary>
    public static int PairRowLength(in QuantizedConvParams p) => InputPairs(p);

    /// <summary>int16 elements of the packed filter.</summary>
    public static long PackedLength(in QuantizedConvParams p) => (long)p.FilterHeight * p.FilterWidth * RoundedOutputDepth(p) * InputPairs(p) * 2;

    /// <summary>Packs an int8 filter (WeightsOffset added, normally 0).</summary>
    public static short[] PackInt8(in QuantizedConvParams p, ReadOnlySpan<sbyte> filter)
    {
        CheckFilter(p, filter.Length);
        return Pack(p, MemoryMarshal.AsBytes(filter), signed: true);
    }

    /// <summary>Packs a uint8 filter (WeightsOffset = -filter zero point added).</summary>
    public static short[] PackUInt8(in QuantizedConvParams p, ReadOnlySpan<byte> filter)
    {
        CheckFilter(p, filter.Length);
        return Pack(p, filter, signed: false);
    }

    private static void CheckFilter(in QuantizedConvParams p, int length)
    {
        long want = (long)p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth;
        if (length != want) throw new ArgumentException($"filter has {length} elements, expected {want}");
    }

    private static short[] Pack(in QuantizedConvParams p, ReadOnlySpan<byte> filter, bool signed)
    {
        var packed = new short[PackedLength(p)];
        int w = p.WeightsOffset;
        int fH = p.FilterHeight, fW = p.FilterWidth, inD = p.InputDepth, outD = p.OutputDepth;
        int blocks = RoundedOutputDepth(p) / 8, pairs = InputPairs(p);
        for (int t = 0; t < fH * fW; t++)
        for (int blk = 0; blk < blocks; blk++)
        for (int pr = 0; pr < pairs; pr++)
        for (int i = 0; i < 8; i++)
        for (int k = 0; k < 2; k++)
        {
            int oc = blk * 8 + i, ic = pr * 2 + k;
            int v = 0;
            if (oc < outD && ic < inD)
            {
                byte raw = filter[(oc * fH * fW + t) * inD + ic];
                v = (signed ? (sbyte)raw : raw) + w;
            }
            packed[(((long)t * blocks + blk) * pairs + pr) * 16 + i * 2 + k] = checked((short)v);
        }
        return packed;
    }

    /// <summary>
    /// Requantization parameters per (rounded) output channel, built once at Prepare: int8 per-channel, or the uint8
    /// per-tensor multiplier repeated. <see cref="Vector"/> is false when some multiplier needs the scalar path.
    /// </summary>
    public sealed class Requantization
    {
        internal readonly int[] Multiplier, Shift, Left, Right, Mask, Half;
        internal readonly bool Vector;

        public Requantization(in QuantizedConvParams p, bool perChannel)
        {
            int r8 = RoundedOutputDepth(p);
            Multiplier = new int[r8]; Shift = new int[r8]; Left = new int[r8]; Right = new int[r8]; Mask = new int[r8]; Half = new int[r8];
            Vector = true;
            for (int c = 0; c < p.OutputDepth; c++)
            {
                int m = perChannel ? p.PerChannelMultiplier![c] : p.OutputMultiplier;
                int s = perChannel ? p.PerChannelShift![c] : p.OutputShift;
                Multiplier[c] = m; Shift[c] = s;
                if (!VectorRequantize.MultiplierSupported(m, s)) { Vector = false; continue; }
                int right = Math.Max(-s, 0);
                Left[c] = Math.Max(s, 0);
                Right[c] = right;
                Mask[c] = (int)((1L << right) - 1);
                Half[c] = Mask[c] >> 1;
            }
        }
    }

    /// <summary>int8 activations, per-channel: output = clamp(requant(sum + bias) + OutputOffset).</summary>
    public static void RunInt8(in QuantizedConvParams p, ReadOnlySpan<sbyte> input, short[] packed, Requantization rq,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> accumulators, Span<int> pairRow)
    {
        QuantizedChecks.Conv(p, input.Length, p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth, bias.Length, output.Length,
                             perChannel: true, transpose: true);
        Accumulate(p, MemoryMarshal.AsBytes(input), signed: true, packed, bias, accumulators, pairRow);
        Requantize(p, rq, accumulators, MemoryMarshal.AsBytes(output));
    }

    /// <summary>uint8 activations, per-tensor multiplier, filter zero point folded into the packed filter.</summary>
    public static void RunUInt8(in QuantizedConvParams p, ReadOnlySpan<byte> input, short[] packed, Requantization rq,
        ReadOnlySpan<int> bias, Span<byte> output, Span<int> accumulators, Span<int> pairRow)
    {
        QuantizedChecks.Conv(p, input.Length, p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth, bias.Length, output.Length,
                             perChannel: false, transpose: true);
        Accumulate(p, input, signed: false, packed, bias, accumulators, pairRow);
        Requantize(p, rq, accumulators, output);
    }

    private static void Accumulate(in QuantizedConvParams p, ReadOnlySpan<byte> input, bool signed, short[] packed,
        ReadOnlySpan<int> bias, Span<int> accumulators, Span<int> pairRow)
    {
        if (!Avx2.IsSupported) throw new PlatformNotSupportedException("TransposeConv8 needs AVX2");
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int r8 = RoundedOutputDepth(p), blocks = r8 / 8, pairs = InputPairs(p);
        long accLength = AccumulatorLength(p);
        if (accumulators.Length < accLength) throw new ArgumentException($"accumulators have {accumulators.Length} elements, expected {accLength}");
        if (pairRow.Length < pairs) throw new ArgumentException($"pair row has {pairRow.Length} elements, expected {pairs}");
        if (packed.Length < PackedLength(p)) throw new ArgumentException($"packed filter has {packed.Length} elements, expected {PackedLength(p)}");
        accumulators = accumulators[..(int)accLength];
        pairRow = pairRow[..pairs];

        // Accumulators start at the bias (padding channels at 0).
        Span<int> biasBlock = stackalloc int[8];
        int pixels = p.Batches * outH * outW;
        if (bias.IsEmpty) accumulators.Clear();
        else
        {
            for (int blk = 0; blk < blocks; blk++)
            {
                biasBlock.Clear();
                for (int i = 0; i < 8 && blk * 8 + i < outD; i++) biasBlock[i] = bias[blk * 8 + i];
                var bv = Vector256.Create<int>(biasBlock);
                for (int px = 0; px < pixels; px++) bv.StoreUnsafe(ref MemoryMarshal.GetReference(accumulators), (nuint)(px * r8 + blk * 8));
            }
        }

        Span<short> row = MemoryMarshal.Cast<int, short>(pairRow);
        if ((inD & 1) != 0) row[inD] = 0;
        int inputOffset = p.InputOffset;
        int tapStride = blocks * pairs * 16;
        ref int acc0 = ref MemoryMarshal.GetReference(accumulators);
        ref short w0 = ref MemoryMarshal.GetArrayDataReference(packed);
        ref int x0 = ref MemoryMarshal.GetReference(pairRow);
        for (int b = 0; b < p.Batches; b++)
        for (int iy = 0; iy < inH; iy++)
        {
            int oyOrigin = iy * p.StrideHeight - p.PadHeight;
            int fyStart = Math.Max(0, -oyOrigin), fyEnd = Math.Min(fH, outH - oyOrigin);
            if (fyStart >= fyEnd) continue;
            for (int ix = 0; ix < inW; ix++)
            {
                int oxOrigin = ix * p.StrideWidth - p.PadWidth;
                int fxStart = Math.Max(0, -oxOrigin), fxEnd = Math.Min(fW, outW - oxOrigin);
                if (fxStart >= fxEnd) continue;
                var pixel = input.Slice(((b * inH + iy) * inW + ix) * inD, inD);
                if (signed)
                    for (int ic = 0; ic < inD; ic++) row[ic] = (short)((sbyte)pixel[ic] + inputOffset);
                else
                    for (int ic = 0; ic < inD; ic++) row[ic] = (short)(pixel[ic] + inputOffset);
                for (int fy = fyStart; fy < fyEnd; fy++)
                for (int fx = fxStart; fx < fxEnd; fx++)
                {
                    int o = ((b * outH + oyOrigin + fy) * outW + oxOrigin + fx) * r8;
                    int t = fy * fW + fx;
                    TapKernel(ref Unsafe.Add(ref acc0, o), ref Unsafe.Add(ref w0, (nint)t * tapStride), ref x0, blocks, pairs);
                }
            }
        }
    }

    /// <summary>acc[blk*8 .. +8] += sum over pairs of vpmaddwd(w[blk][pr], broadcast x[pr]), four blocks at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TapKernel(ref int acc, ref short w, ref int x, int blocks, int pairs)
    {
        nint blockStride = (nint)pairs * 16;
        int blk = 0;
        for (; blk + 4 <= blocks; blk += 4)
        {
            ref int a = ref Unsafe.Add(ref acc, blk * 8);
            ref short wb = ref Unsafe.Add(ref w, blk * blockStride);
            ref short wb1 = ref Unsafe.Add(ref wb, blockStride);
            ref short wb2 = ref Unsafe.Add(ref wb, 2 * blockStride);
            ref short wb3 = ref Unsafe.Add(ref wb, 3 * blockStride);
            var a0 = Vector256.LoadUnsafe(ref a);
            var a1 = Vector256.LoadUnsafe(ref a, 8);
            var a2 = Vector256.LoadUnsafe(ref a, 16);
            var a3 = Vector256.LoadUnsafe(ref a, 24);
            nuint off = 0;
            for (int pr = 0; pr < pairs; pr++, off += 16)
            {
                var xv = Vector256.Create(Unsafe.Add(ref x, pr)).AsInt16();
                a0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb, off), xv);
                a1 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb1, off), xv);
                a2 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb2, off), xv);
                a3 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb3, off), xv);
            }
            a0.StoreUnsafe(ref a);
            a1.StoreUnsafe(ref a, 8);
            a2.StoreUnsafe(ref a, 16);
            a3.StoreUnsafe(ref a, 24);
        }
        for (; blk + 2 <= blocks; blk += 2)
        {
            ref int a = ref Unsafe.Add(ref acc, blk * 8);
            ref short wb = ref Unsafe.Add(ref w, blk * blockStride);
            var a0 = Vector256.LoadUnsafe(ref a);
            var a1 = Vector256.LoadUnsafe(ref a, 8);
            for (int pr = 0; pr < pairs; pr++)
            {
                var xv = Vector256.Create(Unsafe.Add(ref x, pr)).AsInt16();
                nint off = (nint)pr * 16;
                a0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb, (nuint)off), xv);
                a1 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb, (nuint)(off + blockStride)), xv);
            }
            a0.StoreUnsafe(ref a);
            a1.StoreUnsafe(ref a, 8);
        }
        for (; blk < blocks; blk++)
        {
            ref int a = ref Unsafe.Add(ref acc, blk * 8);
            ref short wb = ref Unsafe.Add(ref w, blk * blockStride);
            var a0 = Vector256.LoadUnsafe(ref a);
            for (int pr = 0; pr < pairs; pr++)
                a0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref wb, (nuint)(pr * 16)), Vector256.Create(Unsafe.Add(ref x, pr)).AsInt16());
            a0.StoreUnsafe(ref a);
        }
    }

    /// <summary>Requantizes every accumulator (bias already in) to bytes; the caller's view decides int8 or uint8.</summary>
    private static void Requantize(in QuantizedConvParams p, Requantization rq, Span<int> accumulators, Span<byte> output)
    {
        int outD = p.OutputDepth, r8 = RoundedOutputDepth(p), blocks = r8 / 8;
        int pixels = p.Batches * p.OutputHeight * p.OutputWidth;
        int offset = p.OutputOffset, min = p.ActivationMin, max = p.ActivationMax;
        if (!rq.Vector)
        {
            for (int px = 0; px < pixels; px++)
            for (int c = 0; c < outD; c++)
                output[px * outD + c] = (byte)QuantizedMath.Requantize(accumulators[px * r8 + c], rq.Multiplier[c], rq.Shift[c], offset, min, max);
            return;
        }
        var offsetV = Vector256.Create(offset);
        var minV = Vector256.Create(min);
        var maxV = Vector256.Create(max);
        ref int acc0 = ref MemoryMarshal.GetReference(accumulators);
        ref byte out0 = ref MemoryMarshal.GetReference(output);
        Span<byte> tail = stackalloc byte[16];
        int fullBlocks = outD / 8, rest = outD - fullBlocks * 8;
        // Tiles of pixels, each block's parameters held in registers across the tile.
        const int Tile = 32;
        for (int px0 = 0; px0 < pixels; px0 += Tile)
        {
            int pxEnd = Math.Min(pixels, px0 + Tile);
            for (int blk = 0; blk < blocks; blk++)
            {
                int c = blk * 8;
                var m = Vector256.Create<int>(rq.Multiplier.AsSpan(c, 8));
                var left = Vector256.Create<int>(rq.Left.AsSpan(c, 8)).AsUInt32();
                var right = Vector256.Create<int>(rq.Right.AsSpan(c, 8)).AsUInt32();
                var mask = Vector256.Create<int>(rq.Mask.AsSpan(c, 8));
                var half = Vector256.Create<int>(rq.Half.AsSpan(c, 8));
                if (blk < fullBlocks)
                {
                    for (int px = px0; px < pxEnd; px++)
                    {
                        var v = VectorRequantize.Requantize(Vector256.LoadUnsafe(ref acc0, (nuint)(px * r8 + c)), m, left, right, mask, half, offsetV, minV, maxV);
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref out0, px * outD + c), Narrow8(v));
                    }
                }
                else
                {
                    for (int px = px0; px < pxEnd; px++)
                    {
                        var v = VectorRequantize.Requantize(Vector256.LoadUnsafe(ref acc0, (nuint)(px * r8 + c)), m, left, right, mask, half, offsetV, minV, maxV);
                        Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(tail), Narrow8(v));
                        tail[..rest].CopyTo(output.Slice(px * outD + c, rest));
                    }
                }
            }
        }
    }

    /// <summary>8 int32 lanes already in byte range, truncated to 8 bytes in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Narrow8(Vector256<int> v)
    {
        if (Avx512F.VL.IsSupported) return Avx512F.VL.ConvertToVector128SByte(v).AsUInt64().ToScalar();
        Vector256<short> s = Vector256.Narrow(v, v);
        return Vector128.Narrow(s.GetLower(), s.GetLower()).AsUInt64().ToScalar();
    }
}
