namespace ManagedLite;

/// <summary>Turns a classifier's output scores into labels.</summary>
public static class Classification
{
    /// <summary>
    /// The <paramref name="k"/> highest scores of <paramref name="output"/> (shape [N] or [1, N]; float32, or a
    /// quantized int8/uint8/int16 tensor, dequantized), best first; ties keep the lower index first.
    /// <paramref name="labels"/> name the N classes (for example <see cref="ModelMetadata.GetOutputLabels"/>).
    /// </summary>
    public static IReadOnlyList<Category> TopK(LiteTensor output, IReadOnlyList<string> labels, int k)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var shape = output.Shape;
        if (!(shape.Length == 1 || shape.Length == 2 && shape[0] == 1))
            throw new TensorException(output.Name, $"is not a classifier output: expected shape [N] or [1, N], got [{string.Join(",", shape.ToArray())}]");
        float[] scores = output.Dequantize();
        var order = Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .ThenBy(i => i)
            .Take(k);
        return order.Select(i => new Category(i, i < labels.Count ? labels[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture), scores[i])).ToArray();
    }
}
