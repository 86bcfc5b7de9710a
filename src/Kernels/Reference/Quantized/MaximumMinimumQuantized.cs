using System.Numerics;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// MAXIMUM / MINIMUM on int8, uint8 and int16 (TFLite's maximum_minimum.cc: a plain comparison of the stored
/// values with broadcasting; input and output share one quantization, so no rescaling).
/// </summary>
public static class MaximumMinimumQuantized
{
    public static void Maximum<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1, ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2,
        ReadOnlySpan<int> shapeOut, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(default(MaxOperator), shape1, input1, shape2, input2, shapeOut, output);

    public static void Minimum<T>(ReadOnlySpan<int> shape1, ReadOnlySpan<T> input1, ReadOnlySpan<int> shape2, ReadOnlySpan<T> input2,
        ReadOnlySpan<int> shapeOut, Span<T> output) where T : unmanaged, IBinaryInteger<T>
        => QuantizedBroadcast.Binary(default(MinOperator), shape1, input1, shape2, input2, shapeOut, output);

    public readonly struct MaxOperator : IQuantizedBinaryOperator
    {
        public int Invoke(int a, int b) => a > b ? a : b;
    }

    public readonly struct MinOperator : IQuantizedBinaryOperator
    {
        public int Invoke(int a, int b) => a < b ? a : b;
    }
}
