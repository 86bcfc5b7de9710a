using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// ELU on int8 (TFLite's EluPrepare / EluEval: a 256-entry table built once from x &lt; 0 ? expf(x) - 1 : x in float
/// with the input and output quantization, then one lookup per element). TFLite has no uint8 or int16 ELU.
/// </summary>
public static class EluQuantized
{
    /// <summary>The float transform TFLite tabulates (exp minus one, both in float).</summary>
    public static float Transform(float x) => x < 0f ? MathF.Exp(x) - 1f : x;

    public static void PopulateTable(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Span<byte> table) =>
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, Transform, table);

    public static void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<byte> table) =>
        LogisticQuantized.Run(input, output, table);
}
