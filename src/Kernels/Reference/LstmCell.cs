using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// The LSTM cell shared by UNIDIRECTIONAL_SEQUENCE_LSTM, LSTM and BIDIRECTIONAL_SEQUENCE_LSTM (TFLite's
/// lstm_eval.cc): float, hybrid (int8 weights, float activations) and fully integer 8x8_16 (int8 activations and
/// weights, int16 cell state and gates), with CIFG, peephole, layer norm, projection, clipping and (float and hybrid)
/// an auxiliary input. A pass walks the sequence forward or backward; batch rows are independent, so every step runs
/// one row at a time. Gate order everywhere: input (i), forget (f), cell (g), output (o).
/// </summary>
public static class LstmCell
{
    /// <summary>
    /// The cell's int8 x int8 dot products, wrapping int32 sums: integer addition is associative modulo 2^32, so any
    /// summation order (a SIMD one in the optimized flavor) gives these scalar loops' results bit for bit.
    /// </summary>
    public interface IInt8Dot
    {
        static abstract int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b);
    }

    /// <summary>The float cell's dot products and matrix-vector products.</summary>
    public interface IFloatDot
    {
        static abstract float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b);

        /// <summary>acc[r] = dot(row r of the [acc.Length, x.Length] matrix w, x) + acc[r].</summary>
        static abstract void MatVecAccumulate(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> acc);

        /// <summary>The gate activation over a whole gate vector, in place.</summary>
        static abstract void Activate(RecurrentActivation activation, Span<float> values);
    }

    /// <summary>The reference float dot product: one product at a time, in order.</summary>
    public struct ScalarFloatDot : IFloatDot
    {
        public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => LstmCell.Dot(a, b);

        public static void MatVecAccumulate(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> acc)
        {
            int cols = x.Length;
            for (int r = 0; r < acc.Length; r++) acc[r] = LstmCell.Dot(w.Slice(r * cols, cols), x) + acc[r];
        }

        public static void Activate(RecurrentActivation activation, Span<float> values) => RecurrentActivations.Apply(activation, values);
    }

    /// <summary>The reference: one product at a time, in order.</summary>
    public struct ScalarInt8Dot : IInt8Dot
    {
        public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
        {
            int s = 0;
            for (int i = 0; i < a.Length; i++) s = unchecked(s + a[i] * b[i]);
            return s;
        }
    }

    /// <summary>Floats of scratch needed by <see cref="Float"/> and <see cref="Hybrid"/>.</summary>
    public static int FloatScratchLength(in LstmParams p) => 5 * p.CellSize;

    /// <summary>int8 scratch needed by <see cref="Hybrid"/>: quantized input, aux input, output state and hidden.</summary>
    public static int HybridQuantizedScratchLength(in LstmParams p) => p.InputSize + p.AuxInputSize + p.OutputSize + p.CellSize;

    /// <summary>int16 scratch needed by <see cref="Integer"/>.</summary>
    public static int IntegerScratchLength(in LstmParams p) => 5 * p.CellSize;

    /// <summary>int8 scratch needed by <see cref="Integer"/> (the hidden value).</summary>
    public static int IntegerHiddenScratchLength(in LstmParams p) => p.CellSize;

    // ------------------------------------------------------------------------------------------------
    // Float

    /// <summary>Float pass; <paramref name="aux"/> is empty without an auxiliary input.</summary>
    public static void Float(in LstmParams p, scoped in LstmFloatWeights w, ReadOnlySpan<float> input, ReadOnlySpan<float> aux,
                             Span<float> outputState, Span<float> cellState, Span<float> output, Span<float> scratch)
        => Float<ScalarFloatDot>(p, w, input, aux, outputState, cellState, output, scratch);

    /// <summary>
    /// <see cref="Float"/> with the dot products of <typeparamref name="TDot"/>: a SIMD one sums in another order, so its
    /// results are within float rounding of the reference, not bit-identical (as TFLite's optimized LSTM).
    /// </summary>
    public static void Float<TDot>(in LstmParams p, scoped in LstmFloatWeights w, ReadOnlySpan<float> input, ReadOnlySpan<float> aux,
                             Span<float> outputState, Span<float> cellState, Span<float> output, Span<float> scratch)
        where TDot : struct, IFloatDot
    {
        p.Check(input.Length, aux.Length, outputState.Length, cellState.Length, output.Length);
        int nCell = p.CellSize, nIn = p.InputSize, nOut = p.OutputSize, nAux = p.AuxInputSize;
        bool cifg = w.InputToInput.IsEmpty;
        var ig = scratch.Slice(0, nCell);
        var fg = scratch.Slice(nCell, nCell);
        var cg = scratch.Slice(2 * nCell, nCell);
        var og = scratch.Slice(3 * nCell, nCell);
        var tmp = scratch.Slice(4 * nCell, nCell);
        for (int s = 0; s < p.MaxTime; s++)
        {
            int t = p.Forward ? s : p.MaxTime - 1 - s;
            for (int b = 0; b < p.Batch; b++)
            {
                int row = p.Row(t, b);
                var x = input.Slice(row * nIn, nIn);
                var a = nAux > 0 ? aux.Slice(row * nAux, nAux) : default;
                var h = outputState.Slice(b * nOut, nOut);
                var c = cellState.Slice(b * nCell, nCell);
                if (!cifg)
                    GateFloat<TDot>(x, w.InputToInput, a, w.AuxToInput, h, w.RecurrentToInput, c, w.CellToInput, w.InputLayerNorm,
                              w.InputGateBias, RecurrentActivation.Sigmoid, ig);
                GateFloat<TDot>(x, w.InputToForget, a, w.AuxToForget, h, w.RecurrentToForget, c, w.CellToForget, w.ForgetLayerNorm,
                          w.ForgetGateBias, RecurrentActivation.Sigmoid, fg);
                GateFloat<TDot>(x, w.InputToCell, a, w.AuxToCell, h, w.RecurrentToCell, c, default, w.CellLayerNorm,
                          w.CellGateBias, p.Activation, cg);
                UpdateCellFloat(c, ig, fg, cg, cifg, p.CellClip);
                GateFloat<TDot>(x, w.InputToOutput, a, w.AuxToOutput, h, w.RecurrentToOutput, c, w.CellToOutput, w.OutputLayerNorm,
                          w.OutputGateBias, RecurrentActivation.Sigmoid, og);

                // hidden = o .* act(c); output state = clip(W_proj * hidden + b_proj) or hidden.
                c.CopyTo(tmp);
                TDot.Activate(p.Activation, tmp);
                for (int i = 0; i < nCell; i++) tmp[i] = og[i] * tmp[i];
                if (!w.ProjectionWeights.IsEmpty)
                {
                    for (int r = 0; r < nOut; r++)
                    {
                        float dot = TDot.Dot(w.ProjectionWeights.Slice(r * nCell, nCell), tmp);
                        h[r] = dot + (w.ProjectionBias.IsEmpty ? 0f : w.ProjectionBias[r]);
                    }
                    if (p.ProjClip > 0f) Clip(h, p.ProjClip);
                }
                else
                {
                    tmp[..nOut].CopyTo(h);
                }
                h.CopyTo(output.Slice(p.OutputRow(t, b), nOut));
            }
        }
    }

    private static void GateFloat<TDot>(ReadOnlySpan<float> x, ReadOnlySpan<float> inputWeights, ReadOnlySpan<float> aux,
                                  ReadOnlySpan<float> auxWeights, ReadOnlySpan<float> h,
                                  ReadOnlySpan<float> recurrentWeights, ReadOnlySpan<float> cell,
                                  ReadOnlySpan<float> peephole, ReadOnlySpan<float> layerNorm,
                                  ReadOnlySpan<float> bias, RecurrentActivation activation, Span<float> gate)
        where TDot : struct, IFloatDot
    {
        int nCell = gate.Length, nIn = x.Length, nOut = h.Length, nAux = aux.Length;
        bool useLayerNorm = !layerNorm.IsEmpty;
        for (int r = 0; r < nCell; r++) gate[r] = useLayerNorm || bias.IsEmpty ? 0f : bias[r];
        TDot.MatVecAccumulate(inputWeights, x, gate);
        if (nAux > 0) TDot.MatVecAccumulate(auxWeights, aux, gate);
        TDot.MatVecAccumulate(recurrentWeights, h, gate);
        if (!peephole.IsEmpty)
            for (int r = 0; r < nCell; r++) gate[r] += peephole[r] * cell[r];
        if (useLayerNorm) LayerNormFloat(gate, layerNorm, bias);
        TDot.Activate(activation, gate);
    }

    private static void UpdateCellFloat(Span<float> c, ReadOnlySpan<float> ig, Span<float> fg, ReadOnlySpan<float> cg,
                                        bool cifg, float clip)
    {
        for (int i = 0; i < c.Length; i++) c[i] = fg[i] * c[i];
        if (cifg)
            for (int i = 0; i < c.Length; i++) c[i] += cg[i] * (1f - fg[i]);
        else
            for (int i = 0; i < c.Length; i++) c[i] += cg[i] * ig[i];
        if (clip > 0f) Clip(c, clip);
    }

    /// <summary>TFLite MeanStddevNormalization then coefficient and bias (float and hybrid layer norm).</summary>
    private static void LayerNormFloat(Span<float> gate, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> bias)
    {
        int n = gate.Length;
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += gate[i];
        float mean = sum / n;
        float sumDiffSq = 0f;
        for (int i = 0; i < n; i++)
        {
            float d = gate[i] - mean;
            sumDiffSq += d * d;
        }
        float variance = sumDiffSq / n;
        float stddevInv = 1.0f / MathF.Sqrt(variance + 1e-8f);
        for (int i = 0; i < n; i++)
        {
            float v = (gate[i] - mean) * stddevInv;
            v = coefficients[i] * v;
            gate[i] = v + (bias.IsEmpty ? 0f : bias[i]);
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float s = 0f;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Clip(Span<float> v, float limit)
    {
        for (int i = 0; i < v.Length; i++) v[i] = MathF.Max(MathF.Min(limit, v[i]), -limit);
    }

    // ------------------------------------------------------------------------------------------------
    // Hybrid

    /// <summary>
    /// Hybrid pass: int8 weights, float input/states/output. Input, aux input, output state and (with projection)
    /// the hidden value are quantized per step, symmetric or asymmetric (with the weights' row sums).
    /// </summary>
    public static void Hybrid(in LstmParams p, scoped in LstmHybridWeights w, bool asymmetricQuantizeInputs,
                              ReadOnlySpan<float> input, ReadOnlySpan<float> aux, Span<float> outputState, Span<float> cellState,
                              Span<float> output, Span<float> scratch, Span<sbyte> quantizedScratch)
        => Hybrid<ScalarInt8Dot>(p, w, asymmetricQuantizeInputs, input, aux, outputState, cellState, output, scratch, quantizedScratch);

    /// <summary><see cref="Hybrid"/> with the int8 dot products of <typeparamref name="TDot"/> (exact integer sums: same results).</summary>
    public static void Hybrid<TDot>(in LstmParams p, scoped in LstmHybridWeights w, bool asymmetricQuantizeInputs,
                              ReadOnlySpan<float> input, ReadOnlySpan<float> aux, Span<float> outputState, Span<float> cellState,
                              Span<float> output, Span<float> scratch, Span<sbyte> quantizedScratch)
        where TDot : struct, IInt8Dot
    {
        p.Check(input.Length, aux.Length, outputState.Length, cellState.Length, output.Length);
        int nCell = p.CellSize, nIn = p.InputSize, nOut = p.OutputSize, nAux = p.AuxInputSize;
        bool cifg = w.InputToInput.IsEmpty;
        var ig = scratch.Slice(0, nCell);
        var fg = scratch.Slice(nCell, nCell);
        var cg = scratch.Slice(2 * nCell, nCell);
        var og = scratch.Slice(3 * nCell, nCell);
        var tmp = scratch.Slice(4 * nCell, nCell);
        var qx = quantizedScratch.Slice(0, nIn);
        var qa = quantizedScratch.Slice(nIn, nAux);
        var qh = quantizedScratch.Slice(nIn + nAux, nOut);
        var qHidden = quantizedScratch.Slice(nIn + nAux + nOut, nCell);
        for (int s = 0; s < p.MaxTime; s++)
        {
            int t = p.Forward ? s : p.MaxTime - 1 - s;
            for (int b = 0; b < p.Batch; b++)
            {
                int row = p.Row(t, b);
                var x = input.Slice(row * nIn, nIn);
                var h = outputState.Slice(b * nOut, nOut);
                var c = cellState.Slice(b * nCell, nCell);

                var xq = new QuantizedRow(x, qx, asymmetricQuantizeInputs);
                var aq = nAux > 0 ? new QuantizedRow(aux.Slice(row * nAux, nAux), qa, asymmetricQuantizeInputs) : QuantizedRow.Absent;
                var hq = new QuantizedRow(h, qh, asymmetricQuantizeInputs);
                if (!cifg)
                    GateHybrid<TDot>(xq, w.InputToInput, w.InputToInputScale, w.InputToInputRowSums,
                               aq, w.AuxToInput, w.AuxToInputScale, w.AuxToInputRowSums,
                               hq, w.RecurrentToInput, w.RecurrentToInputScale, w.RecurrentToInputRowSums,
                               c, w.CellToInput, w.CellToInputScale, w.InputLayerNorm, w.InputGateBias,
                               RecurrentActivation.Sigmoid, ig);
                GateHybrid<TDot>(xq, w.InputToForget, w.InputToForgetScale, w.InputToForgetRowSums,
                           aq, w.AuxToForget, w.AuxToForgetScale, w.AuxToForgetRowSums,
                           hq, w.RecurrentToForget, w.RecurrentToForgetScale, w.RecurrentToForgetRowSums,
                           c, w.CellToForget, w.CellToForgetScale, w.ForgetLayerNorm, w.ForgetGateBias,
                           RecurrentActivation.Sigmoid, fg);
                GateHybrid<TDot>(xq, w.InputToCell, w.InputToCellScale, w.InputToCellRowSums,
                           aq, w.AuxToCell, w.AuxToCellScale, w.AuxToCellRowSums,
                           hq, w.RecurrentToCell, w.RecurrentToCellScale, w.RecurrentToCellRowSums,
                           c, default, 0f, w.CellLayerNorm, w.CellGateBias, p.Activation, cg);
                UpdateCellFloat(c, ig, fg, cg, cifg, p.CellClip);
                GateHybrid<TDot>(xq, w.InputToOutput, w.InputToOutputScale, w.InputToOutputRowSums,
                           aq, w.AuxToOutput, w.AuxToOutputScale, w.AuxToOutputRowSums,
                           hq, w.RecurrentToOutput, w.RecurrentToOutputScale, w.RecurrentToOutputRowSums,
                           c, w.CellToOutput, w.CellToOutputScale, w.OutputLayerNorm, w.OutputGateBias,
                           RecurrentActivation.Sigmoid, og);

                for (int i = 0; i < nCell; i++) tmp[i] = og[i] * RecurrentActivations.Apply(p.Activation, c[i]);
                if (!w.ProjectionWeights.IsEmpty)
                {
                    for (int r = 0; r < nOut; r++) h[r] = w.ProjectionBias.IsEmpty ? 0f : w.ProjectionBias[r];
                    var hidden = new QuantizedRow(tmp, qHidden, asymmetricQuantizeInputs);
                    if (!hidden.AllZero)
                        AccumulateHybrid<TDot>(w.ProjectionWeights, w.ProjectionScale, w.ProjectionRowSums, hidden, h);
                    if (p.ProjClip > 0f) Clip(h, p.ProjClip);
                }
                else
                {
                    tmp[..nOut].CopyTo(h);
                }
                h.CopyTo(output.Slice(p.OutputRow(t, b), nOut));
            }
        }
    }

    /// <summary>A float row quantized to int8 (or marked all-zero, in which case TFLite skips its matmul).</summary>
    private readonly ref struct QuantizedRow
    {
        public readonly ReadOnlySpan<sbyte> Values;
        public readonly float Scale;
        public readonly int ZeroPoint;
        public readonly bool AllZero;
        public readonly bool Asymmetric;

        public static QuantizedRow Absent => new(default, default, false);

        public QuantizedRow(ReadOnlySpan<float> row, Span<sbyte> storage, bool asymmetric)
        {
            Asymmetric = asymmetric;
            AllZero = true;
            foreach (float v in row)
                if (v != 0f) { AllZero = false; break; }
            Values = storage;
            ZeroPoint = 0;
            Scale = 1f;
            if (AllZero) return;
            if (asymmetric) Scale = HybridQuantization.Asymmetric(row, storage, out ZeroPoint);
            else Scale = HybridQuantization.Symmetric(row, storage);
        }
    }

    private static void AccumulateHybrid<TDot>(ReadOnlySpan<sbyte> weights, float weightScale, ReadOnlySpan<int> rowSums,
                                         in QuantizedRow v, Span<float> result)
        where TDot : struct, IInt8Dot
    {
        int cols = v.Values.Length;
        float scale = v.Scale * weightScale;
        for (int r = 0; r < result.Length; r++)
        {
            var row = weights.Slice(r * cols, cols);
            int dot = TDot.Dot(row, v.Values);
            if (v.Asymmetric) dot -= rowSums[r] * v.ZeroPoint;
            result[r] += dot * scale;
        }
    }

    private static void GateHybrid<TDot>(in QuantizedRow x, ReadOnlySpan<sbyte> inputWeights, float inputScale,
                                   ReadOnlySpan<int> inputRowSums, in QuantizedRow aux, ReadOnlySpan<sbyte> auxWeights,
                                   float auxScale, ReadOnlySpan<int> auxRowSums, in QuantizedRow h,
                                   ReadOnlySpan<sbyte> recurrentWeights, float recurrentScale,
                                   ReadOnlySpan<int> recurrentRowSums, ReadOnlySpan<float> cell,
                                   ReadOnlySpan<sbyte> peephole, float peepholeScale, ReadOnlySpan<float> layerNorm,
                                   ReadOnlySpan<float> bias, RecurrentActivation activation, Span<float> gate)
        where TDot : struct, IInt8Dot
    {
        bool useLayerNorm = !layerNorm.IsEmpty;
        for (int r = 0; r < gate.Length; r++) gate[r] = useLayerNorm || bias.IsEmpty ? 0f : bias[r];
        if (!x.AllZero) AccumulateHybrid<TDot>(inputWeights, inputScale, inputRowSums, x, gate);
        if (!aux.AllZero && !aux.Values.IsEmpty) AccumulateHybrid<TDot>(auxWeights, auxScale, auxRowSums, aux, gate);
        if (!h.AllZero) AccumulateHybrid<TDot>(recurrentWeights, recurrentScale, recurrentRowSums, h, gate);
        if (!peephole.IsEmpty)
            for (int r = 0; r < gate.Length; r++) gate[r] += (peepholeScale * peephole[r]) * cell[r];
        if (useLayerNorm) LayerNormFloat(gate, layerNorm, bias);
        RecurrentActivations.Apply(activation, gate);
    }

    // ------------------------------------------------------------------------------------------------
    // Integer 8x8_16

    /// <summary>
    /// Fully integer pass: int8 input/output/output state, int16 cell state (power-of-two scale), gates in Q3.12 (or
    /// the layer-norm intermediates' scales) before the activations and Q0.15 after.
    /// <paramref name="scratch"/>: int16 [5 * Cell]; <paramref name="hiddenScratch"/>: int8 [Cell].
    /// </summary>
    public static void Integer(in LstmParams p, scoped in LstmIntegerWeights w, LstmIntegerParams q,
                               ReadOnlySpan<sbyte> input, Span<sbyte> outputState, Span<short> cellState,
                               Span<sbyte> output, Span<short> scratch, Span<sbyte> hiddenScratch)
        => Integer<ScalarInt8Dot>(p, w, q, input, outputState, cellState, output, scratch, hiddenScratch);

    /// <summary><see cref="Integer"/> with the int8 dot products of <typeparamref name="TDot"/> (exact integer sums: same bytes).</summary>
    public static void Integer<TDot>(in LstmParams p, scoped in LstmIntegerWeights w, LstmIntegerParams q,
                               ReadOnlySpan<sbyte> input, Span<sbyte> outputState, Span<short> cellState,
                               Span<sbyte> output, Span<short> scratch, Span<sbyte> hiddenScratch)
        where TDot : struct, IInt8Dot
    {
        p.Check(input.Length, 0, outputState.Length, cellState.Length, output.Length);
        int nCell = p.CellSize, nIn = p.InputSize, nOut = p.OutputSize;
        bool cifg = w.InputToInput.IsEmpty;
        var ig = scratch.Slice(0, nCell);
        var fg = scratch.Slice(nCell, nCell);
        var cg = scratch.Slice(2 * nCell, nCell);
        var og = scratch.Slice(3 * nCell, nCell);
        var tanhCell = scratch.Slice(4 * nCell, nCell);
        var hidden = hiddenScratch.Slice(0, nCell);
        bool projection = !w.ProjectionWeights.IsEmpty;
        for (int s = 0; s < p.MaxTime; s++)
        {
            int t = p.Forward ? s : p.MaxTime - 1 - s;
            for (int b = 0; b < p.Batch; b++)
            {
                var x = input.Slice(p.InputRow(t, b), nIn);
                var h = outputState.Slice(b * nOut, nOut);
                var c = cellState.Slice(b * nCell, nCell);
                if (!cifg)
                    GateInteger<TDot>(x, w.InputToInput, w.InputToInputBias, q.InputToInputMultiplier, q.InputToInputShift,
                                h, w.RecurrentToInput, w.RecurrentToInputBias, q.RecurrentToInputMultiplier,
                                q.RecurrentToInputShift, c, w.CellToInput, q.CellToInputMultiplier, q.CellToInputShift,
                                w.InputLayerNorm, w.InputGateBias, q.LayerNormInputMultiplier, q.LayerNormInputShift,
                                q.InputVarianceGuard, sigmoid: true, ig);
                GateInteger<TDot>(x, w.InputToForget, w.InputToForgetBias, q.InputToForgetMultiplier, q.InputToForgetShift,
                            h, w.RecurrentToForget, w.RecurrentToForgetBias, q.RecurrentToForgetMultiplier,
                            q.RecurrentToForgetShift, c, w.CellToForget, q.CellToForgetMultiplier, q.CellToForgetShift,
                            w.ForgetLayerNorm, w.ForgetGateBias, q.LayerNormForgetMultiplier, q.LayerNormForgetShift,
                            q.ForgetVarianceGuard, sigmoid: true, fg);
                GateInteger<TDot>(x, w.InputToCell, w.InputToCellBias, q.InputToCellMultiplier, q.InputToCellShift,
                            h, w.RecurrentToCell, w.RecurrentToCellBias, q.RecurrentToCellMultiplier,
                            q.RecurrentToCellShift, c, default, 0, 0,
                            w.CellLayerNorm, w.CellGateBias, q.LayerNormCellMultiplier, q.LayerNormCellShift,
                            q.CellVarianceGuard, sigmoid: false, cg);

                // Cell update: c = f*c >> 15 + i*g >> (30 + cellScale), saturating, then clip.
                for (int i = 0; i < nCell; i++)
                    c[i] = unchecked((short)FixedPoint.RoundingDivideByPot(fg[i] * c[i], 15));
                int shift = 30 + q.CellScale;
                for (int i = 0; i < nCell; i++)
                {
                    int gateIn = cifg ? 32767 - fg[i] : ig[i];
                    short update = unchecked((short)FixedPoint.RoundingDivideByPot(gateIn * cg[i], shift));
                    c[i] = (short)Math.Clamp(c[i] + update, short.MinValue, short.MaxValue);
                }
                if (q.QuantizedCellClip > 0)
                    for (int i = 0; i < nCell; i++)
                        c[i] = (short)Math.Clamp((int)c[i], -q.QuantizedCellClip, q.QuantizedCellClip);

                GateInteger<TDot>(x, w.InputToOutput, w.InputToOutputBias, q.InputToOutputMultiplier, q.InputToOutputShift,
                            h, w.RecurrentToOutput, w.RecurrentToOutputBias, q.RecurrentToOutputMultiplier,
                            q.RecurrentToOutputShift, c, w.CellToOutput, q.CellToOutputMultiplier, q.CellToOutputShift,
                            w.OutputLayerNorm, w.OutputGateBias, q.LayerNormOutputMultiplier, q.LayerNormOutputShift,
                            q.OutputVarianceGuard, sigmoid: true, og);

                // hidden = o .* tanh(c), requantized to int8. TFLite subtracts the hidden zero point when the hidden
                // value feeds the projection (whose effective bias adds zero point x row sum back) and adds it when
                // the hidden value is the output.
                int tanhIntegerBits = 15 + q.CellScale;
                for (int i = 0; i < nCell; i++) tanhCell[i] = FixedPoint16.Tanh(c[i], tanhIntegerBits);
                int hiddenOffset = projection ? -q.HiddenZeroPoint : q.HiddenZeroPoint;
                for (int i = 0; i < nCell; i++)
                {
                    int v = QuantizedMath.MultiplyByQuantizedMultiplier(og[i] * tanhCell[i], q.HiddenMultiplier, q.HiddenShift);
                    v += hiddenOffset;
                    hidden[i] = (sbyte)Math.Clamp(v, -128, 127);
                }
                if (projection)
                {
                    for (int r = 0; r < nOut; r++)
                    {
                        var row = w.ProjectionWeights.Slice(r * nCell, nCell);
                        int acc = unchecked((w.ProjectionBias.IsEmpty ? 0 : w.ProjectionBias[r]) + TDot.Dot(hidden, row));
                        acc = QuantizedMath.MultiplyByQuantizedMultiplier(acc, q.ProjectionMultiplier, q.ProjectionShift);
                        acc += q.OutputStateZeroPoint;
                        h[r] = (sbyte)Math.Clamp(acc, -128, 127);
                    }
                    if (q.QuantizedProjClip > 0)
                        for (int r = 0; r < nOut; r++)
                            h[r] = (sbyte)Math.Clamp((int)h[r], -q.QuantizedProjClip, q.QuantizedProjClip);
                }
                else
                {
                    hidden[..nOut].CopyTo(h);
                }
                h.CopyTo(output.Slice(p.OutputRow(t, b), nOut));
            }
        }
    }

    private static void GateInteger<TDot>(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> inputWeights, ReadOnlySpan<int> inputBias,
                                    int inputMultiplier, int inputShift, ReadOnlySpan<sbyte> h,
                                    ReadOnlySpan<sbyte> recurrentWeights, ReadOnlySpan<int> recurrentBias,
                                    int recurrentMultiplier, int recurrentShift, ReadOnlySpan<short> cell,
                                    ReadOnlySpan<short> peephole, int peepholeMultiplier, int peepholeShift,
                                    ReadOnlySpan<short> layerNorm, ReadOnlySpan<int> layerNormBias, int layerNormMultiplier,
                                    int layerNormShift, int varianceGuard, bool sigmoid, Span<short> gate)
        where TDot : struct, IInt8Dot
    {
        gate.Clear();
        AccumulateInteger<TDot>(x, inputWeights, inputBias, inputMultiplier, inputShift, gate);
        AccumulateInteger<TDot>(h, recurrentWeights, recurrentBias, recurrentMultiplier, recurrentShift, gate);
        if (!peephole.IsEmpty)
        {
            for (int r = 0; r < gate.Length; r++)
            {
                int prod = QuantizedMath.MultiplyByQuantizedMultiplier(peephole[r] * cell[r], peepholeMultiplier, peepholeShift);
                gate[r] = (short)Math.Clamp(prod + gate[r], short.MinValue, short.MaxValue);
            }
        }
        if (!layerNorm.IsEmpty) LayerNormInteger(gate, layerNorm, layerNormBias, layerNormMultiplier, layerNormShift, varianceGuard);
        if (sigmoid)
            for (int r = 0; r < gate.Length; r++) gate[r] = FixedPoint16.Logistic(gate[r], 3);
        else
            for (int r = 0; r < gate.Length; r++) gate[r] = FixedPoint16.Tanh(gate[r], 3);
    }

    /// <summary>
    /// TFLite's integer ApplyLayerNorm: mean and variance in 2^10-scaled fixed point (the variance replaced by the
    /// guard when below 1), the inverse square root from GetInvSqrtQuantizedMultiplierExp, then coefficient, bias and
    /// the layer-norm scale into Q3.12, saturated to int16. The coefficient product wraps as TFLite's int32 does.
    /// </summary>
    private static void LayerNormInteger(Span<short> gate, ReadOnlySpan<short> weights, ReadOnlySpan<int> bias,
                                         int multiplier, int shift, int varianceGuard)
    {
        const int twoToPower20 = 1 << 20;
        int n = gate.Length;
        long sum = 0, sumSq = 0;
        for (int j = 0; j < n; j++)
        {
            int v = gate[j];
            sum += v;
            sumSq += v * v;
        }
        int mean = unchecked((int)(sum * 1024 / n));
        int temp = twoToPower20 / n;
        long variance = unchecked(sumSq * temp - (long)mean * mean);
        int variance2 = unchecked((int)(variance / twoToPower20));
        if (variance2 < 1) variance2 = varianceGuard;
        QuantizedMath.GetInvSqrtQuantizedMultiplierExp(variance2, -1, out int inverseA, out int inverseB);
        for (int j = 0; j < n; j++)
        {
            int shifted = 1024 * gate[j] - mean;
            int rescaled = QuantizedMath.MultiplyByQuantizedMultiplier(shifted, inverseA, inverseB);
            long val3 = unchecked(rescaled * weights[j] + (bias.IsEmpty ? 0 : bias[j]));
            int val4 = (int)((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
            int val5 = QuantizedMath.MultiplyByQuantizedMultiplier(val4, multiplier, shift + 12);
            gate[j] = (short)Math.Clamp(val5, short.MinValue, short.MaxValue);
        }
    }

    /// <summary>TFLite's int8 x int8 -> int16 MatrixBatchVectorMultiplyAccumulate (output zero point 0).</summary>
    private static void AccumulateInteger<TDot>(ReadOnlySpan<sbyte> v, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
                                          int multiplier, int shift, Span<short> gate)
        where TDot : struct, IInt8Dot
    {
        int cols = v.Length;
        for (int r = 0; r < gate.Length; r++)
        {
            var row = weights.Slice(r * cols, cols);
            int acc = unchecked((bias.IsEmpty ? 0 : bias[r]) + TDot.Dot(v, row));
            acc = QuantizedMath.MultiplyByQuantizedMultiplier(acc, multiplier, shift);
            acc += gate[r];
            gate[r] = (short)Math.Clamp(acc, short.MinValue, short.MaxValue);
        }
    }
}
