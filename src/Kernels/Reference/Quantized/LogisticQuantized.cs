using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// LOGISTIC on int8 / uint8 (TFLite's reference registration: a 256-entry table from LUTPopulate with
/// 1 / (1 + expf(-x)) in float) and int16 (reference_integer_ops::Logistic: the input rescaled so that 2^17
/// represents 10.7, then the unsigned Q0.16 sigmoid table with 9-bit interpolation).
/// </summary>
public static class LogisticQuantized
{
    public static void PopulateTable(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, bool isUInt8, Span<byte> table) =>
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint,
            static x => 1.0f / (1.0f + MathF.Exp(-x)), table, isUInt8);

    public static void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<byte> table)
    {
        Check(input.Length, output.Length, table.Length);
        for (int i = 0; i < input.Length; i++) output[i] = (sbyte)table[(byte)input[i]];
    }

    public static void Run(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> table)
    {
        Check(input.Length, output.Length, table.Length);
        for (int i = 0; i < input.Length; i++) output[i] = table[input[i]];
    }

    /// <summary>
    /// SigmoidPrepare for int16: with a power-of-two input scale of 2^-12 (input left shift 0) the multiplier is 0
    /// (the kernel then uses 3); otherwise multiplier = (int)(inScale * 4096 * 3 * 2^shift) with the smallest shift
    /// that brings it above 32767 / 2.
    /// </summary>
    public static void Int16Params(float inputScale, out int inputMultiplier, out int inputLeftShift)
    {
        bool pot = QuantizedAddSubParamsLog2(inputScale, out int log2);
        inputLeftShift = (15 - 3) + log2;
        inputMultiplier = 0;
        if (!(pot && inputLeftShift == 0)) ScaleTo3Over4096(inputScale, out inputMultiplier, out inputLeftShift);
    }

    internal static bool QuantizedAddSubParamsLog2(float scale, out int log2) => Params.QuantizedAddSubParams.TryLog2(scale, out log2);

    internal static void ScaleTo3Over4096(float inputScale, out int multiplier, out int leftShift)
    {
        double m = inputScale * 4096.0 * 3.0;
        leftShift = 0;
        while (m <= 32767.0 / 2.0 && leftShift <= 30)
        {
            leftShift++;
            m *= 2.0;
        }
        multiplier = (int)m;
    }

    public static void RunInt16(ReadOnlySpan<short> input, Span<short> output, int inputMultiplier, int inputLeftShift)
    {
        if (input.Length != output.Length) throw new ArgumentException($"input has {input.Length} elements, output {output.Length}");
        if (inputMultiplier == 0)
        {
            inputMultiplier = 3 << inputLeftShift;
            inputLeftShift = 0;
        }
        int round = inputLeftShift > 0 ? 1 << (inputLeftShift - 1) : 0;
        var table = LookupTables.SigmoidTableUInt16;
        for (int i = 0; i < input.Length; i++)
        {
            int x = unchecked(input[i] * inputMultiplier + round) >> inputLeftShift;
            uint abs = (uint)Math.Abs((long)x);
            uint uh = abs >> 9;
            uint result;
            if (uh >= 255)
            {
                result = 0x7FFFu << 10;
            }
            else
            {
                uint ua = table[(int)uh];
                uint ub = table[(int)uh + 1];
                uint ut = abs & 0x1ff;
                result = unchecked((ua << 9) + ut * (ub - ua));
            }
            result = x >= 0 ? unchecked(result + (1u << 9)) : unchecked((1u << (16 + 9)) - result + (1u << 9) - 1);
            result >>= 10;
            output[i] = unchecked((short)result);
        }
    }

    private static void Check(int inLength, int outLength, int tableLength)
    {
        if (inLength != outLength) throw new ArgumentException($"input has {inLength} elements, output {outLength}");
        if (tableLength < 256) throw new ArgumentException("table needs 256 entries");
    }
}
