namespace ManagedLite.Kernels.Reference;

/// <summary>
/// STABLEHLO_RNG_BIT_GENERATOR as TFLite's stablehlo_rng_bit_generator.cc computes it. The state is a vector of
/// uint64 read as little-endian 32-bit words s[0..]: the key is (s[0], s[1]), the counter starts at the following
/// words. The random output is filled with 32-bit words, one counter value per block (two words for ThreeFry, four for
/// Philox; the last block's unused words dropped), the counter stepping by one in its first two words only (the low
/// word carrying into the second, never further). A 64-bit output element takes two consecutive words, low first.
/// The new state is the key, the advanced first two counter words, then (Philox with a three-element state) the
/// initial state's last element unchanged.
/// </summary>
public static class RngBitGenerator
{
    private const uint ThreefryParity = 0x1BD11BDA;

    /// <summary>
    /// ThreeFry 2x32 with 20 rounds (Salmon et al. 2011): state [2] = (key, counter).
    /// <paramref name="state"/> and <paramref name="newState"/> hold 4 words, <paramref name="output"/> any count.
    /// </summary>
    public static void ThreeFry(ReadOnlySpan<uint> state, Span<uint> newState, Span<uint> output)
    {
        uint k0 = state[0], k1 = state[1], c0 = state[2], c1 = state[3];
        Span<uint> block = stackalloc uint[2];
        for (int i = 0; i < output.Length; i += 2)
        {
            ThreeFryBlock(k0, k1, c0, c1, block);
            int n = Math.Min(2, output.Length - i);
            for (int j = 0; j < n; j++) output[i + j] = block[j];
            Step(ref c0, ref c1);
        }
        newState[0] = k0;
        newState[1] = k1;
        newState[2] = c0;
        newState[3] = c1;
    }

    /// <summary>
    /// Philox 4x32 with 10 rounds: state [2] or [3] (4 or 6 words). The counter is (s[2], s[3], s[4], s[5]) for a
    /// three-element state and (s[2], s[3], s[0], s[1]) for a two-element one, as TFLite builds it.
    /// </summary>
    public static void Philox4x32(ReadOnlySpan<uint> state, Span<uint> newState, Span<uint> output)
    {
        if (state.Length != 4 && state.Length != 6)
            throw new ArgumentException($"Philox state: {state.Length} words, expected 4 or 6");
        uint k0 = state[0], k1 = state[1], c0 = state[2], c1 = state[3];
        uint c2 = state.Length == 6 ? state[4] : state[0], c3 = state.Length == 6 ? state[5] : state[1];
        Span<uint> block = stackalloc uint[4];
        for (int i = 0; i < output.Length; i += 4)
        {
            Philox.Block(k0, k1, c0, c1, c2, c3, block);
            int n = Math.Min(4, output.Length - i);
            for (int j = 0; j < n; j++) output[i + j] = block[j];
            Step(ref c0, ref c1);
        }
        state.CopyTo(newState);
        newState[0] = k0;
        newState[1] = k1;
        newState[2] = c0;
        newState[3] = c1;
    }

    private static void Step(ref uint c0, ref uint c1)
    {
        c0 = unchecked(c0 + 1);
        if (c0 == 0) c1 = unchecked(c1 + 1);
    }

    /// <summary>One ThreeFry 2x32 block: five groups of four rounds, a key injection after each group.</summary>
    public static void ThreeFryBlock(uint k0, uint k1, uint c0, uint c1, Span<uint> result)
    {
        uint k2 = k0 ^ k1 ^ ThreefryParity;
        uint x0 = unchecked(c0 + k0), x1 = unchecked(c1 + k1);
        Group(ref x0, ref x1, 13, 15, 26, 6);
        Inject(ref x0, ref x1, k1, k2, 1);
        Group(ref x0, ref x1, 17, 29, 16, 24);
        Inject(ref x0, ref x1, k2, k0, 2);
        Group(ref x0, ref x1, 13, 15, 26, 6);
        Inject(ref x0, ref x1, k0, k1, 3);
        Group(ref x0, ref x1, 17, 29, 16, 24);
        Inject(ref x0, ref x1, k1, k2, 4);
        Group(ref x0, ref x1, 13, 15, 26, 6);
        Inject(ref x0, ref x1, k2, k0, 5);
        result[0] = x0;
        result[1] = x1;
    }

    private static void Group(ref uint x0, ref uint x1, int r0, int r1, int r2, int r3)
    {
        Mix(ref x0, ref x1, r0);
        Mix(ref x0, ref x1, r1);
        Mix(ref x0, ref x1, r2);
        Mix(ref x0, ref x1, r3);
    }

    private static void Mix(ref uint x0, ref uint x1, int rotation)
    {
        x0 = unchecked(x0 + x1);
        x1 = System.Numerics.BitOperations.RotateLeft(x1, rotation) ^ x0;
    }

    private static void Inject(ref uint x0, ref uint x1, uint a, uint b, uint round)
    {
        x0 = unchecked(x0 + a);
        x1 = unchecked(x1 + b + round);
    }
}
