namespace ManagedLite.Kernels.Signal;

/// <summary>
/// TFLite Micro SignalFilterBank: accumulates uint32 spectrum energies into mel channels with int16 triangular
/// weights. Each frequency feeds two adjacent channels: its weight goes to one and its "unweight" to the next,
/// so num_channels + 1 channels are accumulated and the first (scratch) one is dropped.
/// </summary>
public static class FilterBank
{
    /// <summary>
    /// Checks that every channel's ranges lie inside the inputs; returns null when they do, else the reason.
    /// The config vectors hold num_channels + 1 entries.
    /// </summary>
    public static string? Validate(int inputLength, int weightsLength, int unweightsLength,
        ReadOnlySpan<short> frequencyStarts, ReadOnlySpan<short> weightStarts, ReadOnlySpan<short> widths, int numChannels)
    {
        if (numChannels < 0) return $"num_channels {numChannels} is negative";
        int n = numChannels + 1;
        if (frequencyStarts.Length < n || weightStarts.Length < n || widths.Length < n)
            return $"channel tables need {n} entries (num_channels + 1), got {frequencyStarts.Length}, {weightStarts.Length}, {widths.Length}";
        for (int i = 0; i < n; i++)
        {
            int f = frequencyStarts[i], w = weightStarts[i], width = widths[i];
            if (width < 0) return $"channel {i} has negative width {width}";
            if (f < 0 || f + width > inputLength) return $"channel {i} reads frequencies [{f}, {f + width}) of {inputLength}";
            if (w < 0 || w + width > weightsLength || w + width > unweightsLength)
                return $"channel {i} reads weights [{w}, {w + width}) of {Math.Min(weightsLength, unweightsLength)}";
        }
        return null;
    }

    /// <summary>output[c] for c in [0, num_channels), accumulated with uint64 wrap-around as in C.</summary>
    public static void Apply(ReadOnlySpan<uint> input, ReadOnlySpan<short> weights, ReadOnlySpan<short> unweights,
        ReadOnlySpan<short> frequencyStarts, ReadOnlySpan<short> weightStarts, ReadOnlySpan<short> widths, Span<ulong> output)
    {
        int numChannels = output.Length;
        string? error = Validate(input.Length, weights.Length, unweights.Length, frequencyStarts, weightStarts, widths, numChannels);
        if (error is not null) throw new ArgumentException(error);
        ulong weighted = 0, unweighted = 0;
        for (int i = 0; i <= numChannels; i++)
        {
            int f = frequencyStarts[i], w = weightStarts[i], width = widths[i];
            for (int j = 0; j < width; j++)
            {
                ulong energy = input[f + j];
                // int16 weights convert to uint64 with sign extension.
                weighted = unchecked(weighted + (ulong)(long)weights[w + j] * energy);
                unweighted = unchecked(unweighted + (ulong)(long)unweights[w + j] * energy);
            }
            if (i > 0) output[i - 1] = weighted;
            weighted = unweighted;
            unweighted = 0;
        }
    }
}
