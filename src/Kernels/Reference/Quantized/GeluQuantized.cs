using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// GELU on int8 and uint8 (TFLite's GeluPrepare: LUTPopulate over the float GELU, the erfc form or the tanh
/// approximation, with the input and output quantization; Eval is one table lookup per element).
/// </summary>
public static class GeluQuantized
{
    public static void PopulateTable(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        bool approximate, bool isUInt8, Span<byte> table)
    {
        if (approximate)
            LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, static x => GeluApproximateOperator.Invoke(x), table, isUInt8);
        else
            LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, static x => GeluOperator.Invoke(x), table, isUInt8);
    }

    public static void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<byte> table) => LogisticQuantized.Run(input, output, table);

    public static void Run(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> table) => LogisticQuantized.Run(input, output, table);
}
