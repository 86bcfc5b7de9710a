using ManagedLite.Kernels.Quantization;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

public class LookupTablesTests
{
    [Fact]
    public void Int16LookupInterpolates()
    {
        short[] lut = new short[513];
        for (int i = 0; i < 513; i++) lut[i] = (short)(i * 10);
        // value 0 -> index 256, offset 0
        Assert.Equal((short)2560, LookupTables.Lookup(0, lut));
        // value 64 -> index 256, offset 64: base 2560 + (10 * 64 + 64) >> 7 = 2560 + 5
        Assert.Equal((short)2565, LookupTables.Lookup(64, lut));
        // value -1 -> index 255, offset 127: 2550 + (10 * 127 + 64) >> 7 = 2550 + 10
        Assert.Equal((short)2560, LookupTables.Lookup(-1, lut));
        Assert.Equal((short)0, LookupTables.Lookup(short.MinValue, lut));
        // short.MaxValue -> index 511, offset 127: 5110 + (1270 + 64) >> 7 = 5120
        Assert.Equal((short)5120, LookupTables.Lookup(short.MaxValue, lut));
        // negative slope: arithmetic shift floors
        lut[256] = 100; lut[257] = 99;
        Assert.Equal((short)100, LookupTables.Lookup(1, lut));   // (-1 + 64) >> 7 = 0
        Assert.Equal((short)99, LookupTables.Lookup(127, lut));  // (-127 + 64) >> 7 = -1
    }

    [Fact]
    public void LegacyGenLutOfExp()
    {
        short[] table = new short[513];
        LookupTables.GenLutLegacy(Math.Exp, -10.0, 0.0, table, 513);
        Assert.Equal((short)32767, table[512]); // round(exp(0) * 32768) clamped
        for (int i = 0; i < 512; i++)
        {
            double x = -10.0 + i * 10.0 / 512;
            Assert.InRange(table[i] - Math.Exp(x) * 32768, -2.0, 2.0);
        }
    }

    [Fact]
    public void PopulateInt16Identity()
    {
        // identity on the full int16 range with equal scales gives an (almost) identity table
        short[] lut = new short[513];
        float scale = 1f / 1024;
        LookupTables.PopulateInt16(scale, 0, scale, 0, v => v, lut);
        short[] lutD = new short[513];
        LookupTables.PopulateInt16(1.0 / 1024, 0, 1.0 / 1024, 0, v => v, lutD);
        for (int i = 0; i < 512; i++)
        {
            Assert.InRange(lut[i] - (-32768 + i * 128), -1, 1);
            Assert.InRange(lutD[i] - (-32768 + i * 128), -1, 1);
        }
        Assert.Equal((short)32767, lut[512]);
        for (int v = short.MinValue; v <= short.MaxValue; v += 31)
            Assert.InRange(LookupTables.Lookup((short)v, lut) - v, -2, 2);
    }

    [Fact]
    public void PopulateInt8Tables()
    {
        byte[] lut = new byte[256];
        // int8: x -> 2x, input scale 0.5 zp 10, output scale 0.5 zp 0: q_out = 2 * (q - 10), clamped
        LookupTables.PopulateInt8(0.5f, 10, 0.5f, 0, v => 2 * v, lut);
        Assert.Equal((sbyte)-20, LookupTables.Lookup((sbyte)0, lut));
        Assert.Equal((sbyte)127, LookupTables.Lookup((sbyte)127, lut));
        Assert.Equal((sbyte)-128, LookupTables.Lookup((sbyte)-128, lut));
        Assert.Equal((sbyte)30, LookupTables.Lookup((sbyte)25, lut));
        LookupTables.PopulateInt8(1f, 128, 1f, 128, v => -v, lut, isUInt8: true);
        Assert.Equal((byte)128, LookupTables.Lookup((byte)128, lut));
        Assert.Equal((byte)255, LookupTables.Lookup((byte)1, lut));
        Assert.Equal((byte)255, LookupTables.Lookup((byte)0, lut)); // 256 clamps
    }

    [Fact]
    public void SigmoidTable()
    {
        var t = LookupTables.SigmoidTableUInt16;
        Assert.Equal(256, t.Length);
        for (int i = 0; i < 256; i++)
            Assert.InRange(t[i] - 65536.0 / (1 + Math.Exp(-i / 24.0)), -1.5, 1.5);
    }
}
