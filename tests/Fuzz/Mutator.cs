using System.Buffers.Binary;
using System.Text;

namespace ManagedLite.Fuzz;

/// <summary>
/// Mutations of a model file. Generic ones (bit flips, interesting bytes and int32s, truncation, splices
/// from another model, duplicated or removed ranges, random runs) treat the file as bytes; targeted ones use
/// a <see cref="FlatBufferMap"/> of the seed to hit vtables, offsets, vector lengths, shapes, tensor and
/// opcode indices, enum fields, options and constant data, which is what reaches the deeper checks.
/// </summary>
public static class Mutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40, 0x20];

    private static readonly int[] InterestingInts =
    [
        0, 1, -1, 2, 3, 4, 7, 8, 16, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, -2, -128,
        46341, 1 << 20, 1 << 24, 1 << 30, int.MaxValue, int.MinValue, int.MaxValue - 3,
    ];

    private static readonly int[] InterestingDims = [0, 1, 2, 3, 4, 5, 7, 8, 16, 17, 33, 100, 1000, 46341, 65536, 1 << 20, -1, -2, int.MaxValue, int.MinValue];

    private static readonly float[] InterestingFloats =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1e38f, -1e38f, 1e-45f, float.Epsilon, 65504f, 1f, -1f];

    /// <summary>Applies one to four mutations to a copy of <paramref name="seed"/>; returns the bytes and a description.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] seed, FlatBufferMap map, byte[] other, Random rng)
    {
        byte[] d = (byte[])seed.Clone();
        var desc = new StringBuilder();
        int roll = rng.Next(100);
        int count = roll < 60 ? 1 : roll < 85 ? 2 : rng.Next(3, 5);
        for (int i = 0; i < count; i++)
        {
            if (desc.Length > 0) desc.Append("; ");
            bool targeted = map.Count > 0 && rng.Next(100) < 65;
            bool resized = targeted ? Targeted(d, map, rng, desc) : Generic(ref d, other, rng, desc);
            if (resized) break; // the map no longer matches the bytes
        }
        return (d, desc.ToString());
    }

    /// <summary>Returns true when the length changed.</summary>
    private static bool Generic(ref byte[] d, byte[] other, Random rng, StringBuilder desc)
    {
        if (d.Length == 0) { desc.Append("empty"); return false; }
        switch (rng.Next(9))
        {
            case 0:
            {
                int flips = rng.Next(1, 9);
                desc.Append("bitflip x").Append(flips);
                for (int k = 0; k < flips; k++)
                {
                    int p = rng.Next(d.Length);
                    int bit = rng.Next(8);
                    d[p] ^= (byte)(1 << bit);
                    desc.Append(' ').Append(p).Append('^').Append(bit);
                }
                return false;
            }
            case 1:
            {
                int p = rng.Next(d.Length);
                d[p] = InterestingBytes[rng.Next(InterestingBytes.Length)];
                desc.Append($"byte@{p}={d[p]:X2}");
                return false;
            }
            case 2:
            {
                if (d.Length < 4) goto case 1;
                int p = rng.Next(d.Length / 4) * 4;
                int v = InterestingInts[rng.Next(InterestingInts.Length)];
                BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                desc.Append($"int32@{p}={v}");
                return false;
            }
            case 3:
            {
                int len = rng.Next(4) == 0 ? d.Length - rng.Next(1, Math.Min(64, d.Length) + 1) : rng.Next(d.Length);
                desc.Append($"truncate@{len}");
                d = d[..len];
                return true;
            }
            case 4:
            {
                int len = Math.Min(rng.Next(4, 257), Math.Min(other.Length, d.Length));
                if (len <= 0) goto case 1;
                int from = rng.Next(other.Length - len + 1), to = rng.Next(d.Length - len + 1);
                other.AsSpan(from, len).CopyTo(d.AsSpan(to));
                desc.Append($"splice {len}B other@{from}->@{to}");
                return false;
            }
            case 5:
            {
                int len = rng.Next(1, Math.Min(256, d.Length) + 1);
                int from = rng.Next(d.Length - len + 1), at = rng.Next(d.Length + 1);
                var n = new byte[d.Length + len];
                d.AsSpan(0, at).CopyTo(n);
                d.AsSpan(from, len).CopyTo(n.AsSpan(at));
                d.AsSpan(at).CopyTo(n.AsSpan(at + len));
                d = n;
                desc.Append($"duplicate {len}B @{from}->@{at}");
                return true;
            }
            case 6:
            {
                int len = rng.Next(1, Math.Min(256, d.Length) + 1);
                int at = rng.Next(d.Length - len + 1);
                d = [.. d.AsSpan(0, at), .. d.AsSpan(at + len)];
                desc.Append($"remove {len}B @{at}");
                return true;
            }
            case 7:
            {
                int len = rng.Next(1, 17);
                int at = rng.Next(d.Length);
                for (int k = at; k < Math.Min(d.Length, at + len); k++) d[k] = (byte)rng.Next(256);
                desc.Append($"random {len}B @{at}");
                return false;
            }
            default:
            {
                int len = rng.Next(1, 65);
                var n = new byte[d.Length + len];
                d.CopyTo(n, 0);
                rng.NextBytes(n.AsSpan(d.Length));
                d = n;
                desc.Append($"append {len}B");
                return true;
            }
        }
    }

    private static bool Targeted(byte[] d, FlatBufferMap m, Random rng, StringBuilder desc)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            switch (rng.Next(12))
            {
                case 0 when m.VTableEntries.Count > 0:
                {
                    int p = Pick(m.VTableEntries, rng);
                    int old = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(p));
                    int v = rng.Next(6) switch { 0 => 0, 1 => 0xFFFF, 2 => old + 4, 3 => Math.Max(0, old - 4), 4 => 4, _ => rng.Next(0, 128) };
                    BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(p), (ushort)v);
                    desc.Append($"vtable-entry@{p}:{old}->{v}");
                    return false;
                }
                case 1 when m.VTables.Count > 0:
                {
                    int p = Pick(m.VTables, rng) + rng.Next(2) * 2; // vtable size or table size
                    int v = rng.Next(5) switch { 0 => 0, 1 => 2, 2 => 0xFFFF, 3 => 0x7FFF, _ => rng.Next(0, 64) };
                    BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(p), (ushort)v);
                    desc.Append($"vtable-header@{p}={v}");
                    return false;
                }
                case 2 when m.Tables.Count > 0:
                {
                    int p = Pick(m.Tables, rng);
                    int old = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(p));
                    int v = rng.Next(4) switch
                    {
                        0 => InterestingInts[rng.Next(InterestingInts.Length)],
                        1 => old + 2 * rng.Next(-8, 9),
                        2 => p - Pick(m.VTables, rng), // another table's vtable
                        _ => -old,
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"table-soffset@{p}:{old}->{v}");
                    return false;
                }
                case 3 when m.OffsetFields.Count > 0:
                {
                    int p = Pick(m.OffsetFields, rng);
                    uint old = BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(p));
                    uint v = rng.Next(6) switch
                    {
                        0 => (uint)InterestingInts[rng.Next(InterestingInts.Length)],
                        1 => (uint)(d.Length - p),
                        2 => (uint)(d.Length - p - 4),
                        3 when m.Tables.Count > 0 => (uint)(Pick(m.Tables, rng) - p),       // another table: type confusion
                        4 when m.VectorLengths.Count > 0 => (uint)(Pick(m.VectorLengths, rng) - p),
                        _ => old + (uint)(4 * rng.Next(-4, 5)),
                    };
                    BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"offset@{p}:{old}->{v}");
                    return false;
                }
                case 4 when m.VectorLengths.Count > 0:
                {
                    int p = Pick(m.VectorLengths, rng);
                    uint old = BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(p));
                    uint v = rng.Next(7) switch
                    {
                        0 => 0, 1 => old + 1, 2 => old - 1, 3 => old * 2 + 1, 4 => 0x3FFFFFFF, 5 => 0xFFFFFFFF,
                        _ => (uint)(d.Length - p) / 4,
                    };
                    BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"vector-length@{p}:{old}->{v}");
                    return false;
                }
                case 5 or 6 when m.ShapeElements.Count > 0:
                {
                    int p = Pick(m.ShapeElements, rng);
                    int old = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(p));
                    int v = rng.Next(3) switch
                    {
                        0 => old + rng.Next(-2, 3),
                        1 => old * rng.Next(2, 5),
                        _ => InterestingDims[rng.Next(InterestingDims.Length)],
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"shape@{p}:{old}->{v}");
                    return false;
                }
                case 7 when m.IndexElements.Count > 0:
                {
                    int p = Pick(m.IndexElements, rng);
                    int old = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(p));
                    int v = rng.Next(6) switch
                    {
                        0 => -1, 1 => old + 1, 2 => old - 1, 3 => rng.Next(0, 40),
                        4 => BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(Pick(m.IndexElements, rng))), // another tensor of the graph
                        _ => InterestingInts[rng.Next(InterestingInts.Length)],
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"index@{p}:{old}->{v}");
                    return false;
                }
                case 8 when m.IndexScalars.Count + m.CodeFields.Count > 0:
                {
                    bool code = rng.Next(m.IndexScalars.Count + m.CodeFields.Count) >= m.IndexScalars.Count;
                    int p = Pick(code ? m.CodeFields : m.IndexScalars, rng);
                    int old = BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(p));
                    int v = rng.Next(4) switch
                    {
                        0 => old + 1, 1 => old - 1, 2 => rng.Next(0, code ? 210 : 40),
                        _ => InterestingInts[rng.Next(InterestingInts.Length)],
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                    desc.Append($"{(code ? "opcode" : "index-field")}@{p}:{old}->{v}");
                    return false;
                }
                case 9 when m.ByteScalars.Count > 0:
                {
                    int p = Pick(m.ByteScalars, rng);
                    byte old = d[p];
                    byte v = rng.Next(3) switch
                    {
                        0 => (byte)rng.Next(0, 20), 1 => (byte)(old + rng.Next(-2, 3)),
                        _ => InterestingBytes[rng.Next(InterestingBytes.Length)],
                    };
                    d[p] = v;
                    desc.Append($"enum@{p}:{old}->{v}");
                    return false;
                }
                case 10 when m.ScalarFields.Count > 0:
                {
                    int p = Pick(m.ScalarFields, rng);
                    if (rng.Next(2) == 0 || p + 4 > d.Length)
                    {
                        byte v = rng.Next(2) == 0 ? (byte)rng.Next(0, 12) : InterestingBytes[rng.Next(InterestingBytes.Length)];
                        desc.Append($"field-byte@{p}:{d[p]}->{v}");
                        d[p] = v;
                    }
                    else
                    {
                        int v = rng.Next(3) switch
                        {
                            0 => rng.Next(-6, 12),
                            1 => BitConverter.SingleToInt32Bits(InterestingFloats[rng.Next(InterestingFloats.Length)]),
                            _ => InterestingInts[rng.Next(InterestingInts.Length)],
                        };
                        BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
                        desc.Append($"field-int32@{p}={v}");
                    }
                    return false;
                }
                case 11 when m.DataRanges.Count > 0:
                {
                    var (start, len) = m.DataRanges[rng.Next(m.DataRanges.Count)];
                    if (len < 4 || rng.Next(4) == 0)
                    {
                        int p = start + rng.Next(len);
                        d[p] = InterestingBytes[rng.Next(InterestingBytes.Length)];
                        desc.Append($"data-byte@{p}={d[p]:X2}");
                        return false;
                    }
                    int q = start + rng.Next(len / 4) * 4;
                    int v = rng.Next(4) switch
                    {
                        0 => rng.Next(-4, 12),
                        1 => BitConverter.SingleToInt32Bits(InterestingFloats[rng.Next(InterestingFloats.Length)]),
                        2 => BinaryPrimitives.ReadInt32LittleEndian(d.AsSpan(q)) + rng.Next(-2, 3),
                        _ => InterestingInts[rng.Next(InterestingInts.Length)],
                    };
                    BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(q), v);
                    desc.Append($"data-int32@{q}={v}");
                    return false;
                }
            }
        }
        // Nothing of the chosen kinds in this seed: fall back to an aligned interesting int.
        if (d.Length >= 4)
        {
            int p = rng.Next(d.Length / 4) * 4;
            int v = InterestingInts[rng.Next(InterestingInts.Length)];
            BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(p), v);
            desc.Append($"int32@{p}={v}");
        }
        return false;
    }

    private static int Pick(List<int> list, Random rng) => list[rng.Next(list.Count)];
}
