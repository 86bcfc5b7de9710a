using ManagedLite.Schema;

namespace ManagedLite;

public sealed partial class Model
{
    /// <summary>
    /// Reads a model from <paramref name="stream"/> (from its current position to its end) and verifies it. At most
    /// <see cref="ModelLimits.MaxModelBytes"/> + 1 bytes are read: a longer stream raises
    /// <see cref="ModelFormatException"/> without being read further. The stream is not closed.
    /// </summary>
    public static Model FromStream(Stream stream, ModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ModelLimits.Default;
        long max = limits.MaxModelBytes;
        if (stream.CanSeek && stream.Length - stream.Position > max)
            throw new ModelFormatException($"model stream holds {stream.Length - stream.Position} bytes, over the limit of {max}");
        int capacity = stream.CanSeek ? (int)Math.Min(stream.Length - stream.Position, int.MaxValue - 64) : 1 << 16;
        var buffer = new MemoryStream(Math.Max(capacity, 0));
        var chunk = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max + 1 - total))) > 0)
        {
            total += n;
            if (total > max)
                throw new ModelFormatException($"model stream is longer than the limit of {max} bytes");
            buffer.Write(chunk, 0, n);
        }
        byte[] bytes = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        return FromBytes(bytes, limits);
    }
}
