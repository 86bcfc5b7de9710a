using System.Buffers.Binary;
using System.Globalization;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.IO;

/// <summary>
/// String arrays: NumPy's fixed-width <c>|S&lt;n&gt;</c> (bytes, NUL-padded) and <c>&lt;U&lt;n&gt;</c> (UTF-32, NUL-padded)
/// dtypes. In memory an element is a byte array (UTF-8 for <c>U</c> arrays) and <see cref="Data"/> holds the strings in
/// TFLite's string tensor layout (int32 count, count + 1 int32 offsets, then the bytes), so that two string arrays are
/// equal exactly when their data bytes are. As in NumPy, trailing NUL bytes (code points) of an element are padding
/// and are dropped when read; arrays are written as <c>|S&lt;n&gt;</c> with n the longest element (at least 1).
/// </summary>
public sealed partial class NpyArray
{
    private byte[][]? _strings;

    /// <summary>A string array of <paramref name="shape"/>, one element per entry of <paramref name="strings"/> (C order).</summary>
    public static NpyArray FromStrings(int[] shape, IReadOnlyList<byte[]> strings)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(strings);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(",", shape)}]", nameof(shape));
            count *= d;
            if (count > int.MaxValue) throw new ArgumentException($"shape [{string.Join(",", shape)}] has too many elements", nameof(shape));
        }
        if (count != strings.Count)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] has {count} elements, got {strings.Count} strings", nameof(strings));
        long size = Ref.StringBuffer.Size(strings);
        if (size < 0) throw new ArgumentException("the strings take more than 2 GiB", nameof(strings));
        var data = new byte[size];
        Ref.StringBuffer.Write(strings, data);
        var copy = new byte[strings.Count][];
        for (int i = 0; i < copy.Length; i++) copy[i] = (byte[])strings[i].Clone();
        return new NpyArray(TensorType.String, shape, data) { _strings = copy };
    }

    /// <summary>A string array of <paramref name="shape"/> holding <paramref name="strings"/> as UTF-8.</summary>
    public static NpyArray FromStrings(int[] shape, params string[] strings) =>
        FromStrings(shape, strings.Select(System.Text.Encoding.UTF8.GetBytes).ToArray());

    /// <summary>
    /// The elements of a string array (<see cref="Type"/> is <see cref="TensorType.String"/>), in C order; the arrays
    /// are shared: do not modify them.
    /// </summary>
    public IReadOnlyList<byte[]> Strings
    {
        get
        {
            if (Type != TensorType.String) throw new InvalidOperationException($"a {TensorTypes.Name(Type)} array holds no strings");
            if (_strings is not null) return _strings;
            if (!Ref.StringBuffer.TryRead(Data, out var strings) || strings.Length != ElementCount)
                throw new InvalidDataException($"the data of this string array of shape [{string.Join(",", Shape)}] is not a well-formed string buffer of {ElementCount} strings");
            return _strings = strings;
        }
    }

    private static NpyArray ParseStrings(ReadOnlySpan<byte> bytes, int dataStart, string descr, char order, string code,
        int[] shape, string name)
    {
        bool unicode = code[0] == 'U';
        if (!int.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int width))
            throw new InvalidDataException($"{name}: bad string dtype '{descr}' (expected |S<n> or <U<n>)");
        if (unicode && order == '|')
            throw new InvalidDataException($"{name}: bad string dtype '{descr}': U arrays need a byte order ('<U{width}')");
        int unit = unicode ? 4 : 1;
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > int.MaxValue) throw new InvalidDataException($"{name}: string array of shape ({string.Join(",", shape)}) is too large");
        }
        long itemBytes = (long)width * unit;
        long need = count * itemBytes;
        if (need > int.MaxValue || bytes.Length - dataStart != need)
            throw new InvalidDataException($"{name}: shape ({string.Join(",", shape)}) of {descr} needs {need} data bytes, file has {bytes.Length - dataStart}");
        var data = bytes[dataStart..];
        bool bigEndian = order == '>';

        // First pass: the layout's exact size (trailing NUL padding dropped; UTF-32 checked and measured as UTF-8),
        // checked against the tensor limit before anything is allocated; the second pass writes it.
        long max = ModelLimits.Default.MaxTensorBytes;
        long total = 4 * (count + 2);
        for (long i = 0; i < count && total <= max; i++)
            total += ItemLength(data, i, itemBytes, width, unicode, bigEndian, descr, name);
        if (total > max || total > int.MaxValue)
            throw new InvalidDataException($"{name}: the {count} strings of the {descr} array take more than ModelLimits.MaxTensorBytes ({max}) bytes as a string tensor");

        var buffer = new byte[total];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)count);
        int offset = (int)(4 * (count + 2));
        for (long i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan((int)(4 + 4 * i)), offset);
            var item = data.Slice((int)(i * itemBytes), (int)itemBytes);
            int len = ItemLength(data, i, itemBytes, width, unicode, bigEndian, descr, name);
            if (!unicode) item[..len].CopyTo(buffer.AsSpan(offset));
            else
            {
                int at = offset, end = offset + len;
                for (int k = 0; at < end; k++) at += new System.Text.Rune(CodePoint(item, k, bigEndian)).EncodeToUtf8(buffer.AsSpan(at));
            }
            offset += len;
        }
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan((int)(4 + 4 * count)), offset);
        return new NpyArray(TensorType.String, shape, buffer);
    }

    /// <summary>Bytes of element <paramref name="i"/> without its NUL padding, as UTF-8 for a U array (checked).</summary>
    private static int ItemLength(ReadOnlySpan<byte> data, long i, long itemBytes, int width, bool unicode, bool bigEndian,
        string descr, string name)
    {
        var item = data.Slice((int)(i * itemBytes), (int)itemBytes);
        if (!unicode)
        {
            int n = item.Length;
            while (n > 0 && item[n - 1] == 0) n--;
            return n;
        }
        int units = width;
        while (units > 0 && CodePoint(item, units - 1, bigEndian) == 0) units--;
        int len = 0;
        for (int k = 0; k < units; k++)
        {
            uint c = CodePoint(item, k, bigEndian);
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                throw new InvalidDataException($"{name}: element {i} of the {descr} array holds 0x{c:X}, which is not a Unicode scalar value");
            len += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
        return len;
    }

    private static uint CodePoint(ReadOnlySpan<byte> item, int k, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(item[(4 * k)..]) : BinaryPrimitives.ReadUInt32LittleEndian(item[(4 * k)..]);

    /// <summary>Writes <paramref name="strings"/> as a <c>|S&lt;n&gt;</c> array, n the longest element (at least 1), NUL-padded.</summary>
    private static void WriteStrings(Stream stream, int[] dims, IReadOnlyList<byte[]> strings)
    {
        int width = 1;
        foreach (var s in strings) width = Math.Max(width, s.Length);
        WriteHeader(stream, $"|S{width}", dims);
        var row = new byte[width];
        foreach (var s in strings)
        {
            s.CopyTo(row, 0);
            Array.Clear(row, s.Length, width - s.Length);
            stream.Write(row);
        }
    }
}
