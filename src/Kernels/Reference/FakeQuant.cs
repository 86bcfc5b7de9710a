namespace ManagedLite.Kernels.Reference;

/// <summary>
/// FAKE_QUANT (TFLite's fake_quant.cc, from TensorFlow's FakeQuantWithMinMaxArgs): the [min, max] range is nudged so
/// that zero is exactly representable on the grid of 2^numBits levels (quant_min 0, or 1 with narrow_range, up to
/// 2^numBits - 1), then each value is clamped to the nudged range and rounded (half away from zero) to the grid.
/// All arithmetic is float32, as in TFLite.
/// </summary>
public static class FakeQuant
{
    /// <summary>TFLite's NudgeQuantizationRange.</summary>
    public static void Nudge(float min, float max, int quantMin, int quantMax, out float nudgedMin, out float nudgedMax, out float nudgedScale)
    {
        float quantMinF = quantMin, quantMaxF = quantMax;
        nudgedScale = (max - min) / (quantMaxF - quantMinF);
        float zeroPointFromMin = quantMinF - min / nudgedScale;
        ushort nudgedZeroPoint;
        if (zeroPointFromMin < quantMinF) nudgedZeroPoint = (ushort)quantMin;
        else if (zeroPointFromMin > quantMaxF) nudgedZeroPoint = (ushort)quantMax;
        else nudgedZeroPoint = (ushort)MathF.Round(zeroPointFromMin, MidpointRounding.AwayFromZero);
        nudgedMin = (quantMinF - nudgedZeroPoint) * nudgedScale;
        nudgedMax = (quantMaxF - nudgedZeroPoint) * nudgedScale;
    }

    public static void Run(ReadOnlySpan<float> input, Span<float> output, float min, float max, int numBits, bool narrowRange)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        if (numBits is < 2 or > 16) throw new ArgumentOutOfRangeException(nameof(numBits), numBits, "must be in [2, 16]");
        int quantMin = narrowRange ? 1 : 0;
        int quantMax = (1 << numBits) - 1;
        Nudge(min, max, quantMin, quantMax, out float nudgedMin, out float nudgedMax, out float nudgedScale);
        float inverseScale = 1f / nudgedScale;
        for (int i = 0; i < input.Length; i++)
        {
            // std::min(nudged_max, std::max(nudged_min, x)): a NaN input lands on nudged_min.
            float x = input[i];
            float lower = nudgedMin < x ? x : nudgedMin;
            float clamped = lower < nudgedMax ? lower : nudgedMax;
            float shifted = clamped - nudgedMin;
            output[i] = MathF.Round(shifted * inverseScale, MidpointRounding.AwayFromZero) * nudgedScale + nudgedMin;
        }
    }
}
