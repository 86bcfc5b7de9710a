namespace ManagedLite.Kernels.Reference;

/// <summary>
/// EMBEDDING_LOOKUP (TFLite's embedding_lookup.cc). Values [rows, ...] are looked up by an int32 id vector:
/// output row i is value row ids[i]. Same-type lookups copy raw rows; hybrid lookups dequantize 8-bit rows (int8, or
/// uint8 read as int8 as TFLite's kernel does) or packed int4 rows into float32 / float16 with the row's scale
/// (per tensor or per row), zero point 0. An id outside [0, rows) stops the kernel and is reported.
/// </summary>
public static class EmbeddingLookup
{
    /// <summary>Raw row copy: <paramref name="rowBytes"/> bytes per row.</summary>
    public static bool TryCopyRows(ReadOnlySpan<byte> value, int rows, int rowBytes, ReadOnlySpan<int> ids, Span<byte> output, out int badId, out int badPosition)
    {
        Check(rows, ids, out badId, out badPosition);
        if ((long)rows * rowBytes != value.Length || (long)ids.Length * rowBytes != output.Length)
            throw new ArgumentException($"value has {value.Length} bytes for {rows} rows of {rowBytes}, output {output.Length} for {ids.Length} rows");
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badId = id; badPosition = i; return false; }
            value.Slice(id * rowBytes, rowBytes).CopyTo(output.Slice(i * rowBytes, rowBytes));
        }
        return true;
    }

    /// <summary>
    /// 8-bit rows to float: output = (float)(int8)q * scale, with <paramref name="scales"/> one per tensor or one per row.
    /// </summary>
    public static bool TryDequantizeRows(ReadOnlySpan<sbyte> value, int rows, int cols, ReadOnlySpan<float> scales, ReadOnlySpan<int> ids,
        Span<float> output, out int badId, out int badPosition)
    {
        Check(rows, ids, out badId, out badPosition);
        CheckSizes(value.Length, rows, cols, scales.Length, ids.Length, output.Length, packed: false);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badId = id; badPosition = i; return false; }
            float scale = scales.Length > 1 ? scales[id] : scales[0];
            var src = value.Slice(id * cols, cols);
            var dst = output.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++) dst[j] = src[j] * scale;
        }
        return true;
    }

    /// <summary>8-bit rows to float16: the float product rounded to half.</summary>
    public static bool TryDequantizeRows(ReadOnlySpan<sbyte> value, int rows, int cols, ReadOnlySpan<float> scales, ReadOnlySpan<int> ids,
        Span<Half> output, out int badId, out int badPosition)
    {
        Check(rows, ids, out badId, out badPosition);
        CheckSizes(value.Length, rows, cols, scales.Length, ids.Length, output.Length, packed: false);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badId = id; badPosition = i; return false; }
            float scale = scales.Length > 1 ? scales[id] : scales[0];
            var src = value.Slice(id * cols, cols);
            var dst = output.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++) dst[j] = (Half)(src[j] * scale);
        }
        return true;
    }

    /// <summary>
    /// Packed int4 rows (two values a byte, low nibble first) to float, as TFLite's Unpack4Bit: row <c>id</c> starts at
    /// byte (id * cols) / 2, every value is its nibble shifted into the high half of an int8, times scale / 16.
    /// (With an odd column count TFLite starts an odd row at the low nibble of the byte it shares; so does this.)
    /// </summary>
    public static bool TryDequantizeInt4Rows(ReadOnlySpan<byte> packed, int rows, int cols, ReadOnlySpan<float> scales, ReadOnlySpan<int> ids,
        Span<float> output, out int badId, out int badPosition)
    {
        Check(rows, ids, out badId, out badPosition);
        CheckSizes(packed.Length, rows, cols, scales.Length, ids.Length, output.Length, packed: true);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badId = id; badPosition = i; return false; }
            float scale = (scales.Length > 1 ? scales[id] : scales[0]) / 16;
            Unpack4(packed.Slice((int)((long)id * cols >> 1)), cols, scale, output.Slice(i * cols, cols));
        }
        return true;
    }

    /// <summary>Packed int4 rows to float16.</summary>
    public static bool TryDequantizeInt4Rows(ReadOnlySpan<byte> packed, int rows, int cols, ReadOnlySpan<float> scales, ReadOnlySpan<int> ids,
        Span<Half> output, out int badId, out int badPosition)
    {
        Check(rows, ids, out badId, out badPosition);
        CheckSizes(packed.Length, rows, cols, scales.Length, ids.Length, output.Length, packed: true);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)rows) { badId = id; badPosition = i; return false; }
            float scale = (scales.Length > 1 ? scales[id] : scales[0]) / 16;
            var src = packed.Slice((int)((long)id * cols >> 1));
            var dst = output.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++) dst[j] = (Half)(Nibble(src, j) * scale);
        }
        return true;
    }

    private static void Unpack4(ReadOnlySpan<byte> src, int cols, float scale, Span<float> dst)
    {
        for (int j = 0; j < cols; j++) dst[j] = Nibble(src, j) * scale;
    }

    // Value j of a packed row as TFLite reads it: the nibble moved into the high half of an int8 (16 x the int4 value).
    private static int Nibble(ReadOnlySpan<byte> src, int j)
    {
        byte b = src[j >> 1];
        return (j & 1) == 0 ? (sbyte)(byte)(b << 4) : (sbyte)(byte)(b & 0xF0);
    }

    private static void Check(int rows, ReadOnlySpan<int> ids, out int badId, out int badPosition)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows));
        badId = 0;
        badPosition = -1;
    }

    private static void CheckSizes(int valueLength, int rows, int cols, int scales, int ids, int outputLength, bool packed)
    {
        long need = packed ? ((long)rows * cols + 1) / 2 : (long)rows * cols;
        if (valueLength < need || (long)ids * cols != outputLength || scales < 1 || (scales > 1 && scales != rows))
            throw new ArgumentException($"value {valueLength} (needs {need}), output {outputLength} for {ids}x{cols}, {scales} scales for {rows} rows");
    }
}
