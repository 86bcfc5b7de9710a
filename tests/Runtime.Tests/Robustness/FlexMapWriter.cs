using System.Text;
using ManagedLite.Schema.FlexBuffers;

namespace ManagedLite.Robustness;

/// <summary>
/// Writes a FlexBuffers map of scalars (ints, floats, bools), typed int vectors and strings: the custom options of
/// TFLite's and MediaPipe's custom operators (TFLite_Detection_PostProcess, Mfcc, AudioSpectrogram,
/// Landmarks2TransformMatrix, ...). Every value is 8 bytes wide (floats as doubles); keys are sorted bytewise, as
/// FlexBuffers' binary-search lookup requires.
/// </summary>
public sealed class FlexMapWriter
{
    private readonly SortedDictionary<string, (long Bits, FlexBufferType Type)> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _vectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public FlexMapWriter Int(string key, long value) { _values[key] = (value, FlexBufferType.Int); return this; }
    public FlexMapWriter Float(string key, double value) { _values[key] = (BitConverter.DoubleToInt64Bits(value), FlexBufferType.Float); return this; }
    public FlexMapWriter Bool(string key, bool value) { _values[key] = (value ? 1 : 0, FlexBufferType.Bool); return this; }
    public FlexMapWriter Ints(string key, params long[] values) { _values[key] = (0, FlexBufferType.VectorInt); _vectors[key] = values; return this; }
    public FlexMapWriter String(string key, string value) { _values[key] = (0, FlexBufferType.String); _strings[key] = value; return this; }

    public byte[] Build()
    {
        const int W = 8;
        var b = new List<byte>();
        void Scalar(long v) { for (int i = 0; i < W; i++) b.Add((byte)(v >> (8 * i))); }
        void Align() { while (b.Count % W != 0) b.Add(0); }
        static byte Packed(FlexBufferType t) => (byte)(((int)t << 2) | 3); // width code 3 = 8 bytes
        // Out-of-line values first: a typed vector is its length then its elements, a string its length, bytes and a 0.
        var target = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in _vectors)
        {
            Align();
            Scalar(v.Length);
            target[k] = b.Count;
            foreach (long x in v) Scalar(x);
        }
        foreach (var (k, v) in _strings)
        {
            Align();
            var bytes = Encoding.UTF8.GetBytes(v);
            Scalar(bytes.Length);
            target[k] = b.Count;
            b.AddRange(bytes);
            b.Add(0);
        }
        var keyAt = new List<int>();
        foreach (var k in _values.Keys)
        {
            keyAt.Add(b.Count);
            b.AddRange(Encoding.UTF8.GetBytes(k));
            b.Add(0);
        }
        Align();
        Scalar(_values.Count);
        int keys = b.Count;
        foreach (int k in keyAt) Scalar(b.Count - k);
        Scalar(b.Count - keys); // the map's prefix: offset to the keys vector, its byte width, the length
        Scalar(W);
        Scalar(_values.Count);
        int map = b.Count;
        foreach (var (k, v) in _values)
            Scalar(target.TryGetValue(k, out int at) ? b.Count - at : v.Bits); // offsets count back from the slot
        foreach (var v in _values.Values) b.Add(Packed(v.Type));
        Align();
        Scalar(b.Count - map);
        b.Add(Packed(FlexBufferType.Map));
        b.Add(W);
        return b.ToArray();
    }
}
