using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// The BASIC kernel of LSTM (TFLite's reference LstmCell): concat = [input, prev_activation]; gates = W * concat + b
/// ([4 * depth] per row, in the order input, new input, forget, output); state = i * tanh-input + f * prev_state;
/// activation = o * tanh(state). Float, and uint8 (activations at scale 1/128 around 128, gates in Q3.12 int16, state
/// int16 with 4 integer bits, as TFLite's only quantized variant).
/// </summary>
public static class BasicLstmCell
{
    /// <summary>Float cell for <paramref name="batches"/> rows.</summary>
    public static void Float(int batches, int inputDepth, int depth,
                             ReadOnlySpan<float> input,           // [B, inputDepth]
                             ReadOnlySpan<float> prevActivation,  // [B, depth]
                             ReadOnlySpan<float> weights,         // [4 * depth, inputDepth + depth]
                             ReadOnlySpan<float> bias,            // [4 * depth]
                             ReadOnlySpan<float> prevState,       // [B, depth]
                             Span<float> state,                   // [B, depth]
                             Span<float> activation,              // [B, depth]
                             Span<float> concat,                  // [B, inputDepth + depth]
                             Span<float> gates)                   // [B, 4 * depth]
    {
        int total = inputDepth + depth, gateDepth = 4 * depth;
        Check(batches, inputDepth, depth, input.Length, prevActivation.Length, weights.Length, bias.Length, prevState.Length,
              state.Length, activation.Length, concat.Length, gates.Length);
        for (int b = 0; b < batches; b++)
        {
            input.Slice(b * inputDepth, inputDepth).CopyTo(concat.Slice(b * total, inputDepth));
            prevActivation.Slice(b * depth, depth).CopyTo(concat.Slice(b * total + inputDepth, depth));
            var x = concat.Slice(b * total, total);
            for (int o = 0; o < gateDepth; o++)
            {
                var row = weights.Slice(o * total, total);
                float acc = 0f;
                for (int i = 0; i < total; i++) acc += x[i] * row[i];
                gates[b * gateDepth + o] = acc + bias[o];
            }
            for (int c = 0; c < depth; c++)
            {
                var g = gates.Slice(b * gateDepth, gateDepth);
                float inputGate = 1f / (1f + MathF.Exp(-g[c]));
                float newInput = MathF.Tanh(g[depth + c]);
                float forgetGate = 1f / (1f + MathF.Exp(-g[2 * depth + c]));
                float outputGate = 1f / (1f + MathF.Exp(-g[3 * depth + c]));
                float newState = inputGate * newInput + forgetGate * prevState[b * depth + c];
                state[b * depth + c] = newState;
                activation[b * depth + c] = outputGate * MathF.Tanh(newState);
            }
        }
    }

    /// <summary>
    /// uint8 cell: the gates' int32 accumulators ((x - 128) * (w - weightsZeroPoint) + bias) are requantized by
    /// (<paramref name="accumMultiplier"/>, <paramref name="accumShift"/>) into Q3.12 and saturated to int16.
    /// </summary>
    public static void UInt8(int batches, int inputDepth, int depth, int weightsZeroPoint, int accumMultiplier, int accumShift,
                             ReadOnlySpan<byte> input,           // [B, inputDepth]
                             ReadOnlySpan<byte> prevActivation,  // [B, depth]
                             ReadOnlySpan<byte> weights,         // [4 * depth, inputDepth + depth]
                             ReadOnlySpan<int> bias,             // [4 * depth]
                             ReadOnlySpan<short> prevState,      // [B, depth], 4 integer bits
                             Span<short> state,                  // [B, depth]
                             Span<byte> activation,              // [B, depth]
                             Span<byte> concat,                  // [B, inputDepth + depth]
                             Span<short> gates)                  // [B, 4 * depth]
    {
        const int stateIntegerBits = 4;
        int total = inputDepth + depth, gateDepth = 4 * depth;
        Check(batches, inputDepth, depth, input.Length, prevActivation.Length, weights.Length, bias.Length, prevState.Length,
              state.Length, activation.Length, concat.Length, gates.Length);
        for (int b = 0; b < batches; b++)
        {
            input.Slice(b * inputDepth, inputDepth).CopyTo(concat.Slice(b * total, inputDepth));
            prevActivation.Slice(b * depth, depth).CopyTo(concat.Slice(b * total + inputDepth, depth));
            var x = concat.Slice(b * total, total);
            for (int o = 0; o < gateDepth; o++)
            {
                var row = weights.Slice(o * total, total);
                int acc = bias[o];
                for (int i = 0; i < total; i++) acc += (short)(x[i] - 128) * (short)(row[i] - weightsZeroPoint);
                acc = QuantizedMath.MultiplyByQuantizedMultiplier(acc, accumMultiplier, accumShift);
                gates[b * gateDepth + o] = (short)Math.Clamp(acc, -32768, 32767);
            }
            var g = gates.Slice(b * gateDepth, gateDepth);
            for (int c = 0; c < depth; c++)
            {
                short inputGate = FixedPoint16.Logistic(g[c], 3);                 // Q0.15
                short newInput = FixedPoint16.Tanh(g[depth + c], 3);
                short forgetGate = FixedPoint16.Logistic(g[2 * depth + c], 3);
                short outputGate = FixedPoint16.Logistic(g[3 * depth + c], 3);
                short inputTimesNew = FixedPoint16.SaturatingRoundingDoublingHighMul(inputGate, newInput);   // Q0.15
                short prevTimesForget = FixedPoint16.SaturatingRoundingDoublingHighMul(forgetGate, prevState[b * depth + c]); // Q4.11
                short newState = FixedPoint16.SaturatingAdd(FixedPoint16.Rescale(inputTimesNew, 0, stateIntegerBits), prevTimesForget);
                short stateQ3 = FixedPoint16.Rescale(newState, stateIntegerBits, 3);
                short activ = FixedPoint16.SaturatingRoundingDoublingHighMul(outputGate, FixedPoint16.Tanh(stateQ3, 3));
                state[b * depth + c] = newState;
                int rescaled = FixedPoint16.RoundingDivideByPot(activ, 8);
                activation[b * depth + c] = (byte)(128 + Math.Clamp(rescaled, -128, 127));
            }
        }
    }

    private static void Check(int batches, int inputDepth, int depth, int input, int prevActivation, int weights, int bias, int prevState,
                              int state, int activation, int concat, int gates)
    {
        if (batches < 0 || inputDepth < 0 || depth < 0) throw new ArgumentException("basic lstm: negative sizes");
        long total = (long)inputDepth + depth;
        if (input < (long)batches * inputDepth || prevActivation < (long)batches * depth || weights < 4L * depth * total ||
            bias < 4L * depth || prevState < (long)batches * depth || state < (long)batches * depth ||
            activation < (long)batches * depth || concat < batches * total || gates < 4L * batches * depth)
            throw new ArgumentException($"basic lstm: buffers too short for {batches} rows of {inputDepth} inputs and {depth} cells");
    }
}
