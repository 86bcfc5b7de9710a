using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// EXP and LOG on int8 and int16 (TFLite's exp.cc and elementwise.cc): 256-entry (int8) or 513-entry interpolated
/// (int16) lookup tables built by LUTPopulate from expf / logf over the input quantization; LOG maps x &lt;= 0 to the
/// smallest representable output. Lookups go through <see cref="LookupTables"/>.
/// </summary>
public static class ExpLogQuantized
{
    public static void PopulateExpInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<byte> lut) =>
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, MathF.Exp, lut);

    public static void PopulateExpInt16(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<short> lut) =>
        LookupTables.PopulateInt16(inputScale, inputZeroPoint, outputScale, outputZeroPoint, MathF.Exp, lut);

    public static void PopulateLogInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<byte> lut)
    {
        float outputMin = (sbyte.MinValue - outputZeroPoint) * outputScale;
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, x => x <= 0f ? outputMin : MathF.Log(x), lut);
    }

    public static void PopulateLogInt16(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<short> lut)
    {
        float outputMin = (short.MinValue - outputZeroPoint) * outputScale;
        LookupTables.PopulateInt16(inputScale, inputZeroPoint, outputScale, outputZeroPoint, x => x <= 0f ? outputMin : MathF.Log(x), lut);
    }

    public static void Lookup(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<byte> lut)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = LookupTables.Lookup(input[i], lut);
    }

    public static void Lookup(ReadOnlySpan<short> input, Span<short> output, ReadOnlySpan<short> lut)
    {
        if (input.Length != output.Length) throw new ArgumentException("length mismatch");
        for (int i = 0; i < input.Length; i++) output[i] = LookupTables.Lookup(input[i], lut);
    }
}
