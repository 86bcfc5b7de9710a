namespace ManagedLite.Kernels.Reference;

/// <summary>
/// LSH_PROJECTION (TFLite's lsh_projection.cc): for each seed of hash [num_hash, num_bits], the sign bit of the
/// (weighted) sum over the input's rows of FarmHash Fingerprint64(seed bytes ++ row bytes) as a signed integer, summed
/// in double. Dense: every bit; sparse: each hash's bits as an integer plus hash_index x 2^num_bits (int32, wrapping,
/// with C's shift on x86: 2^32 is 1).
/// </summary>
public static class LshProjection
{
    /// <param name="rows">The input's rows: <paramref name="input"/> split into this many equal byte rows.</param>
    /// <param name="key">Scratch of 4 + row bytes.</param>
    public static int SignBit(ReadOnlySpan<byte> input, int rows, ReadOnlySpan<float> weight, float seed, Span<byte> key)
    {
        int rowBytes = input.Length / rows;
        BitConverter.TryWriteBytes(key, seed);
        double score = 0.0;
        for (int i = 0; i < rows; i++)
        {
            input.Slice(i * rowBytes, rowBytes).CopyTo(key.Slice(4));
            double value = (long)FarmHash.Fingerprint64(key.Slice(0, 4 + rowBytes));
            score += weight.IsEmpty ? value : weight[i] * value;
        }
        return score > 0 ? 1 : 0;
    }

    public static void Run(ReadOnlySpan<float> hash, int numHash, int numBits, ReadOnlySpan<byte> input, int rows, ReadOnlySpan<float> weight,
        bool sparse, Span<int> output, Span<byte> key)
    {
        for (int i = 0; i < numHash; i++)
        {
            int signature = 0;
            for (int j = 0; j < numBits; j++)
            {
                int bit = SignBit(input, rows, weight, hash[i * numBits + j], key);
                if (sparse) signature = (signature << 1) | bit;
                else output[i * numBits + j] = bit;
            }
            if (sparse) output[i] = unchecked(signature + i * (1 << numBits));
        }
    }
}
