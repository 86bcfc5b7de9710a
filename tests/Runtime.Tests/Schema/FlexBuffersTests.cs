using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;
using Xunit;

namespace ManagedLite.Runtime.Tests.Schema;

/// <summary>
/// The FlexBuffers reader on buffers written by TFLite Micro's generator (taken from its test data and from the
/// audio_preprocessor models), on hand-assembled buffers of every width, and on malformed input: truncations,
/// bad widths, offsets before the buffer, lengths past its end, unterminated keys. Malformed input must raise
/// ModelFormatException and nothing else.
/// </summary>
public class FlexBuffersTests
{
    // SignalWindow options of audio_preprocessor_*.tflite: {"shift": 12}.
    private static readonly byte[] WindowShift12 = Convert.FromHexString("73686966740001070101010C04022401");

    // TFLite Micro filter_bank_log test data: {"input_correction_bits": 3, "output_scale": 1600}, 2-byte values.
    private static readonly byte[] LogScale1600 = Convert.FromHexString(
        "6f75747075745f7363616c6500696e7075745f636f7272656374696f6e5f6269747300021725020001000200030040060505062501");

    // Same keys, 4-byte values: {"input_correction_bits": 5, "output_scale": 32768}.
    private static readonly byte[] LogScale32768 = Convert.FromHexString(
        "6f75747075745f7363616c6500696e7075745f636f7272656374696f6e5f62697473000217250000040000000100000002000000050000000080000006060a2601");

    // SignalRfft options of the models: {"T": 7, "fft_length": 512}.
    private static readonly byte[] Rfft512 = Convert.FromHexString("54006666745F6C656E67746800020E0D020001000200070000020505062501");

    // SignalFftAutoScale options: an empty map.
    private static readonly byte[] EmptyMap = Convert.FromHexString("00000100002401");

    [Fact]
    public void ReadsTheModelsWindowOptions()
    {
        var map = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)WindowShift12);
        Assert.Equal(new[] { "shift" }, map.Keys);
        Assert.Equal(12, map.GetInt32("shift"));
        Assert.Equal(FlexBufferType.Int, map["shift"].Type);
    }

    [Fact]
    public void ReadsTwoByteAndFourByteMaps()
    {
        var a = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)LogScale1600);
        Assert.Equal(new[] { "input_correction_bits", "output_scale" }, a.Keys);
        Assert.Equal(3, a.GetInt32("input_correction_bits"));
        Assert.Equal(1600, a.GetInt32("output_scale"));
        Assert.Equal(2, a.ValueAt(0).ByteWidth);

        var b = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)LogScale32768);
        Assert.Equal(5, b.GetInt32("input_correction_bits"));
        Assert.Equal(32768, b.GetInt32("output_scale"));
    }

    [Fact]
    public void ReadsUppercaseKeysAndEmptyMaps()
    {
        var map = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)Rfft512);
        Assert.Equal(new[] { "T", "fft_length" }, map.Keys);
        Assert.Equal(7, map.GetInt32("T"));
        Assert.Equal(512, map.GetInt32("fft_length"));

        var empty = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)EmptyMap);
        Assert.Equal(0, empty.Count);
        Assert.False(empty.TryGetValue("x", out _));
        Assert.Equal(7, empty.GetInt32("x", 7));
    }

    [Fact]
    public void MissingKeyNamesTheKeys()
    {
        var map = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)WindowShift12);
        var ex = Assert.Throws<ModelFormatException>(() => map.GetInt32("scale"));
        Assert.Contains("scale", ex.Message);
        Assert.Contains("shift", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void ReadsScalarsBoolsFloatsAndVectorsAtEveryWidth(int width)
    {
        var bytes = MixedMap(width);

        var m = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)bytes);
        Assert.Equal(new[] { "a_int", "b_bool", "c_float", "d_ints", "e_mixed", "f_uint" }, m.Keys);
        Assert.Equal(-100, m.GetInt32("a_int"));
        Assert.True(m.GetBool("b_bool"));
        if (width >= 4) Assert.Equal(2.5, m.GetDouble("c_float"));
        else Assert.Throws<ModelFormatException>(() => m.GetDouble("c_float")); // a float needs 4 or 8 bytes
        Assert.Equal(new[] { -3, 0, 70 }, m.GetInt32Array("d_ints"));
        Assert.Equal(new[] { 5, 1 }, m.GetInt32Array("e_mixed"));
        Assert.Equal(200, m.GetInt32("f_uint"));
        Assert.Equal(3, m["d_ints"].Length);
    }

    /// <summary>A map with an int, a bool, a float, a typed int vector, an untyped vector and a uint, at one width.</summary>
    private static byte[] MixedMap(int width)
    {
        var w = new Writer(width);
        int keyA = w.Key("a_int"), keyB = w.Key("b_bool"), keyC = w.Key("c_float"), keyD = w.Key("d_ints"), keyE = w.Key("e_mixed"), keyF = w.Key("f_uint");
        int ints = w.TypedVector([-3, 0, 70], FlexBufferType.VectorInt);
        int mixed = w.UntypedVector([(5, FlexBufferType.Int), (1, FlexBufferType.Bool)]);
        int map = w.Map(
            [keyA, keyB, keyC, keyD, keyE, keyF],
            [
                (Value: -100L, Type: FlexBufferType.Int, Inline: true),
                (1L, FlexBufferType.Bool, true),
                (width == 8 ? BitConverter.DoubleToInt64Bits(2.5) : BitConverter.SingleToInt32Bits(2.5f), FlexBufferType.Float, true),
                (ints, FlexBufferType.VectorInt, false),
                (mixed, FlexBufferType.Vector, false),
                (200L, FlexBufferType.UInt, true),
            ]);
        return w.Finish(map, FlexBufferType.Map);

    }

    [Fact]
    public void MissingKeyMessageEscapesModelKeys()
    {
        var w = new Writer(1);
        int key = w.Key("k\u001bey");
        int map = w.Map([key], [(1, FlexBufferType.Int, true)]);
        var m = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)w.Finish(map, FlexBufferType.Map));
        var e = Assert.Throws<ModelFormatException>(() => m["absent"]);
        Assert.Equal("flexbuffer: map has no key 'absent' (keys: 'k\\x1Bey')", e.Message);
    }

    [Fact]
    public void IntegerOutsideInt32IsAnError()
    {
        var w = new Writer(8);
        int key = w.Key("big");
        int map = w.Map([key], [(1L << 40, FlexBufferType.Int, true)]);
        var m = FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)w.Finish(map, FlexBufferType.Map));
        Assert.Equal(1L << 40, m.GetInt64("big"));
        Assert.Throws<ModelFormatException>(() => m.GetInt32("big"));
    }

    [Fact]
    public void RootMustBeAMap()
    {
        // An inline int root: value 5, type INT width 1, root width 1.
        byte[] scalar = [5, 4, 1];
        Assert.Equal(5, FlexBuffer.GetRoot((ReadOnlyMemory<byte>)scalar).AsInt32());
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)scalar));
    }

    public static IEnumerable<object[]> Buffers() =>
        new[] { WindowShift12, LogScale1600, LogScale32768, Rfft512, EmptyMap, MixedMap(1), MixedMap(2), MixedMap(4), MixedMap(8) }
            .Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(Buffers))]
    public void EveryTruncationFailsCleanly(byte[] buffer)
    {
        for (int len = 0; len < buffer.Length; len++)
            ReadAllOrFormatError(buffer.AsMemory(0, len));
    }

    [Theory]
    [MemberData(nameof(Buffers))]
    public void EverySingleByteCorruptionFailsCleanly(byte[] buffer)
    {
        // Each byte set to a few hostile values: reads must stay inside the buffer.
        byte[] values = [0x00, 0x01, 0x02, 0x03, 0x07, 0x24, 0x26, 0x7F, 0x80, 0xFE, 0xFF];
        for (int i = 0; i < buffer.Length; i++)
        {
            foreach (byte v in values)
            {
                var copy = (byte[])buffer.Clone();
                copy[i] = v;
                ReadAllOrFormatError(copy);
            }
        }
    }

    [Fact]
    public void RandomBuffersFailCleanly()
    {
        var rng = new Random(1234);
        for (int n = 0; n < 2000; n++)
        {
            var bytes = new byte[rng.Next(0, 48)];
            rng.NextBytes(bytes);
            if (bytes.Length > 0) bytes[^1] = (byte)(1 << rng.Next(4));  // a valid root width, to get further in
            ReadAllOrFormatError(bytes);
        }
    }

    [Fact]
    public void SpecificMalformations()
    {
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRoot(ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRoot((ReadOnlyMemory<byte>)new byte[] { 0, 0x24, 3 }));   // root width 3
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRoot((ReadOnlyMemory<byte>)new byte[] { 0x24, 8 }));      // too short
        // Map whose offset points before the buffer.
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)new byte[] { 0x09, 0x24, 1 }));
        // Map claiming 200 values.
        var big = (byte[])WindowShift12.Clone();
        big[10] = 200;
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)big));
        // Key without its terminating zero (the "shift" key's 0 replaced; the next bytes have none before the end).
        var unterminated = (byte[])WindowShift12.Clone();
        for (int i = 5; i < unterminated.Length - 3; i++) if (unterminated[i] == 0) unterminated[i] = 0x41;
        unterminated[^3] = 0x41;
        Assert.Throws<ModelFormatException>(() => FlexBuffer.GetRootMap((ReadOnlyMemory<byte>)unterminated));
    }

    /// <summary>Reads everything reachable; only ModelFormatException may escape.</summary>
    private static void ReadAllOrFormatError(ReadOnlyMemory<byte> buffer)
    {
        try
        {
            var root = FlexBuffer.GetRoot(buffer);
            Walk(root, 0);
        }
        catch (ModelFormatException)
        {
        }
    }

    private static void Walk(FlexBufferValue v, int depth)
    {
        if (depth > 4) return;
        Probe(() => v.AsInt64());
        Probe(() => v.AsDouble());
        Probe(() => v.AsBool());
        Probe(() => v.AsString());
        if (v.IsMap)
        {
            FlexBufferMap? map = null;
            Probe(() => map = v.AsMap());
            if (map is not null)
                for (int i = 0; i < map.Count; i++)
                {
                    FlexBufferValue item = default;
                    bool ok = false;
                    Probe(() => { item = map.ValueAt(i); ok = true; });
                    if (ok) Walk(item, depth + 1);
                }
        }
        if (v.IsVector)
        {
            int n = 0;
            Probe(() => n = v.Length);
            for (int i = 0; i < Math.Min(n, 64); i++)
            {
                FlexBufferValue item = default;
                bool ok = false;
                Probe(() => { item = v[i]; ok = true; });
                if (ok) Walk(item, depth + 1);
            }
            Probe(() => v.AsInt64Array());
        }
    }

    private static void Probe(Action read)
    {
        try { read(); }
        catch (ModelFormatException) { }
    }

    /// <summary>
    /// A minimal FlexBuffers writer for tests: every vector and map uses one byte width, values are written
    /// after what they point to, as the real builder does.
    /// </summary>
    private sealed class Writer(int width)
    {
        private readonly List<byte> _bytes = new();

        public int Key(string s)
        {
            int at = _bytes.Count;
            _bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s));
            _bytes.Add(0);
            return at;
        }

        private void Align()
        {
            while (_bytes.Count % width != 0) _bytes.Add(0);
        }

        private void Scalar(long v)
        {
            for (int i = 0; i < width; i++) _bytes.Add((byte)(v >> (8 * i)));
        }

        private void Offset(int target) => Scalar(_bytes.Count - target);

        private byte Packed(FlexBufferType t) => (byte)(((int)t << 2) | (width switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 }));

        public int TypedVector(long[] values, FlexBufferType type)
        {
            Align();
            Scalar(values.Length);
            int at = _bytes.Count;
            foreach (long v in values) Scalar(v);
            return at;
        }

        public int UntypedVector((long Value, FlexBufferType Type)[] items)
        {
            Align();
            Scalar(items.Length);
            int at = _bytes.Count;
            foreach (var it in items) Scalar(it.Value);
            foreach (var it in items) _bytes.Add(Packed(it.Type));
            return at;
        }

        public int Map(int[] keys, (long Value, FlexBufferType Type, bool Inline)[] values)
        {
            Align();
            Scalar(keys.Length);
            int keysAt = _bytes.Count;
            foreach (int k in keys) Offset(k);
            Offset(keysAt);     // offset to the keys vector
            Scalar(width);      // its byte width
            Scalar(values.Length);
            int at = _bytes.Count;
            foreach (var v in values)
            {
                if (v.Inline) Scalar(v.Value);
                else Offset((int)v.Value);
            }
            foreach (var v in values) _bytes.Add(Packed(v.Type));
            return at;
        }

        public byte[] Finish(int root, FlexBufferType type)
        {
            Align();
            Offset(root);
            _bytes.Add(Packed(type));
            _bytes.Add((byte)width);
            return _bytes.ToArray();
        }
    }
}
