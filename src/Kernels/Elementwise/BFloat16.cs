namespace ManagedLite.Kernels.Elementwise;

/// <summary>
/// bfloat16 values as their raw 16 bits (the upper half of a float32), converted as Eigen does: widening is exact,
/// narrowing rounds to nearest even, and a NaN becomes the quiet NaN 0x7FC0 (0xFFC0 when negative).
/// </summary>
public static class BFloat16
{
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    public static ushort FromSingle(float value)
    {
        if (float.IsNaN(value)) return float.IsNegative(value) ? (ushort)0xFFC0 : (ushort)0x7FC0;
        uint input = BitConverter.SingleToUInt32Bits(value);
        uint lsb = (input >> 16) & 1;
        return (ushort)(unchecked(input + 0x7FFFu + lsb) >> 16);
    }
}
