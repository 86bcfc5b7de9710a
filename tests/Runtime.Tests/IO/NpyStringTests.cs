using System.Text;
using ManagedLite.IO;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.IO;

/// <summary>String .npy arrays: |S (bytes, NUL-padded) and &lt;U / &gt;U (UTF-32) read, |S written, hostile headers rejected.</summary>
public class NpyStringTests
{
    private static byte[] Npy(string descr, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 1, 0, (byte)dict.Length, 0 });
        bytes.AddRange(Encoding.Latin1.GetBytes(dict));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static string[] Text(NpyArray a) => a.Strings.Select(s => Encoding.UTF8.GetString(s)).ToArray();

    [Fact]
    public void BytesArraysRoundTripAsPaddedS()
    {
        string[] values = ["alpha", "", "déjà vu", "日本", "with space", "x"];
        var a = NpyArray.FromStrings([2, 3], values);
        Assert.Equal(TensorType.String, a.Type);
        var ms = new MemoryStream();
        a.WriteTo(ms);
        var bytes = ms.ToArray();
        int longest = values.Max(v => Encoding.UTF8.GetByteCount(v));
        Assert.Contains($"'descr': '|S{longest}'", Encoding.Latin1.GetString(bytes));
        Assert.Contains("'shape': (2, 3)", Encoding.Latin1.GetString(bytes));
        Assert.Equal(0, (bytes.Length - 6 * longest) % 64);
        var back = NpyArray.Parse(bytes);
        Assert.Equal([2, 3], back.Shape);
        Assert.Equal(values, Text(back));
        Assert.Equal(a.Data, back.Data); // TFLite layout: equal strings, equal bytes
    }

    [Fact]
    public void ReadsSWithNulPaddingAndEmbeddedNuls()
    {
        var data = new byte[] { (byte)'a', 0, (byte)'b', 0, 0, 0, 0, 0, (byte)'c', (byte)'d', (byte)'e', (byte)'f' };
        var a = NpyArray.Parse(Npy("|S4", "(3,)", data));
        Assert.Equal(new[] { "a\0b", "", "cdef" }, Text(a));
        var scalar = NpyArray.Parse(Npy("|S2", "()", "hi"u8.ToArray()));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { "hi" }, Text(scalar));
    }

    [Fact]
    public void ReadsUtf32LittleAndBigEndianAsUtf8()
    {
        // "aé" + NUL padding, and "😀z" (a non-BMP code point), as <U3.
        uint[] cps = [0x61, 0xE9, 0, 0x1F600, 0x7A, 0];
        var le = cps.SelectMany(BitConverter.GetBytes).ToArray();
        var a = NpyArray.Parse(Npy("<U3", "(2, 1)", le));
        Assert.Equal([2, 1], a.Shape);
        Assert.Equal(new[] { "aé", "😀z" }, Text(a));
        var be = cps.SelectMany(c => BitConverter.GetBytes(c).Reverse()).ToArray();
        Assert.Equal(new[] { "aé", "😀z" }, Text(NpyArray.Parse(Npy(">U3", "(2, 1)", be))));
    }

    [Theory]
    [InlineData("<U1", "(1,)", new byte[] { 0x00, 0xD8, 0, 0 }, "not a Unicode scalar value")]          // lone surrogate
    [InlineData("<U1", "(1,)", new byte[] { 0x00, 0x00, 0x11, 0 }, "not a Unicode scalar value")]        // > 0x10FFFF
    [InlineData("|S3", "(2,)", new byte[] { 1, 2, 3 }, "needs 6 data bytes")]
    [InlineData("|U2", "(1,)", new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 }, "need a byte order")]
    [InlineData("|Sx", "(1,)", new byte[] { 1 }, "bad string dtype")]
    [InlineData("|S0", "(300000000,)", new byte[0], "ModelLimits.MaxTensorBytes")] // no data, but 1.2 GB of offsets
    public void RejectsMalformedStringArrays(string descr, string shape, byte[] data, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => NpyArray.Parse(Npy(descr, shape, data), "x.npy"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("x.npy", e.Message);
    }

    [Fact]
    public void StringsOfANumericArrayIsAnError()
    {
        var a = new NpyArray(TensorType.Int32, [1], new byte[4]);
        Assert.Throws<InvalidOperationException>(() => a.Strings);
        Assert.Throws<ArgumentException>(() => NpyArray.FromStrings([2], "only one"));
    }
}
