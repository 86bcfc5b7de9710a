namespace ManagedLite.Kernels.Quantization;

/// <summary>
/// TFLite's lookup-table helpers (kernels/internal/common.h): 256-entry int8/uint8 tables, 513-entry int16
/// tables with linear interpolation (9-bit index, 7-bit fraction), both the current LUTPopulate generator and
/// the older gen_lut one (softmax int16 in older TFLite releases), and the combined sigmoid/tanh table.
/// </summary>
public static class LookupTables
{
    /// <summary>Number of entries of an int16-input table.</summary>
    public const int Int16LutSize = 513;

    /// <summary>
    /// LUTPopulate for int8 (or uint8 when <paramref name="isUInt8"/>): for each input q, dequantize in float,
    /// transform, rescale by 1/outputScale (float), round half away, add the output zero point, clamp.
    /// The table is indexed by the input's byte: for int8 entry (byte)(sbyte)q.
    /// </summary>
    public static void PopulateInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        Func<float, float> transform, Span<byte> lut, bool isUInt8 = false)
    {
        if (lut.Length < 256) throw new ArgumentException("LUT needs 256 entries", nameof(lut));
        float inverseScale = 1 / outputScale;
        int minVal = isUInt8 ? byte.MinValue : sbyte.MinValue;
        int maxVal = isUInt8 ? byte.MaxValue : sbyte.MaxValue;
        for (int val = minVal; val <= maxVal; val++)
        {
            float dequantized = inputScale * (val - inputZeroPoint);
            float transformed = transform(dequantized);
            float rescaled = MathF.Round(transformed * inverseScale, MidpointRounding.AwayFromZero);
            // static_cast<int32_t> as x86 converts: an infinite, NaN or out-of-range value becomes int.MinValue
            // (so an overflowing EXP entry lands on the type's minimum, as in TFLite).
            float sum = rescaled + outputZeroPoint;
            int quantized = sum >= -2147483648f && sum < 2147483648f ? (int)sum : int.MinValue;
            lut[(byte)val] = (byte)Math.Max(Math.Min(maxVal, quantized), minVal);
        }
    }

    /// <summary>int8 lookup without interpolation.</summary>
    public static sbyte Lookup(sbyte value, ReadOnlySpan<byte> lut) => (sbyte)lut[(byte)value];

    /// <summary>uint8 lookup without interpolation.</summary>
    public static byte Lookup(byte value, ReadOnlySpan<byte> lut) => lut[value];

    /// <summary>
    /// LUTPopulate for int16 in float arithmetic (LUTPopulateInt16&lt;float&gt;): 512 steps over the input range,
    /// each sample biased by half the midpoint interpolation error, plus a final entry for the slope.
    /// </summary>
    public static void PopulateInt16(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        Func<float, float> transform, Span<short> lut)
    {
        if (lut.Length < Int16LutSize) throw new ArgumentException("LUT needs 513 entries", nameof(lut));
        float inputMin = inputScale * (short.MinValue - inputZeroPoint);
        float inputMax = inputScale * (short.MaxValue - inputZeroPoint);
        float outputMin = outputScale * (short.MinValue - outputZeroPoint);
        float outputMax = outputScale * (short.MaxValue - outputZeroPoint);
        const int steps = 512;
        float step = (inputMax - inputMin) / steps;
        float halfStep = step / 2;
        float outputScalingInv = (float)(short.MaxValue - short.MinValue + 1) / (outputMax - outputMin);
        const float tableMin = short.MinValue;
        const float tableMax = short.MaxValue;
        for (int i = 0; i < steps; i++)
        {
            float val = transform(inputMin + i * step);
            float valMidpoint = transform(inputMin + i * step + halfStep);
            float valNext = transform(inputMin + (i + 1) * step);
            float sampleVal = RoundF(val * outputScalingInv);
            float midpointInterpVal = RoundF((valNext * outputScalingInv + RoundF(val * outputScalingInv)) / 2);
            float midpointVal = RoundF(valMidpoint * outputScalingInv);
            float midpointErr = midpointInterpVal - midpointVal;
            float bias = RoundF(midpointErr / 2);
            lut[i] = (short)Math.Min(Math.Max(sampleVal - bias, tableMin), tableMax);
        }
        lut[steps] = (short)Math.Min(Math.Max(RoundF(transform(inputMax) * outputScalingInv), tableMin), tableMax);
    }

    /// <summary>LUTPopulateInt16&lt;double&gt; (the deprecated double overload), same algorithm in double arithmetic.</summary>
    public static void PopulateInt16(double inputScale, int inputZeroPoint, double outputScale, int outputZeroPoint,
        Func<double, double> transform, Span<short> lut)
    {
        if (lut.Length < Int16LutSize) throw new ArgumentException("LUT needs 513 entries", nameof(lut));
        double inputMin = inputScale * (short.MinValue - inputZeroPoint);
        double inputMax = inputScale * (short.MaxValue - inputZeroPoint);
        double outputMin = outputScale * (short.MinValue - outputZeroPoint);
        double outputMax = outputScale * (short.MaxValue - outputZeroPoint);
        const int steps = 512;
        double step = (inputMax - inputMin) / steps;
        double halfStep = step / 2;
        double outputScalingInv = (double)(short.MaxValue - short.MinValue + 1) / (outputMax - outputMin);
        for (int i = 0; i < steps; i++)
        {
            double val = transform(inputMin + i * step);
            double valMidpoint = transform(inputMin + i * step + halfStep);
            double valNext = transform(inputMin + (i + 1) * step);
            double sampleVal = RoundD(val * outputScalingInv);
            double midpointInterpVal = RoundD((valNext * outputScalingInv + RoundD(val * outputScalingInv)) / 2);
            double midpointVal = RoundD(valMidpoint * outputScalingInv);
            double bias = RoundD((midpointInterpVal - midpointVal) / 2);
            lut[i] = (short)Math.Min(Math.Max(sampleVal - bias, short.MinValue), short.MaxValue);
        }
        lut[steps] = (short)Math.Min(Math.Max(RoundD(transform(inputMax) * outputScalingInv), short.MinValue), short.MaxValue);
    }

    /// <summary>
    /// The older gen_lut(func, min, max, table, num): samples func on [min, max] in num - 1 steps, output in
    /// Q0.15 (scaled by 32768), with the same midpoint bias; table[num - 1] = func(max). Softmax int16 used
    /// it with num = 513 for exp on [-10, 0] and 1/(1+x) on [0, 1].
    /// </summary>
    public static void GenLutLegacy(Func<double, double> func, double min, double max, Span<short> table, int num)
    {
        if (num < 2 || table.Length < num) throw new ArgumentException("table shorter than num", nameof(table));
        double step = (max - min) / (num - 1);
        double halfStep = step / 2.0;
        for (int i = 0; i < num - 1; i++)
        {
            double sampleVal = RoundD(func(min + i * step) * 32768.0);
            double midpointInterpVal = RoundD((func(min + (i + 1) * step) * 32768.0 + RoundD(func(min + i * step) * 32768.0)) / 2.0);
            double midpointVal = RoundD(func(min + i * step + halfStep) * 32768.0);
            double bias = RoundD((midpointInterpVal - midpointVal) / 2.0);
            table[i] = (short)Math.Min(Math.Max(sampleVal - bias, -32768.0), 32767.0);
        }
        table[num - 1] = (short)Math.Min(Math.Max(RoundD(func(max) * 32768.0), -32768.0), 32767.0);
    }

    /// <summary>
    /// int16 lookup with interpolation (LUTLookup, also generic_int16_table_lookup): index 256 + (value &gt;&gt; 7),
    /// base + ((slope * (value &amp; 0x7f) + 64) &gt;&gt; 7), with the slope and the result truncated to 16 bits.
    /// </summary>
    public static short Lookup(short value, ReadOnlySpan<short> lut)
    {
        int index = 256 + (value >> 7);
        int offset = value & 0x7f;
        short baseValue = lut[index];
        short slope = unchecked((short)(lut[index + 1] - lut[index]));
        int delta = (slope * offset + 64) >> 7;
        return unchecked((short)(baseValue + delta));
    }

    /// <summary>Table of sigmoid(i/24) in unsigned Q0.16, used by TFLite's int16 logistic/tanh reference kernels.</summary>
    public static ReadOnlySpan<ushort> SigmoidTableUInt16 =>
    [
        32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498,
        40149, 40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255,
        46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865,
        52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174,
        56503, 56823, 57133, 57433, 57724, 58007, 58280, 58544, 58800, 59048, 59288,
        59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110, 61279, 61441,
        61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886,
        62990, 63090, 63186, 63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835,
        63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450,
        64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845,
        64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097,
        65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
        65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360,
        65367, 65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425,
        65429, 65433, 65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465,
        65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
        65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508,
        65509, 65510, 65511, 65512, 65513, 65514, 65515, 65516, 65517, 65517, 65518,
        65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524, 65525,
        65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529,
        65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531, 65531,
        65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533, 65533, 65533,
        65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
        65534, 65534, 65535,
    ];

    private static float RoundF(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);
    private static double RoundD(double x) => Math.Round(x, MidpointRounding.AwayFromZero);
}
