using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// One step of a basic (Elman) RNN for one batch row, shared by RNN, UNIDIRECTIONAL_SEQUENCE_RNN and
/// BIDIRECTIONAL_SEQUENCE_RNN (TFLite's kernel_utils RnnBatchStep):
/// out = act(bias + W_in x + W_aux aux + W_rec h), then h = out. Weights are row-major [units, cols].
/// The hybrid step quantizes x, aux and h to int8 per row (symmetric, or asymmetric with the weights' row sums)
/// and skips the product of an all-zero vector, as TFLite does.
/// </summary>
public static class RnnCell
{
    /// <summary>Float step. <paramref name="aux"/> and <paramref name="auxWeights"/> are empty without an auxiliary input.</summary>
    public static void StepFloat(ReadOnlySpan<float> x, ReadOnlySpan<float> inputWeights,
                                 ReadOnlySpan<float> aux, ReadOnlySpan<float> auxWeights,
                                 ReadOnlySpan<float> recurrentWeights, ReadOnlySpan<float> bias,
                                 RecurrentActivation activation, Span<float> hidden, Span<float> output)
    {
        int units = hidden.Length;
        for (int r = 0; r < units; r++)
        {
            float acc = bias[r];
            acc += Dot(inputWeights.Slice(r * x.Length, x.Length), x);
            if (!aux.IsEmpty) acc += Dot(auxWeights.Slice(r * aux.Length, aux.Length), aux);
            acc += Dot(recurrentWeights.Slice(r * units, units), hidden);
            output[r] = acc;
        }
        for (int r = 0; r < units; r++) output[r] = RecurrentActivations.Apply(activation, output[r]);
        output[..units].CopyTo(hidden);
    }

    /// <summary>int8 scratch a hybrid step needs: room for the largest of x, aux and h.</summary>
    public static int HybridScratchLength(int inputSize, int auxInputSize, int units) => Math.Max(Math.Max(inputSize, auxInputSize), units);

    /// <summary>
    /// Hybrid step: int8 weights with per-tensor scales, float activations. Row sums ([units] each) are read only
    /// when <paramref name="asymmetric"/>.
    /// </summary>
    public static void StepHybrid(ReadOnlySpan<float> x, ReadOnlySpan<sbyte> inputWeights, float inputScale, ReadOnlySpan<int> inputRowSums,
                                  ReadOnlySpan<float> aux, ReadOnlySpan<sbyte> auxWeights, float auxScale, ReadOnlySpan<int> auxRowSums,
                                  ReadOnlySpan<sbyte> recurrentWeights, float recurrentScale, ReadOnlySpan<int> recurrentRowSums,
                                  ReadOnlySpan<float> bias, RecurrentActivation activation, bool asymmetric,
                                  Span<float> hidden, Span<float> output, Span<sbyte> quantized)
    {
        int units = hidden.Length;
        bias[..units].CopyTo(output);
        Accumulate(x, inputWeights, inputScale, inputRowSums, asymmetric, output, quantized);
        if (!aux.IsEmpty) Accumulate(aux, auxWeights, auxScale, auxRowSums, asymmetric, output, quantized);
        Accumulate(hidden, recurrentWeights, recurrentScale, recurrentRowSums, asymmetric, output, quantized);
        for (int r = 0; r < units; r++) output[r] = RecurrentActivations.Apply(activation, output[r]);
        output[..units].CopyTo(hidden);
    }

    /// <summary>result[r] += (W_r . q(v) - zp * rowSum_r) * scale(v) * weightScale; nothing for an all-zero v.</summary>
    private static void Accumulate(ReadOnlySpan<float> v, ReadOnlySpan<sbyte> weights, float weightScale, ReadOnlySpan<int> rowSums,
                                   bool asymmetric, Span<float> result, Span<sbyte> quantized)
    {
        bool zero = true;
        foreach (float f in v)
            if (f != 0f) { zero = false; break; }
        if (zero) return;
        int cols = v.Length;
        var q = quantized[..cols];
        int zp = 0;
        float scale = asymmetric ? HybridQuantization.Asymmetric(v, q, out zp) : HybridQuantization.Symmetric(v, q);
        scale *= weightScale;
        for (int r = 0; r < result.Length; r++)
        {
            var row = weights.Slice(r * cols, cols);
            int dot = 0;
            for (int i = 0; i < cols; i++) dot += row[i] * q[i];
            if (asymmetric) dot -= rowSums[r] * zp;
            result[r] += dot * scale;
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0f;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

/// <summary>A basic RNN run over a whole sequence (one direction), row by row: TFLite's sequence RNN loops.</summary>
public static class RnnSequence
{
    /// <summary>Float pass; <paramref name="aux"/> is empty without an auxiliary input.</summary>
    public static void Float(in Params.RnnParams p, scoped in Params.RnnFloatWeights w, ReadOnlySpan<float> input, ReadOnlySpan<float> aux,
                             Span<float> hidden, Span<float> output)
    {
        Check(p, input.Length, aux.Length, hidden.Length, output.Length);
        for (int s = 0; s < p.MaxTime; s++)
        {
            int t = p.Forward ? s : p.MaxTime - 1 - s;
            for (int b = 0; b < p.Batch; b++)
            {
                int row = p.Row(t, b);
                RnnCell.StepFloat(input.Slice(row * p.InputSize, p.InputSize), w.Input,
                                  aux.IsEmpty ? default : aux.Slice(row * p.AuxInputSize, p.AuxInputSize), w.Aux,
                                  w.Recurrent, w.Bias, p.Activation, hidden.Slice(b * p.Units, p.Units),
                                  output.Slice(row * p.OutputStride + p.OutputOffset, p.Units));
            }
        }
    }

    /// <summary>Hybrid pass; <paramref name="quantized"/> holds <see cref="RnnCell.HybridScratchLength"/> int8 values.</summary>
    public static void Hybrid(in Params.RnnParams p, scoped in Params.RnnHybridWeights w, bool asymmetric, ReadOnlySpan<float> input,
                              ReadOnlySpan<float> aux, Span<float> hidden, Span<float> output, Span<sbyte> quantized)
    {
        Check(p, input.Length, aux.Length, hidden.Length, output.Length);
        for (int s = 0; s < p.MaxTime; s++)
        {
            int t = p.Forward ? s : p.MaxTime - 1 - s;
            for (int b = 0; b < p.Batch; b++)
            {
                int row = p.Row(t, b);
                RnnCell.StepHybrid(input.Slice(row * p.InputSize, p.InputSize), w.Input, w.InputScale, w.InputRowSums,
                                   aux.IsEmpty ? default : aux.Slice(row * p.AuxInputSize, p.AuxInputSize), w.Aux, w.AuxScale, w.AuxRowSums,
                                   w.Recurrent, w.RecurrentScale, w.RecurrentRowSums, w.Bias, p.Activation, asymmetric,
                                   hidden.Slice(b * p.Units, p.Units), output.Slice(row * p.OutputStride + p.OutputOffset, p.Units), quantized);
            }
        }
    }

    private static void Check(in Params.RnnParams p, int input, int aux, int hidden, int output)
    {
        long rows = (long)p.MaxTime * p.Batch;
        if (p.MaxTime < 0 || p.Batch < 0 || p.Units < 0 || p.InputSize < 0 || p.OutputOffset + p.Units > p.OutputStride)
            throw new ArgumentException($"rnn: bad sizes {p}");
        if (input < rows * p.InputSize || hidden < (long)p.Batch * p.Units || output < rows * p.OutputStride ||
            (aux != 0 && aux < rows * p.AuxInputSize))
            throw new ArgumentException($"rnn: buffers too short for {p}");
    }
}
