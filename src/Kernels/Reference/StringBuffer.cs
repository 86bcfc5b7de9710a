using System.Buffers.Binary;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// TFLite's string tensor layout (string_util.h): int32 count N, N + 1 int32 byte offsets from the buffer's start
/// (the last one is the buffer's length), then the strings' bytes. Readers check the layout and return false on a
/// malformed buffer instead of reading outside it.
/// </summary>
public static class StringBuffer
{
    /// <summary>The strings of <paramref name="buffer"/> as byte arrays; false when the layout is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out byte[][] strings)
    {
        strings = [];
        if (buffer.Length < 4) return false;
        int n = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (n < 0 || (long)(n + 2) * 4 > buffer.Length) return false;
        var result = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            int start = BinaryPrimitives.ReadInt32LittleEndian(buffer[(4 + 4 * i)..]);
            int end = BinaryPrimitives.ReadInt32LittleEndian(buffer[(8 + 4 * i)..]);
            if (start < (n + 2) * 4 || end < start || end > buffer.Length) return false;
            result[i] = buffer[start..end].ToArray();
        }
        strings = result;
        return true;
    }

    /// <summary>Bytes the layout of <paramref name="strings"/> takes; -1 past int32.</summary>
    public static long Size(IReadOnlyList<byte[]> strings)
    {
        long size = 4L * (strings.Count + 2);
        foreach (var s in strings) size += s.Length;
        return size > int.MaxValue ? -1 : size;
    }

    /// <summary>Writes <paramref name="strings"/> in the layout; <paramref name="buffer"/> must have <see cref="Size"/> bytes.</summary>
    public static void Write(IReadOnlyList<byte[]> strings, Span<byte> buffer)
    {
        if (buffer.Length != Size(strings)) throw new ArgumentException("buffer length does not match the strings' layout");
        int n = strings.Count, offset = 4 * (n + 2);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, n);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + 4 * i)..], offset);
            strings[i].CopyTo(buffer[offset..]);
            offset += strings[i].Length;
        }
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + 4 * n)..], offset);
    }
}
