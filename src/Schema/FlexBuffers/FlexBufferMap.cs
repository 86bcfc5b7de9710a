namespace ManagedLite.Schema.FlexBuffers;

/// <summary>
/// A FlexBuffers map: keys (sorted by the writer, compared here by exact match) and values of any type. Built
/// by <see cref="FlexBuffer.GetRootMap(ReadOnlyMemory{byte})"/> or <see cref="FlexBufferValue.AsMap"/>; the key
/// table is read and bounds-checked once, on construction.
/// </summary>
public sealed class FlexBufferMap
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _values;
    private readonly int _width;
    private readonly string[] _keys;

    internal FlexBufferMap(ReadOnlyMemory<byte> buffer, int valuesOffset, int width)
    {
        var span = buffer.Span;
        _buffer = buffer;
        _values = valuesOffset;
        _width = width;
        int count = FlexBufferValue.VectorLength(span, valuesOffset, width, hasTypeBytes: true);

        // Before the length: the byte width of the keys vector, and before that the offset to it.
        ulong keysWidthRaw = FlexBufferValue.ReadUInt(span, valuesOffset - 2 * width, width);
        if (keysWidthRaw is not (1 or 2 or 4 or 8))
            throw new ModelFormatException($"flexbuffer: map keys have invalid byte width {keysWidthRaw}");
        int keysWidth = (int)keysWidthRaw;
        int keysOffset = FlexBufferValue.Indirect(span, valuesOffset - 3 * width, width);
        int keyCount = FlexBufferValue.VectorLength(span, keysOffset, keysWidth, hasTypeBytes: false);
        if (keyCount != count)
            throw new ModelFormatException($"flexbuffer: map has {count} values but {keyCount} keys");

        _keys = new string[count];
        for (int i = 0; i < count; i++)
        {
            int slot = keysOffset + i * keysWidth;
            _keys[i] = FlexBufferValue.ReadKey(span, FlexBufferValue.Indirect(span, slot, keysWidth));
        }
    }

    public int Count => _keys.Length;

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Value <paramref name="index"/>, in key order.</summary>
    public FlexBufferValue ValueAt(int index)
    {
        if ((uint)index >= (uint)_keys.Length)
            throw new ModelFormatException($"flexbuffer: index {index} outside a map of {_keys.Length}");
        var span = _buffer.Span;
        int typePos = _values + _keys.Length * _width + index;
        FlexBufferValue.CheckRange(span, typePos, 1);
        return new FlexBufferValue(_buffer, _values + index * _width, _width, span[typePos]);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out FlexBufferValue value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : default;
        return i >= 0;
    }

    /// <summary>The value of <paramref name="key"/>; a missing key is a <see cref="ModelFormatException"/>.</summary>
    public FlexBufferValue this[string key] =>
        TryGetValue(key, out var v) ? v : throw new ModelFormatException($"flexbuffer: map has no key {ModelText.Quote(key)} (keys: {KeyList()})");

    /// <summary>The keys for a message: quoted (they come from the model), at most 16.</summary>
    private string KeyList() =>
        string.Join(", ", _keys.Take(16).Select(ModelText.Quote)) + (_keys.Length > 16 ? $", ... ({_keys.Length} keys)" : "");

    public int GetInt32(string key) => this[key].AsInt32();

    public int GetInt32(string key, int defaultValue) => TryGetValue(key, out var v) ? v.AsInt32() : defaultValue;

    public long GetInt64(string key) => this[key].AsInt64();

    public bool GetBool(string key) => this[key].AsBool();

    public bool GetBool(string key, bool defaultValue) => TryGetValue(key, out var v) ? v.AsBool() : defaultValue;

    public double GetDouble(string key) => this[key].AsDouble();

    public int[] GetInt32Array(string key) => this[key].AsInt32Array();

    private int IndexOf(string key)
    {
        for (int i = 0; i < _keys.Length; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }
}
