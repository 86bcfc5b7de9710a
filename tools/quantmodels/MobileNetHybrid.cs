using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The MobileNetV2 1.0 graph laid out as TFLite's dynamic-range ("hybrid") quantization writes it, from seeded random
/// weights: float32 input, activations and outputs; every CONV_2D (version 5) and DEPTHWISE_CONV_2D (version 6) with
/// int8 symmetric per-channel weights (zero points 0; quantized_dimension 0 for conv filters [O, H, W, I], 3 for
/// depthwise filters [1, H, W, C]) and float32 biases, RELU6 fused; float residual ADDs, a float MEAN over height and
/// width, a hybrid FULLY_CONNECTED logits layer (version 9, per-channel weights, asymmetric_quantize_inputs) and a
/// float SOFTMAX. Float weights are drawn with He-style variance (halved on the linear projections so the residual
/// sums stay bounded), then quantized per channel to the int8 range, so activations stay finite and the softmax
/// is peaked but not one-hot.
/// </summary>
internal sealed class MobileNetHybrid(int seed, int inputSize = 224)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, FullyConnectedTag = 8, SoftmaxTag = 9, AddTag = 11, ReducerTag = 27;
    private const int Same = 0, None = 0, Relu6 = 3;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private int _layer;

    private readonly record struct Act(int Tensor, int H, int W, int C);

    public byte[] Build()
    {
        int input = _m.Tensor("input", TensorType.Float32, [1, inputSize, inputSize, 3]);
        var x = new Act(input, inputSize, inputSize, 3);
        x = Conv(x, 32, 3, 2, Relu6);
        (int t, int c, int n, int s)[] blocks = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];
        foreach (var (t, c, n, s) in blocks)
            for (int i = 0; i < n; i++)
            {
                int stride = i == 0 ? s : 1;
                var y = x;
                if (t != 1) y = Conv(y, x.C * t, 1, 1, Relu6);
                y = Depthwise(y, 3, stride);
                y = Conv(y, c, 1, 1, None);
                if (stride == 1 && x.C == c) y = Add(x, y);
                x = y;
            }
        x = Conv(x, 1280, 1, 1, Relu6);
        int axes = _m.ConstInt("mean/axes", [2], 1, 2);
        int pooled = _m.Tensor("mean", TensorType.Float32, [1, 1280]);
        _m.Op(BuiltinOperator.MEAN, [x.Tensor, axes], [pooled], 1, ReducerTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 0));
        int logits = FullyConnected(pooled, 1280, 1001);
        int probs = _m.Tensor("probabilities", TensorType.Float32, [1, 1001]);
        _m.Op(BuiltinOperator.SOFTMAX, [logits], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        return _m.Inputs(input).Outputs(probs).Build();
    }

    /// <summary>
    /// Draws <paramref name="channels"/> x <paramref name="perChannel"/> Gaussian weights of standard deviation
    /// <paramref name="std"/> and quantizes them symmetrically per channel (scale = max |w| / 127), the channel being
    /// element index / <paramref name="stride"/> % channels when <paramref name="innermost"/> is false, or index %
    /// channels when the channel is the innermost dimension (depthwise).
    /// </summary>
    private (byte[] Q, float[] Scales) QuantizedWeights(int channels, int perChannel, double std, bool innermost)
    {
        int count = channels * perChannel;
        var w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float)(_rng.NextGaussian() * std);
        var scales = new float[channels];
        for (int i = 0; i < count; i++)
        {
            int c = innermost ? i % channels : i / perChannel;
            scales[c] = MathF.Max(scales[c], MathF.Abs(w[i]));
        }
        for (int c = 0; c < channels; c++) scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        var q = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = innermost ? i % channels : i / perChannel;
            q[i] = unchecked((byte)(sbyte)Math.Clamp((int)MathF.Round(w[i] / scales[c]), -127, 127));
        }
        return (q, scales);
    }

    private int Bias(int count, double std)
    {
        var b = new float[count];
        for (int i = 0; i < count; i++) b[i] = (float)(_rng.NextGaussian() * std);
        return _m.Tensor($"layer{_layer}/bias", TensorType.Float32, [count], MemoryMarshal.AsBytes(b.AsSpan()).ToArray());
    }

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    private Act Conv(Act x, int outC, int kernel, int stride, int activation)
    {
        _layer++;
        int k = kernel * kernel * x.C;
        double std = Math.Sqrt((activation == Relu6 ? 2.0 : 0.5) / k);
        var (q, scales) = QuantizedWeights(outC, k, std, innermost: false);
        int filter = _m.Tensor($"layer{_layer}/weights", TensorType.Int8, [outC, kernel, kernel, x.C], q,
                               scale: scales, zeroPoint: new long[outC], quantizedDimension: 0);
        int bias = Bias(outC, 0.1);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/conv", TensorType.Float32, [1, oh, ow, outC]);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y], 5, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return new Act(y, oh, ow, outC);
    }

    private Act Depthwise(Act x, int kernel, int stride)
    {
        _layer++;
        var (q, scales) = QuantizedWeights(x.C, kernel * kernel, Math.Sqrt(2.0 / (kernel * kernel)), innermost: true);
        int filter = _m.Tensor($"layer{_layer}/depthwise_weights", TensorType.Int8, [1, kernel, kernel, x.C], q,
                               scale: scales, zeroPoint: new long[x.C], quantizedDimension: 3);
        int bias = Bias(x.C, 0.1);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/depthwise", TensorType.Float32, [1, oh, ow, x.C]);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y], 6, DepthwiseTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Int(3, 1), Byte(4, Relu6), Int(5, 1), Int(6, 1));
        return new Act(y, oh, ow, x.C);
    }

    private Act Add(Act a, Act b)
    {
        _layer++;
        int y = _m.Tensor($"layer{_layer}/add", TensorType.Float32, [1, a.H, a.W, a.C]);
        _m.Op(BuiltinOperator.ADD, [a.Tensor, b.Tensor], [y], 1, AddTag, Byte(0, None));
        return a with { Tensor = y };
    }

    /// <summary>Logits: weights of standard deviation 6 / sqrt(K) and biases of 1.5 so the logits spread over a few units.</summary>
    private int FullyConnected(int x, int inDepth, int units)
    {
        _layer++;
        var (q, scales) = QuantizedWeights(units, inDepth, 6.0 / Math.Sqrt(inDepth), innermost: false);
        int weights = _m.Tensor("logits/weights", TensorType.Int8, [units, inDepth], q, scale: scales, zeroPoint: new long[units], quantizedDimension: 0);
        int bias = Bias(units, 1.5);
        int y = _m.Tensor("logits", TensorType.Float32, [1, units]);
        _m.Op(BuiltinOperator.FULLY_CONNECTED, [x, weights, bias], [y], 9, FullyConnectedTag,
              Byte(0, None), Byte(1, 0), new TinyModel.OptionField(2, TinyModel.OptionKind.Bool, 0), new TinyModel.OptionField(3, TinyModel.OptionKind.Bool, 1));
        return y;
    }

}
