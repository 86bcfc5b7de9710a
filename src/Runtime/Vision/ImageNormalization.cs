using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// Per-channel normalization of pixel values: input = (pixel - Mean[c]) / Std[c], one value per channel or one for
/// all channels (TFLite metadata's <c>NormalizationOptions</c>). Pixels are 0..255.
/// </summary>
public sealed record ImageNormalization
{
    /// <summary>Normalization with <paramref name="mean"/> and <paramref name="std"/> (same length: 1 or the channel count).</summary>
    public ImageNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || std.Count == 0)
            throw new ArgumentException("normalization needs at least one mean and one std");
        if (mean.Count != std.Count && mean.Count != 1 && std.Count != 1)
            throw new ArgumentException($"normalization has {mean.Count} means and {std.Count} stds; give one each or one per channel");
        foreach (float s in std)
        {
            if (!(s != 0 && float.IsFinite(s))) throw new ArgumentException($"normalization std {s} must be finite and non-zero");
        }
        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>Means, one per channel or one for all.</summary>
    public IReadOnlyList<float> Mean { get; }
    /// <summary>Standard deviations, one per channel or one for all.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Pixels as they are (mean 0, std 1): values 0..255.</summary>
    public static ImageNormalization None { get; } = new([0f], [1f]);

    /// <summary>The normalization of a tensor's metadata (<see cref="TensorMetadataDef.Normalization"/>), or null when it has none.</summary>
    public static ImageNormalization? FromMetadata(TensorMetadataDef? tensor) =>
        tensor?.Normalization is { Mean.Count: > 0, Std.Count: > 0 } n ? new ImageNormalization(n.Mean, n.Std) : null;

    internal float MeanOf(int c) => Mean[Mean.Count == 1 ? 0 : c];
    internal float StdOf(int c) => Std[Std.Count == 1 ? 0 : c];
}
