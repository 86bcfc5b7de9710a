using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;

namespace ManagedLite.Kernels.Optimized.Hybrid;

/// <summary>
/// The float finishing of the dynamic-range convolutions for one block of 16 output channels, as an
/// <see cref="IGemmEpilogue"/> of the int16 GEMM and depthwise microkernels:
/// <c>out = clamp(((float)acc * A) * B + bias)</c>, lane by lane, with the same IEEE operations in the same order as the
/// reference kernels' scalar expressions, so the floats are bit-identical:
/// <list type="bullet">
/// <item>CONV_2D per tensor: A = s * filterScale (one float product, as the reference), B = 1 (x * 1 is exact);</item>
/// <item>CONV_2D per channel: A = filterScale[oc], B = s (the reference's left-to-right <c>acc * fs * s</c>);</item>
/// <item>DEPTHWISE_CONV_2D: A = filterScale[ch] * s, B = 1 (the reference's <c>v *= fs * s</c>).</item>
/// </list>
/// The bias is added only when there is one (adding 0 would turn -0 into +0), and the clamp uses Vector256.Max/Min,
/// which follow Math.Max/Min for NaN and signed zeros.
/// </summary>
internal readonly unsafe struct HybridEpilogue : IGemmEpilogue
{
    private readonly Vector256<float> _a0, _a1, _b, _bias0, _bias1, _min, _max;
    private readonly bool _hasBias;

    private HybridEpilogue(Vector256<float> a0, Vector256<float> a1, float b, ReadOnlySpan<float> bias, int channel, float min, float max)
    {
        _a0 = a0;
        _a1 = a1;
        _b = Vector256.Create(b);
        _hasBias = !bias.IsEmpty;
        if (_hasBias) Load16(bias, channel, out _bias0, out _bias1);
        else _bias0 = _bias1 = default;
        _min = Vector256.Create(min);
        _max = Vector256.Create(max);
    }

    /// <summary>CONV_2D per tensor: <paramref name="scale"/> = s * filterScale, computed by the caller as the reference does.</summary>
    public static HybridEpilogue PerTensor(float scale, ReadOnlySpan<float> bias, int channel, float min, float max) =>
        new(Vector256.Create(scale), Vector256.Create(scale), 1f, bias, channel, min, max);

    /// <summary>CONV_2D per channel: (acc * filterScales[oc]) * s; one scale is broadcast.</summary>
    public static HybridEpilogue PerChannel(ReadOnlySpan<float> filterScales, float s, ReadOnlySpan<float> bias, int channel, float min, float max)
    {
        Scales(filterScales, channel, out var a0, out var a1);
        return new(a0, a1, s, bias, channel, min, max);
    }

    /// <summary>DEPTHWISE_CONV_2D: acc * (filterScales[ch] * s); one scale is broadcast.</summary>
    public static HybridEpilogue Depthwise(ReadOnlySpan<float> filterScales, float s, ReadOnlySpan<float> bias, int channel, float min, float max)
    {
        Scales(filterScales, channel, out var a0, out var a1);
        var vs = Vector256.Create(s);
        return new(a0 * vs, a1 * vs, 1f, bias, channel, min, max);
    }

    private static void Scales(ReadOnlySpan<float> filterScales, int channel, out Vector256<float> v0, out Vector256<float> v1)
    {
        if (filterScales.Length == 1) v0 = v1 = Vector256.Create(filterScales[0]);
        else Load16(filterScales, channel, out v0, out v1);
    }

    /// <summary>Elements channel .. channel + 15 of <paramref name="src"/>, 0 past its end.</summary>
    private static void Load16(ReadOnlySpan<float> src, int channel, out Vector256<float> v0, out Vector256<float> v1)
    {
        Span<float> tmp = stackalloc float[16];
        tmp.Clear();
        int n = Math.Clamp(src.Length - channel, 0, 16);
        src.Slice(channel, n).CopyTo(tmp);
        v0 = Vector256.Create((ReadOnlySpan<float>)tmp[..8]);
        v1 = Vector256.Create((ReadOnlySpan<float>)tmp[8..]);
    }

    /// <summary><paramref name="dst"/> is float, <paramref name="dstStride"/> in floats. Not inlined, like the int8 epilogue.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public void StoreRows(int* acc, int rows, void* dst, nint dstStride, int cols)
    {
        float* d = (float*)dst;
        Vector256<float> a0 = _a0, a1 = _a1, b = _b, bias0 = _bias0, bias1 = _bias1, min = _min, max = _max;
        bool hasBias = _hasBias;
        for (int r = 0; r < rows; r++, acc += 16, d += dstStride)
        {
            Vector256<float> x0 = Vector256.ConvertToSingle(Vector256.Load(acc)) * a0 * b;
            Vector256<float> x1 = Vector256.ConvertToSingle(Vector256.Load(acc + 8)) * a1 * b;
            if (hasBias)
            {
                x0 += bias0;
                x1 += bias1;
            }
            x0 = Vector256.Min(Vector256.Max(x0, min), max);
            x1 = Vector256.Min(Vector256.Max(x1, min), max);
            if (cols == 16)
            {
                x0.Store(d);
                x1.Store(d + 8);
            }
            else StorePartial(x0, x1, d, cols);
        }
    }

    private static void StorePartial(Vector256<float> x0, Vector256<float> x1, float* d, int cols)
    {
        int i = 0;
        if (cols >= 8)
        {
            x0.Store(d);
            for (i = 8; i < cols; i++) d[i] = x1.GetElement(i - 8);
            return;
        }
        for (; i < cols; i++) d[i] = x0.GetElement(i);
    }
}
