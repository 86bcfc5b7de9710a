using System.Buffers.Binary;
using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// FarmHash's 64-bit fingerprint (farmhash::Fingerprint64, the farmhashna Hash64 variant), which TFLite's
/// LSH_PROJECTION hashes its keys with. Little-endian reads, as on every platform TFLite runs.
/// </summary>
public static class FarmHash
{
    private const ulong K0 = 0xc3a5c85c97cb3127UL;
    private const ulong K1 = 0xb492b66fbe98f273UL;
    private const ulong K2 = 0x9ae16a3b2f90404fUL;

    private static ulong Fetch64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at, 8));
    private static ulong Fetch32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4));
    private static ulong Rotate(ulong v, int shift) => BitOperations.RotateRight(v, shift);
    private static ulong ShiftMix(ulong v) => v ^ (v >> 47);

    private static ulong HashLen16(ulong u, ulong v, ulong mul)
    {
        ulong a = (u ^ v) * mul;
        a ^= a >> 47;
        ulong b = (v ^ a) * mul;
        b ^= b >> 47;
        return b * mul;
    }

    private static ulong HashLen0To16(ReadOnlySpan<byte> s)
    {
        int len = s.Length;
        if (len >= 8)
        {
            ulong mul = K2 + (ulong)len * 2;
            ulong a = Fetch64(s, 0) + K2;
            ulong b = Fetch64(s, len - 8);
            ulong c = Rotate(b, 37) * mul + a;
            ulong d = (Rotate(a, 25) + b) * mul;
            return HashLen16(c, d, mul);
        }
        if (len >= 4)
        {
            ulong mul = K2 + (ulong)len * 2;
            ulong a = Fetch32(s, 0);
            return HashLen16((ulong)len + (a << 3), Fetch32(s, len - 4), mul);
        }
        if (len > 0)
        {
            uint y = s[0] + ((uint)s[len >> 1] << 8);
            uint z = (uint)len + ((uint)s[len - 1] << 2);
            return ShiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static ulong HashLen17To32(ReadOnlySpan<byte> s)
    {
        int len = s.Length;
        ulong mul = K2 + (ulong)len * 2;
        ulong a = Fetch64(s, 0) * K1;
        ulong b = Fetch64(s, 8);
        ulong c = Fetch64(s, len - 8) * mul;
        ulong d = Fetch64(s, len - 16) * K2;
        return HashLen16(Rotate(a + b, 43) + Rotate(c, 30) + d, a + Rotate(b + K2, 18) + c, mul);
    }

    private static ulong HashLen33To64(ReadOnlySpan<byte> s)
    {
        int len = s.Length;
        ulong mul = K2 + (ulong)len * 2;
        ulong a = Fetch64(s, 0) * K2;
        ulong b = Fetch64(s, 8);
        ulong c = Fetch64(s, len - 8) * mul;
        ulong d = Fetch64(s, len - 16) * K2;
        ulong y = Rotate(a + b, 43) + Rotate(c, 30) + d;
        ulong z = HashLen16(y, a + Rotate(b + K2, 18) + c, mul);
        ulong e = Fetch64(s, 16) * mul;
        ulong f = Fetch64(s, 24);
        ulong g = (y + Fetch64(s, len - 32)) * mul;
        ulong h = (z + Fetch64(s, len - 24)) * mul;
        return HashLen16(Rotate(e + f, 43) + Rotate(g, 30) + h, e + Rotate(f + a, 18) + g, mul);
    }

    private static (ulong, ulong) WeakHashLen32WithSeeds(ReadOnlySpan<byte> s, int at, ulong a, ulong b)
    {
        ulong w = Fetch64(s, at), x = Fetch64(s, at + 8), y = Fetch64(s, at + 16), z = Fetch64(s, at + 24);
        a += w;
        b = Rotate(b + a + z, 21);
        ulong c = a;
        a += x;
        a += y;
        b += Rotate(a, 44);
        return (a + z, b + c);
    }

    /// <summary>Fingerprint64 of <paramref name="s"/>.</summary>
    public static ulong Fingerprint64(ReadOnlySpan<byte> s)
    {
        int len = s.Length;
        if (len <= 16) return HashLen0To16(s);
        if (len <= 32) return HashLen17To32(s);
        if (len <= 64) return HashLen33To64(s);
        const ulong seed = 81;
        ulong x = seed;
        ulong y = unchecked(seed * K1 + 113);
        ulong z = ShiftMix(y * K2 + 113) * K2;
        (ulong First, ulong Second) v = (0, 0), w = (0, 0);
        x = x * K2 + Fetch64(s, 0);
        int end = (len - 1) / 64 * 64;
        int last64 = end + ((len - 1) & 63) - 63;
        int p = 0;
        do
        {
            x = Rotate(x + y + v.First + Fetch64(s, p + 8), 37) * K1;
            y = Rotate(y + v.Second + Fetch64(s, p + 48), 42) * K1;
            x ^= w.Second;
            y += v.First + Fetch64(s, p + 40);
            z = Rotate(z + w.First, 33) * K1;
            v = WeakHashLen32WithSeeds(s, p, v.Second * K1, x + w.First);
            w = WeakHashLen32WithSeeds(s, p + 32, z + w.Second, y + Fetch64(s, p + 16));
            (z, x) = (x, z);
            p += 64;
        } while (p != end);
        ulong mul = K1 + ((z & 0xff) << 1);
        p = last64;
        w.First += (ulong)((len - 1) & 63);
        v.First += w.First;
        w.First += v.First;
        x = Rotate(x + y + v.First + Fetch64(s, p + 8), 37) * mul;
        y = Rotate(y + v.Second + Fetch64(s, p + 48), 42) * mul;
        x ^= w.Second * 9;
        y += v.First * 9 + Fetch64(s, p + 40);
        z = Rotate(z + w.First, 33) * mul;
        v = WeakHashLen32WithSeeds(s, p, v.Second * mul, x + w.First);
        w = WeakHashLen32WithSeeds(s, p + 32, z + w.Second, y + Fetch64(s, p + 16));
        (z, x) = (x, z);
        return HashLen16(HashLen16(v.First, w.First, mul) + ShiftMix(y) * K0 + z, HashLen16(v.Second, w.Second, mul) + x, mul);
    }
}
