using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The EfficientNet-Lite0 224 graph in float32 as the TF Lite converter writes Google's
/// <c>efficientnet-lite0-fp32.tflite</c> (batch norms folded into the convolution biases), from seeded random weights:
/// input [1, 224, 224, 3]; a 3x3/2 CONV_2D stem of 32 channels with RELU6 fused; the 16 MBConv blocks of
/// EfficientNet-B0's table (stages of 1, 2, 2, 3, 3, 4 and 1 blocks; kernels 3, 3, 5, 3, 5, 5, 3; first strides 1,
/// 2, 2, 2, 1, 2, 1; widths 16, 24, 40, 80, 112, 192, 320; expansion 1 in the first stage, which has no expansion
/// convolution, and 6 after), each a 1x1 expansion CONV_2D with RELU6, a 3x3 or 5x5 DEPTHWISE_CONV_2D with its
/// stride and RELU6, a linear 1x1 projection CONV_2D and a residual ADD where the stride is 1 and the width
/// unchanged; the Lite variant's changes to B0 are kept: RELU6 for swish, no squeeze-excite, the stem and head not
/// scaled. Then a 1x1 CONV_2D head of 1280 channels with RELU6, AVERAGE_POOL_2D 7x7 (VALID) to [1, 1, 1, 1280],
/// RESHAPE to [1, 1280], FULLY_CONNECTED to 1000 logits and SOFTMAX. All convolutions use SAME padding.
/// Operator versions are those TFLite's op_version gives float32 operators (all 1). Weights are drawn with
/// He-style variance (2 / fan-in before RELU6, 1 / fan-in on the projections that start a stage and 0.5 / fan-in on
/// those of residual blocks), biases small (standard deviation 0.02), so block outputs keep a standard deviation of
/// order 1 through the network and still depend on the input; the logits spread over a few units, so the softmax
/// is neither one-hot nor flat.
/// </summary>
internal sealed class EfficientNetLite0Float(int seed, int inputSize = 224, int classes = 1000)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, Pool2DTag = 5, FullyConnectedTag = 8, SoftmaxTag = 9,
                       AddTag = 11, ReshapeTag = 17;
    private const int Same = 0, Valid = 1, None = 0, Relu6 = 3;
    private const int HeadWidth = 1280;
    /// <summary>Weight variance x fan-in: He's 2 before RELU6.</summary>
    private const double ReluGain = 2;
    /// <summary>Projection variance x fan-in: 1 where a stage starts (no residual carries the signal), 0.5 in residual blocks.</summary>
    private const double ProjectionGain = 1, ResidualProjectionGain = 0.5;
    private const double LogitsGain = 4;
    private const double BiasStd = 0.02;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private int _layer;

    private readonly record struct Act(int Tensor, int H, int W, int C);

    public byte[] Build()
    {
        int input = _m.Tensor("input", TensorType.Float32, [1, inputSize, inputSize, 3]);
        var x = new Act(input, inputSize, inputSize, 3);
        x = Conv(x, 32, 3, 2, Relu6, ReluGain);
        // (expansion, kernel, first stride, output width, repeats): EfficientNet-B0's table, depth and width 1.0.
        (int e, int k, int s, int c, int r)[] stages =
        [
            (1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3),
            (6, 5, 2, 192, 4), (6, 3, 1, 320, 1),
        ];
        foreach (var (e, k, s, c, r) in stages)
            for (int i = 0; i < r; i++)
                x = MBConv(x, e, k, i == 0 ? s : 1, c);
        x = Conv(x, HeadWidth, 1, 1, Relu6, ReluGain);

        _layer++;
        int pooled = _m.Tensor($"layer{_layer}/avg_pool", TensorType.Float32, [1, 1, 1, x.C]);
        _m.Op(BuiltinOperator.AVERAGE_POOL_2D, [x.Tensor], [pooled], 1, Pool2DTag,
              Byte(0, Valid), Int(1, 1), Int(2, 1), Int(3, x.W), Int(4, x.H), Byte(5, None));
        int shape = _m.ConstInt("logits/shape", [2], 1, x.C);
        int flat = _m.Tensor("logits/flat", TensorType.Float32, [1, x.C]);
        _m.Op(BuiltinOperator.RESHAPE, [pooled, shape], [flat], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, x.C));
        // Logits of standard deviation of a few units, most of it from the features rather than the biases.
        int weights = Weights("logits/weights", [classes, x.C], Math.Sqrt(LogitsGain / x.C));
        int bias = Weights("logits/bias", [classes], 0.5);
        int logits = _m.Tensor("logits", TensorType.Float32, [1, classes]);
        _m.Op(BuiltinOperator.FULLY_CONNECTED, [flat, weights, bias], [logits], 1, FullyConnectedTag,
              Byte(0, None), Byte(1, 0), new TinyModel.OptionField(2, TinyModel.OptionKind.Bool, 0));
        int probs = _m.Tensor("probabilities", TensorType.Float32, [1, classes]);
        _m.Op(BuiltinOperator.SOFTMAX, [logits], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        return _m.Inputs(input).Outputs(probs).Build();
    }

    private int Weights(string name, int[] shape, double std, double mean = 0) => _m.GaussianTensor(_rng, name, shape, std, mean);

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    /// <summary>An MBConv block without squeeze-excite: expand (unless the factor is 1), depthwise, projection, residual.</summary>
    private Act MBConv(Act x, int expansion, int kernel, int stride, int outC)
    {
        bool residual = stride == 1 && x.C == outC;
        var y = x;
        if (expansion != 1) y = Conv(y, x.C * expansion, 1, 1, Relu6, ReluGain);
        y = Depthwise(y, kernel, stride);
        y = Conv(y, outC, 1, 1, None, residual ? ResidualProjectionGain : ProjectionGain);
        return residual ? Add(x, y) : y;
    }

    /// <summary>A CONV_2D with weights of variance <paramref name="gain"/> / fan-in and Gaussian biases.</summary>
    private Act Conv(Act x, int outC, int kernel, int stride, int activation, double gain)
    {
        _layer++;
        string name = $"layer{_layer}/conv";
        int filter = Weights($"{name}/weights", [outC, kernel, kernel, x.C], Math.Sqrt(gain / (kernel * kernel * x.C)));
        int bias = Weights($"{name}/bias", [outC], BiasStd);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor(name, TensorType.Float32, [1, oh, ow, outC]);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y], 1, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return new Act(y, oh, ow, outC);
    }

    private Act Depthwise(Act x, int kernel, int stride)
    {
        _layer++;
        int filter = Weights($"layer{_layer}/depthwise_weights", [1, kernel, kernel, x.C], Math.Sqrt(ReluGain / (kernel * kernel)));
        int bias = Weights($"layer{_layer}/depthwise_bias", [x.C], BiasStd);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/depthwise", TensorType.Float32, [1, oh, ow, x.C]);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y], 1, DepthwiseTag,
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

}
