using System.Text;
using ManagedLite.IO;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.IO;

public class NpyArrayTests
{
    [Theory]
    [InlineData(TensorType.Float32, 4)]
    [InlineData(TensorType.Int8, 1)]
    [InlineData(TensorType.UInt8, 1)]
    [InlineData(TensorType.Int16, 2)]
    [InlineData(TensorType.Int32, 4)]
    [InlineData(TensorType.Int64, 8)]
    [InlineData(TensorType.Bool, 1)]
    [InlineData(TensorType.Float16, 2)]
    public void RoundTrips(TensorType type, int size)
    {
        var shape = new[] { 2, 3, 1 };
        var data = new byte[6 * size];
        new Random(7).NextBytes(data);
        var ms = new MemoryStream();
        new NpyArray(type, shape, data).WriteTo(ms);
        var bytes = ms.ToArray();
        Assert.Equal(0, (bytes.Length - data.Length) % 64); // header padded to 64 bytes
        var back = NpyArray.Parse(bytes);
        Assert.Equal(type, back.Type);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void WritesNumpyHeaderText()
    {
        var ms = new MemoryStream();
        new NpyArray(TensorType.Float32, new[] { 1, 4 }, new byte[16]).WriteTo(ms);
        string header = Encoding.Latin1.GetString(ms.ToArray(), 10, 118);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), }", header);
        ms.SetLength(0);
        new NpyArray(TensorType.Int8, new[] { 5 }, new byte[5]).WriteTo(ms);
        Assert.Contains("'descr': '|i1'", Encoding.Latin1.GetString(ms.ToArray()));
        Assert.Contains("'shape': (5,)", Encoding.Latin1.GetString(ms.ToArray()));
    }

    [Fact]
    public void SwapsBigEndian()
    {
        string dict = "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 1, 0, (byte)dict.Length, 0 });
        bytes.AddRange(Encoding.Latin1.GetBytes(dict));
        bytes.AddRange(new byte[] { 0, 0, 0, 1, 0, 0, 1, 0 });
        var a = NpyArray.Parse(bytes.ToArray());
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 1, 0, 0 }, a.Data);
    }

    [Theory]
    [InlineData("not numpy at all")]
    [InlineData("\u0093NUMPY\u0001\u0000\u00ff\u0000{'descr'")]
    public void RejectsGarbage(string text)
    {
        var ex = Assert.Throws<InvalidDataException>(() => NpyArray.Parse(Encoding.Latin1.GetBytes(text), "x.npy"));
        Assert.StartsWith("x.npy:", ex.Message);
    }

    [Fact]
    public void RejectsWrongDataLength()
    {
        var ms = new MemoryStream();
        new NpyArray(TensorType.Float32, new[] { 4 }, new byte[16]).WriteTo(ms);
        var bytes = ms.ToArray()[..^4];
        var ex = Assert.Throws<InvalidDataException>(() => NpyArray.Parse(bytes, "t.npy"));
        Assert.Contains("needs 16 data bytes", ex.Message);
    }
}
