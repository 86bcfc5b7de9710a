using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// The files zipped onto a model after its FlatBuffer (TFLite metadata's "associated files": labels,
/// vocabularies), readable by name. Sizes are bounded by <see cref="ModelLimits.MaxAssociatedFileBytes"/> per file
/// and <see cref="ModelLimits.MaxAssociatedFilesTotalBytes"/> in all (uncompressed, whatever the ZIP claims), so a
/// ZIP bomb raises <see cref="ModelFormatException"/> instead of exhausting memory. Thread-safe: a model and its
/// files may be read from several threads; each file is decompressed once and kept.
/// </summary>
public sealed class AssociatedFiles
{
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _read = new(StringComparer.Ordinal);
    private readonly ModelLimits _limits;
    private readonly object _lock = new();
    private long _totalRead;

    private AssociatedFiles(ZipArchive? zip, ModelLimits limits)
    {
        _limits = limits;
        if (zip is null) return;
        if (zip.Entries.Count > limits.MaxAssociatedFiles)
            throw new ModelFormatException($"associated files: the ZIP has {zip.Entries.Count} entries, over ModelLimits.MaxAssociatedFiles ({limits.MaxAssociatedFiles})");
        foreach (ZipArchiveEntry e in zip.Entries)
        {
            if (e.FullName.EndsWith('/')) continue; // a folder
            _entries.TryAdd(e.FullName, e);
        }
        Names = _entries.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>No associated files.</summary>
    public static AssociatedFiles Empty { get; } = new(null, ModelLimits.Default);

    /// <summary>File names in the ZIP, sorted (folders excluded).</summary>
    public IReadOnlyList<string> Names { get; } = [];

    /// <summary>Number of files.</summary>
    public int Count => Names.Count;

    /// <summary>True when a file named <paramref name="name"/> is in the ZIP.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>
    /// Reads the ZIP appended to a model: <paramref name="trailing"/> are the bytes after the FlatBuffer within
    /// <paramref name="whole"/>. TFLite's metadata writer stores ZIP offsets from the start of the file; a ZIP simply
    /// concatenated to the model stores them from its own start; both are accepted.
    /// </summary>
    internal static AssociatedFiles Open(ReadOnlyMemory<byte> whole, ReadOnlyMemory<byte> trailing, ModelLimits limits)
    {
        if (trailing.IsEmpty) return Empty;
        InvalidDataException? first = null;
        foreach (ReadOnlyMemory<byte> candidate in new[] { whole, trailing })
        {
            try
            {
                var zip = new ZipArchive(AsStream(candidate), ZipArchiveMode.Read, leaveOpen: false);
                _ = zip.Entries.Count; // reads the central directory
                return new AssociatedFiles(zip, limits);
            }
            catch (InvalidDataException e)
            {
                first ??= e;
            }
        }
        throw new ModelFormatException($"associated files: the {trailing.Length} bytes after the model's FlatBuffer are not a readable ZIP archive ({first!.Message})");
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> m) =>
        MemoryMarshal.TryGetArray(m, out ArraySegment<byte> seg) && seg.Array is not null
            ? new MemoryStream(seg.Array, seg.Offset, seg.Count, writable: false)
            : new MemoryStream(m.ToArray(), writable: false);

    /// <summary>The bytes of file <paramref name="name"/>; <see cref="KeyNotFoundException"/> lists the names when it is absent.</summary>
    public ReadOnlyMemory<byte> ReadAllBytes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            if (_read.TryGetValue(name, out byte[]? done)) return done;
            if (!_entries.TryGetValue(name, out ZipArchiveEntry? entry))
                throw new KeyNotFoundException($"associated file '{name}' is not in the model's ZIP; it has: {(Names.Count == 0 ? "no files" : string.Join(", ", Names.Select(n => $"'{n}'")))}");
            long max = Math.Min(_limits.MaxAssociatedFileBytes, _limits.MaxAssociatedFilesTotalBytes - _totalRead);
            if (entry.Length > max)
                throw new ModelFormatException(TooLarge(name, entry.Length));
            byte[] data;
            try
            {
                data = ReadBounded(entry, max) ?? throw new ModelFormatException(TooLarge(name, -1));
            }
            catch (InvalidDataException e)
            {
                throw new ModelFormatException($"associated file '{name}': corrupt ZIP entry ({e.Message})", e);
            }
            _totalRead += data.Length;
            _read[name] = data;
            return data;
        }
    }

    /// <summary>File <paramref name="name"/> decoded as UTF-8 text.</summary>
    public string ReadAllText(string name)
    {
        ReadOnlySpan<byte> bytes = ReadAllBytes(name).Span;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// File <paramref name="name"/> as lines (UTF-8, "\n" or "\r\n"), without a final empty line: the format of
    /// TFLite labels and vocabulary files, one entry per line.
    /// </summary>
    public IReadOnlyList<string> ReadLines(string name)
    {
        string text = ReadAllText(name);
        var lines = text.Split('\n');
        int n = lines.Length;
        if (n > 0 && lines[n - 1].Length == 0) n--;
        var result = new string[n];
        for (int i = 0; i < n; i++) result[i] = lines[i].TrimEnd('\r');
        return result;
    }

    private string TooLarge(string name, long declared) =>
        $"associated file '{name}' is {(declared >= 0 ? declared + " bytes" : "larger than allowed")} uncompressed, over ModelLimits.MaxAssociatedFileBytes ({_limits.MaxAssociatedFileBytes}) " +
        $"or what is left of ModelLimits.MaxAssociatedFilesTotalBytes ({_limits.MaxAssociatedFilesTotalBytes - _totalRead} of {_limits.MaxAssociatedFilesTotalBytes})";

    /// <summary>Decompresses at most <paramref name="max"/> bytes; null when the entry holds more (its declared size lied).</summary>
    private static byte[]? ReadBounded(ZipArchiveEntry entry, long max)
    {
        using Stream s = entry.Open();
        var buffer = new MemoryStream((int)Math.Min(Math.Max(entry.Length, 0), max));
        var chunk = new byte[16384];
        long total = 0;
        int n;
        while ((n = s.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += n;
            if (total > max) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
