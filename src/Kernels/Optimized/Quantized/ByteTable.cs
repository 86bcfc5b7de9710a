using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// output[i] = table[input[i]] for a 256-entry byte table: the 8-bit activations that are a function of the input byte
/// alone (LOGISTIC, TANH, ELU, GELU, HARD_SWISH on int8 / uint8, tables built at Prepare from the reference kernels, so
/// the bytes are theirs). With AVX-512 VBMI, 64 bytes per step: two two-register byte permutes (vpermi2b) look up the
/// low and the high half of the table by the index's low 7 bits, and the index's top bit picks between them; the last
/// 64 bytes as one overlapping vector computed before any store (so input and output may be the same span). Otherwise,
/// and below 64 bytes, one lookup per byte.
/// </summary>
public static class ByteTable
{
    private static readonly byte[] s_allBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    /// <summary>
    /// The 256 byte values in index order: a reference kernel run over them (as int8 or uint8) writes the table of a
    /// function of the input byte, entry i for input byte i.
    /// </summary>
    public static ReadOnlySpan<byte> AllBytes => s_allBytes;

    /// <summary><see cref="AllBytes"/> as int8 values (entry i is the int8 value with byte pattern i).</summary>
    public static ReadOnlySpan<sbyte> AllSBytes => MemoryMarshal.Cast<byte, sbyte>(s_allBytes);

    public static void Lookup(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<byte> table)
        => Lookup(MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(output), table);

    public static void Lookup(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> table)
    {
        if (table.Length != 256) throw new ArgumentException($"byte table: {table.Length} entries, expected 256");
        if (input.Length != output.Length) throw new ArgumentException($"byte table: input has {input.Length} elements, output {output.Length}");
        if (input.Overlaps(output, out int offset) && offset != 0) throw new ArgumentException("byte table: output partially overlaps the input");
        int n = input.Length;
        if (!Avx512Vbmi.IsSupported || n < Vector512<byte>.Count)
        {
            for (int i = 0; i < n; i++) output[i] = table[input[i]];
            return;
        }
        ref byte t = ref MemoryMarshal.GetReference(table);
        var t0 = Vector512.LoadUnsafe(ref t);
        var t1 = Vector512.LoadUnsafe(ref t, 64);
        var t2 = Vector512.LoadUnsafe(ref t, 128);
        var t3 = Vector512.LoadUnsafe(ref t, 192);
        ref byte x = ref MemoryMarshal.GetReference(input);
        ref byte y = ref MemoryMarshal.GetReference(output);
        int w = Vector512<byte>.Count;
        var last = Map(Vector512.LoadUnsafe(ref x, (nuint)(n - w)), t0, t1, t2, t3);
        for (int i = 0; i < n - w; i += w)
            Map(Vector512.LoadUnsafe(ref x, (nuint)i), t0, t1, t2, t3).StoreUnsafe(ref y, (nuint)i);
        last.StoreUnsafe(ref y, (nuint)(n - w));
    }

    private static Vector512<byte> Map(Vector512<byte> index, Vector512<byte> t0, Vector512<byte> t1, Vector512<byte> t2, Vector512<byte> t3)
    {
        var low = Avx512Vbmi.PermuteVar64x8x2(t0, index, t1);  // entries 0..127 by the index's low 7 bits
        var high = Avx512Vbmi.PermuteVar64x8x2(t2, index, t3); // entries 128..255
        return Vector512.ConditionalSelect(Vector512.LessThan(index.AsSByte(), Vector512<sbyte>.Zero).AsByte(), high, low);
    }
}
