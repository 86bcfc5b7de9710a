using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ManagedLite.Schema;

namespace ManagedLite.IO;

/// <summary>
/// A NumPy <c>.npy</c> array: element type, shape and little-endian C-order data. Reads format versions
/// 1.0 to 3.0 (big-endian data is swapped); writes version 1.0.
/// </summary>
public sealed partial class NpyArray
{
    /// <summary>An array of <paramref name="type"/> elements in <paramref name="shape"/>, little-endian <paramref name="data"/> (not copied).</summary>
    public NpyArray(TensorType type, int[] shape, byte[] data)
    {
        Type = type;
        Shape = shape;
        Data = data;
    }

    /// <summary>Element type.</summary>
    public TensorType Type { get; }
    /// <summary>Dimensions (row-major).</summary>
    public int[] Shape { get; }
    /// <summary>Little-endian element bytes in C order.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    private static readonly (string Code, TensorType Type, int Size)[] Codes =
    {
        ("f4", TensorType.Float32, 4), ("f2", TensorType.Float16, 2), ("f8", TensorType.Float64, 8),
        ("i1", TensorType.Int8, 1), ("u1", TensorType.UInt8, 1), ("i2", TensorType.Int16, 2),
        ("u2", TensorType.UInt16, 2), ("i4", TensorType.Int32, 4), ("u4", TensorType.UInt32, 4),
        ("i8", TensorType.Int64, 8), ("u8", TensorType.UInt64, 8), ("b1", TensorType.Bool, 1), ("c8", TensorType.Complex64, 8),
    };

    /// <summary>Reads a NumPy .npy file; a malformed one raises <see cref="InvalidDataException"/> naming the file.</summary>
    /// <summary>Largest .npy file <see cref="Read"/> accepts: the largest tensor plus room for the header.</summary>
    public static long MaxFileBytes { get; } = ManagedLite.Schema.ModelLimits.Default.MaxTensorBytes + (1 << 16);

    /// <summary>
    /// Reads a .npy file, at most <see cref="MaxFileBytes"/> bytes whatever the file system reports (/dev/zero, pipes
    /// and growing files fail with <see cref="InvalidDataException"/> instead of exhausting memory).
    /// </summary>
    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try { bytes = BoundedFile.ReadAll(path, MaxFileBytes, ".npy file", model: false); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read: {ex.Message}", ex);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses .npy bytes; <paramref name="name"/> is used in error messages.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string name = "npy")
    {
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(magic))
            throw new InvalidDataException($"{name}: not a NumPy .npy file (bad magic)");
        int major = bytes[6];
        int headerLen, headerStart;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); headerStart = 10; }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12) throw new InvalidDataException($"{name}: truncated .npy header");
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            if (len > int.MaxValue) throw new InvalidDataException($"{name}: header length {len} too large");
            headerLen = (int)len; headerStart = 12;
        }
        else throw new InvalidDataException($"{name}: unsupported .npy format version {major}.{bytes[7]}");
        if ((long)headerStart + headerLen > bytes.Length) throw new InvalidDataException($"{name}: truncated .npy header");
        string header = Encoding.Latin1.GetString(bytes.Slice(headerStart, headerLen));
        string descr = DictValue(header, "descr", name).Trim().Trim('\'', '"');
        string fortran = DictValue(header, "fortran_order", name).Trim();
        string shapeText = DictValue(header, "shape", name).Trim();
        if (fortran != "False") throw new InvalidDataException($"{name}: Fortran-order arrays are not supported (save with np.ascontiguousarray)");
        if (descr.Length < 2) throw new InvalidDataException($"{name}: bad dtype '{descr}'");
        char order = descr[0];
        string code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        if (code.Length > 0 && code[0] is 'S' or 'U')
            return ParseStrings(bytes, headerStart + headerLen, descr, order, code, ParseShape(shapeText, name), name);
        int ci = Array.FindIndex(Codes, c => c.Code == code);
        if (ci < 0) throw new InvalidDataException($"{name}: unsupported dtype '{descr}'");
        var (_, type, size) = Codes[ci];
        var shape = ParseShape(shapeText, name);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count * size > int.MaxValue) throw new InvalidDataException($"{name}: array too large");
        }
        int dataStart = headerStart + headerLen;
        long need = count * size;
        if (bytes.Length - dataStart != need)
            throw new InvalidDataException($"{name}: shape ({string.Join(",", shape)}) of {descr} needs {need} data bytes, file has {bytes.Length - dataStart}");
        var data = bytes.Slice(dataStart, (int)need).ToArray();
        if (order == '>' && size > 1) SwapBytes(data, size);
        return new NpyArray(type, shape, data);
    }

    /// <summary>Writes the array to <paramref name="path"/> in NumPy format 1.0.</summary>
    public void Write(string path)
    {
        using var f = File.Create(path);
        WriteTo(f);
    }

    /// <summary>Writes the array to <paramref name="stream"/> in NumPy format 1.0.</summary>
    public void WriteTo(Stream stream)
    {
        if (Type == TensorType.String) WriteStrings(stream, Shape, Strings);
        else Write(stream, Type, Shape, Data);
    }

    /// <summary>
    /// Writes a tensor's data straight to <paramref name="path"/> (no copy of the data: outputs stream out of the
    /// interpreter's memory, so writing them costs no memory beyond the interpreter's budget).
    /// </summary>
    public static void WriteTensor(LiteTensor tensor, string path)
    {
        if (tensor.DataType == TensorType.String)
        {
            var strings = tensor.GetStrings();
            using var s = File.Create(path);
            WriteStrings(s, tensor.Shape.ToArray(), strings);
            return;
        }
        using var f = File.Create(path);
        Write(f, tensor.DataType, tensor.Shape.ToArray(), tensor.RawBytes);
    }

    private static void Write(Stream stream, TensorType type, int[] dims, ReadOnlySpan<byte> data)
    {
        var entry = Array.Find(Codes, c => c.Type == type);
        if (entry.Code is null) throw new NotSupportedException($"cannot write {TensorTypes.Name(type)} as .npy");
        char order = entry.Size == 1 ? '|' : '<';
        WriteHeader(stream, $"{order}{entry.Code}", dims);
        stream.Write(data);
    }

    private static void WriteHeader(Stream stream, string descr, int[] dims)
    {
        string shape = dims.Length switch
        {
            0 => "()",
            1 => $"({dims[0]},)",
            _ => "(" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        Span<byte> pre = stackalloc byte[10];
        pre[0] = 0x93; "NUMPY"u8.CopyTo(pre[1..]); pre[6] = 1; pre[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(pre[8..], (ushort)header.Length);
        stream.Write(pre);
        stream.Write(Encoding.Latin1.GetBytes(header));
    }

    private static string DictValue(string header, string key, string name)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) k = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"{name}: .npy header lacks '{key}'");
        int colon = header.IndexOf(':', k);
        if (colon < 0) throw new InvalidDataException($"{name}: bad .npy header");
        int i = colon + 1;
        while (i < header.Length && header[i] == ' ') i++;
        if (i < header.Length && header[i] == '(')
        {
            int close = header.IndexOf(')', i);
            if (close < 0) throw new InvalidDataException($"{name}: bad shape in .npy header");
            return header[i..(close + 1)];
        }
        int end = header.IndexOf(',', i);
        int brace = header.IndexOf('}', i);
        if (end < 0 || (brace >= 0 && brace < end)) end = brace;
        if (end < 0) throw new InvalidDataException($"{name}: bad .npy header");
        return header[i..end];
    }

    private static int[] ParseShape(string text, string name)
    {
        string inner = text.Trim().TrimStart('(').TrimEnd(')');
        var parts = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"{name}: bad dimension '{parts[i]}' in shape {text}");
        }
        return shape;
    }

    private static void SwapBytes(byte[] data, int size)
    {
        for (int i = 0; i < data.Length; i += size) Array.Reverse(data, i, size);
    }

    /// <summary>Copies a tensor's shape and data into a new array.</summary>
    public static NpyArray FromTensor(LiteTensor t) =>
        t.DataType == TensorType.String ? FromStrings(t.Shape.ToArray(), t.GetStrings()) : new(t.DataType, t.Shape.ToArray(), t.RawBytes.ToArray());
}
