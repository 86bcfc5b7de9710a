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

    public IReadOnlyList<float> Scales => ScalesArray;
    public IReadOnlyList<long> ZeroPoints => ZeroPointsArray;
    public int QuantizedDimension { get; }
    public bool IsPerChannel => ScalesArray.Length > 1;
    /// <summary>Scale of a per-tensor quantization (the first scale).</summary>
    public float Scale => ScalesArray.Length > 0 ? ScalesArray[0] : 0f;
    /// <summary>Zero point of a per-tensor quantization (the first one, 0 when none).</summary>
    public int ZeroPoint => ZeroPointsArray.Length > 0 ? (int)ZeroPointsArray[0] : 0;
}
