namespace ManagedLite;

/// <summary>Affine quantization of a tensor: real = scale * (q - zeroPoint), per tensor or along one dimension.</summary>
public sealed class TensorQuantization
{
    internal TensorQuantization(float[] scales, long[] zeroPoints, int quantizedDimension)
    {
        ScalesArray = scales;
        ZeroPointsArray = zeroPoints;
        QuantizedDimension = quantizedDimension;
    }

    internal float[] ScalesArray { get; }
    internal long[] ZeroPointsArray { get; }

    /// <summary>Scales: one per tensor, or one per slice along <see cref="QuantizedDimension"/>.</summary>
    public IReadOnlyList<float> Scales => ScalesArray;
    /// <summary>Zero points, one per scale (or empty).</summary>
    public IReadOnlyList<long> ZeroPoints => ZeroPointsArray;
    /// <summary>Axis of per-channel quantization.</summary>
    public int QuantizedDimension { get; }
    /// <summary>True when there is more than one scale.</summary>
    public bool IsPerChannel => ScalesArray.Length > 1;
    /// <summary>Scale of a per-tensor quantization (the first scale).</summary>
    public float Scale => ScalesArray.Length > 0 ? ScalesArray[0] : 0f;
    /// <summary>Zero point of a per-tensor quantization (the first one, 0 when none).</summary>
    public int ZeroPoint => ZeroPointsArray.Length > 0 ? (int)ZeroPointsArray[0] : 0;
}
