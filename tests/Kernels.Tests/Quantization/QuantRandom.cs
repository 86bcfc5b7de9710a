using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>Seeded random tensors and quantization parameters for the kernel tests.</summary>
internal sealed class QuantRandom(int seed)
{
    private readonly Random _rng = new(seed);

    public int Next(int min, int maxInclusive) => _rng.Next(min, maxInclusive + 1);

    public sbyte[] Int8(int n, int min = sbyte.MinValue) { var a = new sbyte[n]; for (int i = 0; i < n; i++) a[i] = (sbyte)Next(min, 127); return a; }
    public byte[] UInt8(int n) { var a = new byte[n]; _rng.NextBytes(a); return a; }
    public short[] Int16(int n) { var a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short)Next(short.MinValue, short.MaxValue); return a; }
    public int[] Int32(int n, int range) { var a = new int[n]; for (int i = 0; i < n; i++) a[i] = Next(-range, range); return a; }
    public long[] Int64(int n, long range) { var a = new long[n]; for (int i = 0; i < n; i++) a[i] = _rng.NextInt64(-range, range + 1); return a; }

    /// <summary>Per-channel multipliers from real scales in [2^-14, 2^-6] (typical conv output scales), via QuantizeMultiplier.</summary>
    public (int[] Multipliers, int[] Shifts) PerChannel(int channels, double minLog2 = -14, double maxLog2 = -6)
    {
        var m = new int[channels];
        var s = new int[channels];
        for (int c = 0; c < channels; c++)
            QuantizedMultiplier.Quantize(Math.Pow(2, minLog2 + (maxLog2 - minLog2) * _rng.NextDouble()), out m[c], out s[c]);
        return (m, s);
    }

    /// <summary>Random geometry; output size computed from SAME/VALID-like random padding.</summary>
    public QuantizedConvParams ConvGeometry(int inDepth, int outDepth, bool depthwise = false, int depthMultiplier = 1, bool transpose = false)
    {
        int inH = Next(1, 7), inW = Next(1, 7), fH = Next(1, 3), fW = Next(1, 3);
        int sH = Next(1, 2), sW = Next(1, 2), dH = transpose ? 1 : Next(1, 2), dW = transpose ? 1 : Next(1, 2);
        int padH = Next(0, fH - 1), padW = Next(0, fW - 1);
        int outH, outW;
        if (transpose)
        {
            outH = Math.Max(1, (inH - 1) * sH + fH - 2 * padH);
            outW = Math.Max(1, (inW - 1) * sW + fW - 2 * padW);
        }
        else
        {
            outH = Math.Max(1, (inH + 2 * padH - ((fH - 1) * dH + 1)) / sH + 1);
            outW = Math.Max(1, (inW + 2 * padW - ((fW - 1) * dW + 1)) / sW + 1);
        }
        return new QuantizedConvParams
        {
            Batches = Next(1, 2), InputHeight = inH, InputWidth = inW, InputDepth = inDepth,
            FilterHeight = fH, FilterWidth = fW, OutputHeight = outH, OutputWidth = outW, OutputDepth = outDepth,
            StrideHeight = sH, StrideWidth = sW, DilationHeight = dH, DilationWidth = dW, PadHeight = padH, PadWidth = padW,
            DepthMultiplier = depthwise ? depthMultiplier : 0,
        };
    }

    public static int[] Ints(ReadOnlySpan<sbyte> a) { var r = new int[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i]; return r; }
    public static int[] Ints(ReadOnlySpan<byte> a) { var r = new int[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i]; return r; }
    public static int[] Ints(ReadOnlySpan<short> a) { var r = new int[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i]; return r; }
    public static long[] Longs(ReadOnlySpan<int> a) { var r = new long[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i]; return r; }
}
