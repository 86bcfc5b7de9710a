using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// SVDF (TFLite's reference/svdf.h and TFLite Micro's svdf_common.cc). Each invoke shifts the state left
/// by one, writes the new feature activations into each filter's last memory slot, then applies the
/// time weights, reduces over rank, adds the bias and activates. Buffers:
/// input [B, I], weightsFeature [F, I], weightsTime [F, M], bias [U] (empty = none),
/// state [B, F * M] (variable, read and updated), output [B, U].
/// </summary>
public static class Svdf
{
    /// <summary>Float SVDF. <paramref name="scratch"/>: [B, F] floats.</summary>
    public static void EvalFloat(in SvdfShape s, ReadOnlySpan<float> input, ReadOnlySpan<float> weightsFeature,
                                 ReadOnlySpan<float> weightsTime, ReadOnlySpan<float> bias, Span<float> state,
                                 Span<float> scratch, Span<float> output, RecurrentActivation activation)
    {
        int filters = s.NumFilters, inputSize = s.InputSize, memory = s.MemorySize;
        ShiftStateLeft(state[..s.StateSize]);

        // scratch[b, f] = weights_feature[f] . input[b]
        scratch = scratch[..(s.Batch * filters)];
        scratch.Clear();
        for (int b = 0; b < s.Batch; b++)
        {
            var x = input.Slice(b * inputSize, inputSize);
            for (int f = 0; f < filters; f++)
            {
                var w = weightsFeature.Slice(f * inputSize, inputSize);
                float dot = 0f;
                for (int i = 0; i < inputSize; i++) dot += w[i] * x[i];
                scratch[b * filters + f] += dot;
            }
        }
        for (int i = 0; i < s.Batch * filters; i++) state[i * memory + memory - 1] = scratch[i];

        ApplyTimeWeightsBiasAndActivation(s, weightsTime, bias, state, scratch, output, activation);
    }

    /// <summary>
    /// Hybrid SVDF: int8 weights_feature (per-tensor <paramref name="weightsFeatureScale"/>), float input,
    /// state, bias and output; the time weights are given dequantized (weights_time * its scale, computed once).
    /// The input is quantized per batch row, symmetric or asymmetric. Scratch: <paramref name="scratch"/> [B, F],
    /// <paramref name="quantizedInput"/> [B, I], <paramref name="scalingFactors"/> [B], <paramref name="zeroPoints"/> [B];
    /// <paramref name="rowSums"/> [F] = sum of each weights_feature row (used when asymmetric).
    /// </summary>
    public static void EvalHybrid(in SvdfShape s, ReadOnlySpan<float> input, ReadOnlySpan<sbyte> weightsFeature,
                                  float weightsFeatureScale, ReadOnlySpan<float> weightsTimeDequantized,
                                  ReadOnlySpan<float> bias, Span<float> state, Span<float> scratch,
                                  Span<sbyte> quantizedInput, Span<float> scalingFactors, Span<int> zeroPoints,
                                  ReadOnlySpan<int> rowSums, bool asymmetricQuantizeInputs, Span<float> output,
                                  RecurrentActivation activation)
    {
        int filters = s.NumFilters, inputSize = s.InputSize, memory = s.MemorySize;
        ShiftStateLeft(state[..s.StateSize]);
        scratch = scratch[..(s.Batch * filters)];
        scratch.Clear();

        var inputAll = input[..(s.Batch * inputSize)];
        if (!IsZero(inputAll))
        {
            for (int b = 0; b < s.Batch; b++)
            {
                var row = inputAll.Slice(b * inputSize, inputSize);
                var q = quantizedInput.Slice(b * inputSize, inputSize);
                if (asymmetricQuantizeInputs)
                    scalingFactors[b] = HybridQuantization.Asymmetric(row, q, out zeroPoints[b]);
                else
                    scalingFactors[b] = HybridQuantization.Symmetric(row, q);
                scalingFactors[b] *= weightsFeatureScale;
            }
            for (int b = 0; b < s.Batch; b++)
            {
                var q = quantizedInput.Slice(b * inputSize, inputSize);
                float scale = scalingFactors[b];
                for (int f = 0; f < filters; f++)
                {
                    var w = weightsFeature.Slice(f * inputSize, inputSize);
                    int dot = 0;
                    for (int i = 0; i < inputSize; i++) dot += w[i] * q[i];
                    if (asymmetricQuantizeInputs) dot -= rowSums[f] * zeroPoints[b];
                    scratch[b * filters + f] += dot * scale;
                }
            }
        }
        for (int i = 0; i < s.Batch * filters; i++) state[i * memory + memory - 1] = scratch[i];

        ApplyTimeWeightsBiasAndActivation(s, weightsTimeDequantized, bias, state, scratch, output, activation);
    }

    /// <summary>
    /// Fully integer SVDF as TFLite runs it: int8 input/weights_feature/output, int16 weights_time and
    /// int16 state (symmetric, zero point 0), int32 bias. The fused activation is not applied (TFLite
    /// requires RELU and relies on the output range). Scratch: <paramref name="scratch"/> [B, F] and
    /// <paramref name="outputTemp"/> [B, U] int32.
    /// </summary>
    public static void EvalInteger(in SvdfShape s, in SvdfIntegerParams q, ReadOnlySpan<sbyte> input,
                                   ReadOnlySpan<sbyte> weightsFeature, ReadOnlySpan<short> weightsTime,
                                   ReadOnlySpan<int> bias, Span<short> state, Span<int> scratch,
                                   Span<int> outputTemp, Span<sbyte> output)
    {
        int filters = s.NumFilters, inputSize = s.InputSize, memory = s.MemorySize;
        var st = state[..s.StateSize];
        if (st.Length > 1) st[1..].CopyTo(st);

        for (int b = 0; b < s.Batch; b++)
        {
            var x = input.Slice(b * inputSize, inputSize);
            for (int f = 0; f < filters; f++)
            {
                var w = weightsFeature.Slice(f * inputSize, inputSize);
                int dot = 0;
                for (int i = 0; i < inputSize; i++) dot += w[i] * (x[i] - q.InputZeroPoint);
                dot = QuantizedMath.MultiplyByQuantizedMultiplier(dot, q.Scale1Multiplier, q.Scale1Shift);
                dot = Math.Clamp(dot, short.MinValue, short.MaxValue);
                st[(b * filters + f) * memory + memory - 1] = (short)dot;
            }
        }

        for (int b = 0; b < s.Batch; b++)
        {
            for (int f = 0; f < filters; f++)
            {
                var w = weightsTime.Slice(f * memory, memory);
                var v = st.Slice((b * filters + f) * memory, memory);
                int dot = 0;
                for (int m = 0; m < memory; m++) dot += w[m] * v[m];
                scratch[b * filters + f] = dot;
            }
        }

        ReduceRequantize(s, q, bias, scratch, outputTemp, output);
    }

    /// <summary>
    /// Fully integer SVDF with int8 weights_time and int8 state, as TFLite Micro runs it (native TFLite
    /// reads such state as int16 and overruns its heap). The state may have a zero point: the requantized
    /// feature activation is clamped to the int8 range and then offset by the state zero point, stored
    /// with int8 wrap-around, as TFLite Micro's reference kernel does (tflite-micro issue #2721); the time
    /// dot product subtracts the state zero point. Scratch as <see cref="EvalInteger"/>.
    /// </summary>
    public static void EvalInteger8State(in SvdfShape s, in SvdfIntegerParams q, ReadOnlySpan<sbyte> input,
                                         ReadOnlySpan<sbyte> weightsFeature, ReadOnlySpan<sbyte> weightsTime,
                                         ReadOnlySpan<int> bias, Span<sbyte> state, Span<int> scratch,
                                         Span<int> outputTemp, Span<sbyte> output)
    {
        int filters = s.NumFilters, inputSize = s.InputSize, memory = s.MemorySize;
        var st = state[..s.StateSize];
        if (st.Length > 1) st[1..].CopyTo(st);

        for (int b = 0; b < s.Batch; b++)
        {
            var x = input.Slice(b * inputSize, inputSize);
            for (int f = 0; f < filters; f++)
            {
                var w = weightsFeature.Slice(f * inputSize, inputSize);
                int dot = 0;
                for (int i = 0; i < inputSize; i++) dot += w[i] * (x[i] - q.InputZeroPoint);
                dot = QuantizedMath.MultiplyByQuantizedMultiplier(dot, q.Scale1Multiplier, q.Scale1Shift);
                dot = Math.Clamp(dot, sbyte.MinValue, sbyte.MaxValue);
                st[(b * filters + f) * memory + memory - 1] = unchecked((sbyte)(q.StateZeroPoint + dot));
            }
        }

        for (int b = 0; b < s.Batch; b++)
        {
            for (int f = 0; f < filters; f++)
            {
                var w = weightsTime.Slice(f * memory, memory);
                var v = st.Slice((b * filters + f) * memory, memory);
                int dot = 0;
                for (int m = 0; m < memory; m++) dot += w[m] * (v[m] - q.StateZeroPoint);
                scratch[b * filters + f] = dot;
            }
        }

        ReduceRequantize(s, q, bias, scratch, outputTemp, output);
    }

    private static void ReduceRequantize(in SvdfShape s, in SvdfIntegerParams q, ReadOnlySpan<int> bias,
                                         Span<int> scratch, Span<int> outputTemp, Span<sbyte> output)
    {
        int units = s.NumUnits, rank = s.Rank;
        int n = s.Batch * units;
        for (int o = 0; o < n; o++)
        {
            int sum = 0;
            for (int r = 0; r < rank; r++) sum += scratch[o * rank + r];
            outputTemp[o] = sum;
        }
        if (!bias.IsEmpty)
            for (int b = 0; b < s.Batch; b++)
                for (int u = 0; u < units; u++) outputTemp[b * units + u] += bias[u];
        for (int i = 0; i < n; i++)
        {
            int x = QuantizedMath.MultiplyByQuantizedMultiplier(outputTemp[i], q.Scale2Multiplier, q.Scale2Shift);
            x += q.OutputZeroPoint;
            output[i] = (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);
        }
    }

    private static void ApplyTimeWeightsBiasAndActivation(in SvdfShape s, ReadOnlySpan<float> weightsTime,
                                                          ReadOnlySpan<float> bias, Span<float> state,
                                                          Span<float> scratch, Span<float> output,
                                                          RecurrentActivation activation)
    {
        int filters = s.NumFilters, memory = s.MemorySize, units = s.NumUnits, rank = s.Rank;
        // scratch[b, f] = weights_time[f] . state[b, f]
        for (int b = 0; b < s.Batch; b++)
        {
            for (int f = 0; f < filters; f++)
            {
                var w = weightsTime.Slice(f * memory, memory);
                var v = state.Slice((b * filters + f) * memory, memory);
                float dot = 0f;
                for (int m = 0; m < memory; m++) dot += w[m] * v[m];
                scratch[b * filters + f] = dot;
            }
        }
        int n = s.Batch * units;
        for (int o = 0; o < n; o++)
        {
            float sum = 0f;
            for (int r = 0; r < rank; r++) sum += scratch[o * rank + r];
            output[o] = sum;
        }
        if (!bias.IsEmpty)
            for (int b = 0; b < s.Batch; b++)
                for (int u = 0; u < units; u++) output[b * units + u] += bias[u];
        RecurrentActivations.Apply(activation, output[..n]);
    }

    private static void ShiftStateLeft(Span<float> state)
    {
        if (state.Length > 1) state[1..].CopyTo(state);
    }

    private static bool IsZero(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (v != 0f) return false;
        return true;
    }
}
