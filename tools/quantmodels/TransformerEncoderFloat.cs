using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// A BERT-style transformer encoder in float32 as the TF Lite converter writes a Keras one, from seeded random
/// weights: input [1, 128, 256] (already embedded tokens), 4 pre-norm layers, output [1, 128, 256]. Each layer:
/// a layer norm laid out as the converter writes tf.keras LayerNormalization (MEAN over the last axis with
/// keep_dims, SQUARED_DIFFERENCE, MEAN, ADD epsilon, RSQRT, MUL gamma, then x * scale + (beta - mean * scale) as
/// MUL, MUL, SUB, ADD); multi-head self-attention with 4 heads of 64 (FULLY_CONNECTED version 5, keep_num_dims, for
/// each of Q, K and V with [256, 256] weights; RESHAPE to [1, 128, 4, 64]; TRANSPOSE [0, 2, 1, 3] to
/// [1, 4, 128, 64]; BATCH_MATMUL Q x K^T with adj_y; MUL by 1/sqrt(64); SOFTMAX; BATCH_MATMUL with V; TRANSPOSE
/// back; RESHAPE to [1, 128, 256]; an output FULLY_CONNECTED) and a residual ADD; a second layer norm, a feed-forward
/// FULLY_CONNECTED 256 -> 1024, GELU (exact, approximate = false), FULLY_CONNECTED 1024 -> 256 and a residual ADD.
/// Weights are Gaussian with variance 1 / fan-in on Q, K and V, 2 / fan-in on the first feed-forward layer (He, before
/// GELU) and 0.5 / fan-in on the attention output and second feed-forward projections; biases of standard deviation
/// 0.02, gamma near 1 and beta near 0. So the attention scores have a standard deviation of about 1 (the softmax rows
/// are spread, not one-hot) and the residual stream stays of order 1 (output standard deviation about 1.6).
/// </summary>
internal sealed class TransformerEncoderFloat(int seed, int layers = 4, int tokens = 128, int width = 256, int heads = 4, int ffn = 1024)
{
    private const byte FullyConnectedTag = 8, SoftmaxTag = 9, AddTag = 11, ReshapeTag = 17, MulTag = 21,
                       TransposeTag = 26, ReducerTag = 27, SubTag = 28, SquaredDifferenceTag = 76, BatchMatMulTag = 101,
                       GeluTag = 116;
    private const int None = 0;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private string _scope = "";
    private int _lastAxis, _epsilon, _scoreScale, _toHeads, _headsPerm, _toTokens;

    public byte[] Build()
    {
        int headSize = width / heads;
        _lastAxis = _m.ConstInt("layer_norm/axis", [1], 2);
        _epsilon = _m.ConstFloat("layer_norm/epsilon", [], 1e-12f);
        _scoreScale = _m.ConstFloat("attention/scale", [], 1f / MathF.Sqrt(headSize));
        _toHeads = _m.ConstInt("attention/heads_shape", [4], 1, tokens, heads, headSize);
        _headsPerm = _m.ConstInt("attention/perm", [4], 0, 2, 1, 3);
        _toTokens = _m.ConstInt("attention/tokens_shape", [3], 1, tokens, width);

        int input = _m.Tensor("input", TensorType.Float32, [1, tokens, width]);
        int x = input;
        for (int l = 0; l < layers; l++)
        {
            _scope = $"layer{l}/attention";
            int h = LayerNorm(x);
            x = Binary(BuiltinOperator.ADD, AddTag, x, Attention(h, headSize), "residual", [1, tokens, width]);
            _scope = $"layer{l}/ffn";
            h = LayerNorm(x);
            h = FullyConnected(h, width, ffn, 2.0, "intermediate");
            int g = Activation($"{_scope}/gelu", [1, tokens, ffn]);
            _m.Op(BuiltinOperator.GELU, [h], [g], 1, GeluTag);
            h = FullyConnected(g, ffn, width, 0.5, "output");
            x = Binary(BuiltinOperator.ADD, AddTag, x, h, "residual", [1, tokens, width], l == layers - 1 ? "output" : null);
        }
        return _m.Inputs(input).Outputs(x).Build();
    }

    private int Weights(string name, int[] shape, double std, double mean = 0) => _m.GaussianTensor(_rng, name, shape, std, mean);

    private int Activation(string name, int[] shape) => _m.Tensor(name, TensorType.Float32, shape);

    private int Binary(BuiltinOperator op, byte tag, int a, int b, string name, int[] shape, string? fullName = null)
    {
        int y = Activation(fullName ?? $"{_scope}/{name}", shape);
        _m.Op(op, [a, b], [y], 1, tag, new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, None));
        return y;
    }

    private int Unary(BuiltinOperator op, int x, string name, int[] shape, byte tag = 0)
    {
        int y = Activation($"{_scope}/{name}", shape);
        _m.Op(op, [x], [y], 1, tag);
        return y;
    }

    private int Mean(int x, string name)
    {
        int y = Activation($"{_scope}/{name}", [1, tokens, 1]);
        _m.Op(BuiltinOperator.MEAN, [x, _lastAxis], [y], 1, ReducerTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 1));
        return y;
    }

    /// <summary>tf.keras LayerNormalization as converted: scale = rsqrt(var + eps) * gamma; x * scale + (beta - mean * scale).</summary>
    private int LayerNorm(int x)
    {
        int[] rows = [1, tokens, 1], full = [1, tokens, width];
        int gamma = Weights($"{_scope}/layer_norm/gamma", [width], 0.1, 1.0);
        int beta = Weights($"{_scope}/layer_norm/beta", [width], 0.1);
        int mean = Mean(x, "layer_norm/mean");
        int sq = _m.Tensor($"{_scope}/layer_norm/squared_difference", TensorType.Float32, full);
        _m.Op(BuiltinOperator.SQUARED_DIFFERENCE, [x, mean], [sq], 1, SquaredDifferenceTag);
        int variance = Mean(sq, "layer_norm/variance");
        int shifted = Binary(BuiltinOperator.ADD, AddTag, variance, _epsilon, "layer_norm/add_epsilon", rows);
        int inv = Unary(BuiltinOperator.RSQRT, shifted, "layer_norm/rsqrt", rows);
        int scale = Binary(BuiltinOperator.MUL, MulTag, inv, gamma, "layer_norm/scale", full);
        int scaled = Binary(BuiltinOperator.MUL, MulTag, x, scale, "layer_norm/scaled", full);
        int meanScaled = Binary(BuiltinOperator.MUL, MulTag, mean, scale, "layer_norm/mean_scaled", full);
        int shift = Binary(BuiltinOperator.SUB, SubTag, beta, meanScaled, "layer_norm/shift", full);
        return Binary(BuiltinOperator.ADD, AddTag, scaled, shift, "layer_norm/output", full);
    }

    /// <summary>FULLY_CONNECTED with keep_num_dims (version 5, as op_version gives it), weights [units, inDepth] of variance gain / inDepth.</summary>
    private int FullyConnected(int x, int inDepth, int units, double gain, string name)
    {
        int weights = Weights($"{_scope}/{name}/weights", [units, inDepth], Math.Sqrt(gain / inDepth));
        int bias = Weights($"{_scope}/{name}/bias", [units], 0.02);
        int y = Activation($"{_scope}/{name}", [1, tokens, units]);
        _m.Op(BuiltinOperator.FULLY_CONNECTED, [x, weights, bias], [y], 5, FullyConnectedTag,
              new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, None), new TinyModel.OptionField(1, TinyModel.OptionKind.Byte, 0),
              new TinyModel.OptionField(2, TinyModel.OptionKind.Bool, 1));
        return y;
    }

    /// <summary>[1, tokens, width] -> [1, heads, tokens, headSize].</summary>
    private int SplitHeads(int x, int headSize, string name)
    {
        int r = Activation($"{_scope}/{name}/reshape", [1, tokens, heads, headSize]);
        _m.Op(BuiltinOperator.RESHAPE, [x, _toHeads], [r], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, tokens, heads, headSize));
        int t = Activation($"{_scope}/{name}/transpose", [1, heads, tokens, headSize]);
        _m.Op(BuiltinOperator.TRANSPOSE, [r, _headsPerm], [t], 1, TransposeTag);
        return t;
    }

    private int BatchMatMul(int a, int b, bool adjY, string name, int[] shape)
    {
        int y = Activation($"{_scope}/{name}", shape);
        _m.Op(BuiltinOperator.BATCH_MATMUL, [a, b], [y], 1, BatchMatMulTag,
              new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 0), new TinyModel.OptionField(1, TinyModel.OptionKind.Bool, adjY ? 1 : 0));
        return y;
    }

    private int Attention(int x, int headSize)
    {
        int q = SplitHeads(FullyConnected(x, width, width, 1.0, "query"), headSize, "query");
        int k = SplitHeads(FullyConnected(x, width, width, 1.0, "key"), headSize, "key");
        int v = SplitHeads(FullyConnected(x, width, width, 1.0, "value"), headSize, "value");
        int[] scoreShape = [1, heads, tokens, tokens];
        int scores = BatchMatMul(q, k, adjY: true, "scores", scoreShape);
        scores = Binary(BuiltinOperator.MUL, MulTag, scores, _scoreScale, "scaled_scores", scoreShape);
        int probs = Activation($"{_scope}/probabilities", scoreShape);
        _m.Op(BuiltinOperator.SOFTMAX, [scores], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        int context = BatchMatMul(probs, v, adjY: false, "context", [1, heads, tokens, headSize]);
        int merged = Activation($"{_scope}/context/transpose", [1, tokens, heads, headSize]);
        _m.Op(BuiltinOperator.TRANSPOSE, [context, _headsPerm], [merged], 1, TransposeTag);
        int flat = Activation($"{_scope}/context/reshape", [1, tokens, width]);
        _m.Op(BuiltinOperator.RESHAPE, [merged, _toTokens], [flat], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, tokens, width));
        return FullyConnected(flat, width, width, 0.5, "output");
    }
}
