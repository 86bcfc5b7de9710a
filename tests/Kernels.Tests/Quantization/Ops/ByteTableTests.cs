using Xunit;
using Opt = ManagedLite.Kernels.Optimized.Quantized;

namespace ManagedLite.Kernels.Tests.Quantization.Ops;

/// <summary>
/// The 256-entry byte table lookup (8-bit LOGISTIC, TANH, ELU, GELU, HARD_SWISH) equals table[x] for every length from
/// 0 to 200 (around the 64-byte vector and its overlapping last step), signed and unsigned views, in place too; a
/// partially overlapping output and a table of another size are refused.
/// </summary>
public class ByteTableTests
{
    [Fact]
    public void LookupEqualsTheTableForEveryLength()
    {
        var rng = new Random(3);
        var table = new byte[256];
        rng.NextBytes(table);
        for (int n = 0; n <= 200; n++)
        {
            var x = new byte[n];
            rng.NextBytes(x);
            if (n > 3) { x[0] = 0; x[1] = 127; x[2] = 128; x[3] = 255; }
            var want = x.Select(v => table[v]).ToArray();
            var got = new byte[n];
            Opt.ByteTable.Lookup(x, got, table);
            Assert.Equal(want, got);
            var signed = new sbyte[n];
            Opt.ByteTable.Lookup(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(x), signed, table);
            Assert.Equal(want, signed.Select(v => (byte)v).ToArray());
            var inPlace = (byte[])x.Clone();
            Opt.ByteTable.Lookup(inPlace, inPlace, table);
            Assert.Equal(want, inPlace);
        }
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var buf = new byte[100];
        Assert.Throws<ArgumentException>(() => Opt.ByteTable.Lookup(buf.AsSpan(0, 80), buf.AsSpan(1, 80), new byte[256]));
        Assert.Throws<ArgumentException>(() => Opt.ByteTable.Lookup(new byte[8], new byte[8], new byte[255]));
        Assert.Throws<ArgumentException>(() => Opt.ByteTable.Lookup(new byte[8], new byte[9], new byte[256]));
    }
}
