using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>Reads whole files without trusting the length the file system reports.</summary>
internal static class BoundedFile
{
    /// <summary>
    /// Reads <paramref name="path"/> in full, failing with <see cref="ModelFormatException"/> (for models) or
    /// <see cref="InvalidDataException"/> once more than <paramref name="maxBytes"/> bytes arrive: /dev/zero, a pipe or a
    /// growing file cannot make it allocate more than maxBytes + a read block.
    /// </summary>
    public static byte[] ReadAll(string path, long maxBytes, string what, bool model = true)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return ReadAll(stream, maxBytes, $"{what} {path}", model);
    }

    public static byte[] ReadAll(Stream stream, long maxBytes, string what, bool model = true)
    {
        long reported = -1;
        try { if (stream.CanSeek) reported = stream.Length - stream.Position; } catch (NotSupportedException) { }
        if (reported > maxBytes) throw Fail($"{what} is {reported} bytes, over the limit of {maxBytes} bytes", model);
        // A regular file's length is a hint for the first buffer, never a promise.
        int capacity = (int)Math.Clamp(reported > 0 ? Math.Min(reported + 1, maxBytes + 1) : 1 << 16, 1, Array.MaxLength);
        var buffer = new byte[capacity];
        long total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes) break;
                long next = Math.Min(Math.Max(buffer.Length * 2L, 1 << 16), Math.Min(maxBytes + 1, Array.MaxLength));
                if (next <= buffer.Length)
                {
                    // Cannot grow (one array's limit): the data must end here.
                    if (stream.Read(new byte[1], 0, 1) > 0) total = maxBytes + 1;
                    break;
                }
                Array.Resize(ref buffer, (int)next);
            }
            int n = stream.Read(buffer, (int)total, buffer.Length - (int)total);
            if (n == 0) break;
            total += n;
            if (total > maxBytes) break;
        }
        if (total > maxBytes)
            throw Fail($"{what}: more than {maxBytes} bytes (the limit) arrived; the file is too large or never ends", model);
        if (total != buffer.Length) Array.Resize(ref buffer, (int)total);
        return buffer;
    }

    private static Exception Fail(string message, bool model) =>
        model ? new ModelFormatException(message + " (ModelLimits.MaxModelBytes)") : new InvalidDataException(message);
}
