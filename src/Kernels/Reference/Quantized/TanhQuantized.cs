using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// TANH on int8 / uint8 (TFLite's reference registration: a 256-entry LUTPopulate table of tanhf in float) and int16
/// (reference_integer_ops::Tanh: tanh(x) = 2 sigmoid(2x) - 1 on the Q0.16 sigmoid table, 8-bit interpolation).
/// </summary>
public static class TanhQuantized
{
    public static void PopulateTable(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, bool isUInt8, Span<byte> table) =>
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, static x => MathF.Tanh(x), table, isUInt8);

    /// <summary>TanhPrepare for int16: power-of-two scales 2^-12 and 2^-11 keep multiplier 0 (shift 0 or 1).</summary>
    public static void Int16Params(float inputScale, out int inputMultiplier, out int inputLeftShift)
    {
        bool pot = LogisticQuantized.QuantizedAddSubParamsLog2(inputScale, out int log2);
        inputLeftShift = (15 - 3) + log2;
        inputMultiplier = 0;
        if (!(pot && (inputLeftShift == 0 || inputLeftShift == 1)))
            LogisticQuantized.ScaleTo3Over4096(inputScale, out inputMultiplier, out inputLeftShift);
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
            uint uh = abs >> 8;
            int result;
            if (uh >= 255)
            {
                result = 0xFFFF << 8;
            }
            else
            {
                uint ua = table[(int)uh];
                uint ub = table[(int)uh + 1];
                byte ut = (byte)(abs & 0xFF);
                result = unchecked((int)((ua << 8) + ut * (ub - ua)));
            }
            result = x >= 0
                ? unchecked(result - (1 << (14 + 9)) + (1 << (9 - 2)))
                : unchecked(-result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1);
            result >>= 9 - 1;
            output[i] = unchecked((short)result);
        }
    }
}
