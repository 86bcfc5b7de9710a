using ManagedLite.Kernels.Elementwise;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// ROUND (TFLite's round.cc: reference_ops::RoundToNearest): round half to even ("banker's rounding", as tf.round),
/// written as TFLite writes it: floor, then up when the fraction exceeds one half or is one half above an odd floor.
/// float16 and bfloat16 go through float32.
/// </summary>
public static class Round
{
    public static float RoundToNearest(float value)
    {
        float floor = MathF.Floor(value);
        float diff = value - floor;
        // (int)floor as C++ converts it on x86: out-of-range values become int.MinValue, which is even.
        int asInt = floor >= -2147483648f && floor < 2147483648f ? (int)floor : int.MinValue;
        if (diff < 0.5f || (diff == 0.5f && asInt % 2 == 0)) return floor;
        return floor + 1f;
    }

    public static void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = RoundToNearest(input[i]);
    }

    public static void Run(ReadOnlySpan<Half> input, Span<Half> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = (Half)RoundToNearest((float)input[i]);
    }

    /// <summary>bfloat16 as raw bits.</summary>
    public static void RunBFloat16(ReadOnlySpan<ushort> input, Span<ushort> output)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = BFloat16.FromSingle(RoundToNearest(BFloat16.ToSingle(input[i])));
    }
}
