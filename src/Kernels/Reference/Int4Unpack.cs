namespace ManagedLite.Kernels.Reference;

/// <summary>
/// TFLite's packed INT4 tensors: two signed 4-bit values a byte, the element with the even index in the low nibble
/// (tensor_utils::UnpackDenseInt4IntoInt8). An odd count leaves the last high nibble unused.
/// </summary>
public static class Int4Unpack
{
    /// <summary>Bytes that hold <paramref name="count"/> packed int4 values.</summary>
    public static long PackedBytes(long count) => (count + 1) / 2;

    public static void ToInt8(ReadOnlySpan<byte> packed, Span<sbyte> output)
    {
        if (packed.Length < PackedBytes(output.Length))
            throw new ArgumentException($"int4: {packed.Length} bytes hold fewer than {output.Length} values");
        for (int i = 0; i < output.Length; i++)
        {
            int b = packed[i >> 1];
            output[i] = (i & 1) == 0 ? (sbyte)((sbyte)(b << 4) >> 4) : (sbyte)((sbyte)b >> 4);
        }
    }
}
