namespace ManagedLite.Kernels;

/// <summary>
/// Geometry and options of a float FULLY_CONNECTED: input [Batches, InputDepth] (flattened),
/// weights [OutputDepth, InputDepth], bias [OutputDepth] (or empty), output [Batches, OutputDepth].
/// </summary>
public readonly record struct FullyConnectedParams
{
    public FullyConnectedParams() { }

    public int Batches { get; init; } = 1;
    public int InputDepth { get; init; }
    public int OutputDepth { get; init; }
    public float ActivationMin { get; init; } = float.NegativeInfinity;
    public float ActivationMax { get; init; } = float.PositiveInfinity;

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry is consistent and the spans are long enough.</summary>
    public void Check(int inputLength, int weightsLength, int biasLength, int outputLength)
    {
        if (Batches < 0 || InputDepth <= 0 || OutputDepth <= 0)
            throw new ArgumentException($"fully connected: bad dimensions {this}");
        if (inputLength < (long)Batches * InputDepth) throw new ArgumentException($"fully connected: input has {inputLength} elements, needs {(long)Batches * InputDepth}");
        if (weightsLength < (long)OutputDepth * InputDepth) throw new ArgumentException($"fully connected: weights have {weightsLength} elements, needs {(long)OutputDepth * InputDepth}");
        if (biasLength != 0 && biasLength < OutputDepth) throw new ArgumentException($"fully connected: bias has {biasLength} elements, needs {OutputDepth}");
        if (outputLength < (long)Batches * OutputDepth) throw new ArgumentException($"fully connected: output has {outputLength} elements, needs {(long)Batches * OutputDepth}");
    }
}
