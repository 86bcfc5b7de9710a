using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The MobileNetV3-Small 1.0 224 graph in float32 as the TF Lite converter writes a float Keras model (batch norms
/// folded into the convolution biases), from seeded random weights: input [1, 224, 224, 3]; a 3x3/2 CONV_2D stem of
/// 16 channels and a HARD_SWISH op; the paper's 11 bottleneck blocks (1x1 expansion CONV_2D, absent in the first
/// block whose expansion equals its input width; a 3x3 or 5x5 DEPTHWISE_CONV_2D with its stride; RELU fused or a
/// separate HARD_SWISH op after both; squeeze-excite where the paper has it; a linear 1x1 projection CONV_2D; a
/// residual ADD where the stride is 1 and the width unchanged); a 1x1 CONV_2D of 576 channels and HARD_SWISH; MEAN
/// over height and width (keep_dims); a 1x1 CONV_2D of 1024 channels and HARD_SWISH; a 1x1 CONV_2D of 1001 logits,
/// RESHAPE to [1, 1001] and SOFTMAX. All convolutions use SAME padding.
/// Squeeze-excite is laid out as the converter leaves Keras' <c>x * relu6(conv(...) + 3) / 6</c>: MEAN over axes
/// [1, 2] with keep_dims, a 1x1 reduce CONV_2D (RELU fused, width _depth(expanded / 4) as Keras rounds it), a 1x1
/// expand CONV_2D whose bias has the + 3 folded in and RELU6 fused, a MUL by the constant 1/6 and a broadcasting MUL
/// of the [1, 1, 1, C] gate with the [1, H, W, C] block tensor.
/// Operator versions are those TFLite's op_version gives float32 operators (all 1). Weights are drawn with He-style
/// variance (2 / fan-in before RELU, 4 / fan-in before HARD_SWISH, 2 / fan-in on the projections that start a stage
/// and 0.5 / fan-in on those of residual blocks), biases small (standard deviation 0.02), so block outputs keep a
/// standard deviation of about 0.3 through the network and still depend on the input; the logits spread over a
/// few units, so the softmax is neither one-hot nor flat.
/// </summary>
internal sealed class MobileNetV3SmallFloat(int seed, int inputSize = 224)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, SoftmaxTag = 9, AddTag = 11, ReshapeTag = 17, MulTag = 21,
                       ReducerTag = 27, HardSwishTag = 91;
    private const int Same = 0, None = 0, Relu = 1, Relu6 = 3;
    /// <summary>Weight variance x fan-in: He's 2 before RELU; 4 before HARD_SWISH, which halves small inputs.</summary>
    private const double ReluGain = 2, HardSwishGain = 4;
    /// <summary>Projection variance x fan-in: 2 where a stage starts (no residual carries the signal), 0.5 in residual blocks.</summary>
    private const double ProjectionGain = 2, ResidualProjectionGain = 0.5;
    private const double BiasStd = 0.02;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private int _layer;
    private int _meanAxes = -1, _sixth = -1;

    private readonly record struct Act(int Tensor, int H, int W, int C);

    /// <summary>
    /// The bottlenecks as (kernel, expanded width, output width, squeeze-excite, hard-swish, stride): Table 2 of the
    /// MobileNetV3 paper (shared with the int8 model, MobileNetV3SmallInt8).
    /// </summary>
    internal static readonly (int K, int Exp, int C, bool Se, bool Hs, int S)[] Blocks =
    [
        (3, 16, 16, true, false, 2), (3, 72, 24, false, false, 2), (3, 88, 24, false, false, 1),
        (5, 96, 40, true, true, 2), (5, 240, 40, true, true, 1), (5, 240, 40, true, true, 1),
        (5, 120, 48, true, true, 1), (5, 144, 48, true, true, 1), (5, 288, 96, true, true, 2),
        (5, 576, 96, true, true, 1), (5, 576, 96, true, true, 1),
    ];

    public byte[] Build()
    {
        int input = _m.Tensor("input", TensorType.Float32, [1, inputSize, inputSize, 3]);
        var x = new Act(input, inputSize, inputSize, 3);
        x = HardSwish(Conv(x, 16, 3, 2, None, HardSwishGain));
        foreach (var (k, exp, c, se, hs, s) in Blocks)
        {
            var y = x;
            bool residual = s == 1 && x.C == c;
            if (exp != x.C) y = Activate(Conv(y, exp, 1, 1, hs ? None : Relu, hs ? HardSwishGain : ReluGain), hs);
            y = Activate(Depthwise(y, k, s, hs), hs);
            if (se) y = SqueezeExcite(y);
            y = Conv(y, c, 1, 1, None, residual ? ResidualProjectionGain : ProjectionGain);
            if (residual) y = Add(x, y);
            x = y;
        }
        x = HardSwish(Conv(x, 576, 1, 1, None, HardSwishGain));
        x = HardSwish(Conv(Mean(x), 1024, 1, 1, None, HardSwishGain));
        _layer++;
        // Logits of standard deviation about 2, most of it from the features rather than the biases.
        int logits = Conv(x, 1001, 1, 1, None, 150, biasStd: 0.5, name: "logits").Tensor;
        int shape = _m.ConstInt("logits/shape", [2], 1, 1001);
        int flat = _m.Tensor("logits/flat", TensorType.Float32, [1, 1001]);
        _m.Op(BuiltinOperator.RESHAPE, [logits, shape], [flat], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, 1001));
        int probs = _m.Tensor("probabilities", TensorType.Float32, [1, 1001]);
        _m.Op(BuiltinOperator.SOFTMAX, [flat], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        return _m.Inputs(input).Outputs(probs).Build();
    }

    private int Weights(string name, int[] shape, double std, double mean = 0) => _m.GaussianTensor(_rng, name, shape, std, mean);

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    /// <summary>Keras' <c>_depth</c>: rounds to a multiple of 8, at least 8 and not below 90% of <paramref name="v"/>.</summary>
    internal static int Depth(double v)
    {
        int d = Math.Max(8, (int)(v + 4) / 8 * 8);
        return d < 0.9 * v ? d + 8 : d;
    }

    /// <summary>A CONV_2D with weights of variance <paramref name="gain"/> / fan-in and Gaussian biases.</summary>
    private Act Conv(Act x, int outC, int kernel, int stride, int activation, double gain, double biasStd = BiasStd,
                     double biasMean = 0, string? name = null)
    {
        if (name is null) _layer++;
        name ??= $"layer{_layer}/conv";
        int filter = Weights($"{name}/weights", [outC, kernel, kernel, x.C], Math.Sqrt(gain / (kernel * kernel * x.C)));
        int bias = Weights($"{name}/bias", [outC], biasStd, biasMean);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor(name, TensorType.Float32, [1, oh, ow, outC]);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y], 1, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return new Act(y, oh, ow, outC);
    }

    private Act Depthwise(Act x, int kernel, int stride, bool hardSwish)
    {
        _layer++;
        int activation = hardSwish ? None : Relu;
        double gain = hardSwish ? HardSwishGain : ReluGain;
        int filter = Weights($"layer{_layer}/depthwise_weights", [1, kernel, kernel, x.C], Math.Sqrt(gain / (kernel * kernel)));
        int bias = Weights($"layer{_layer}/depthwise_bias", [x.C], BiasStd);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/depthwise", TensorType.Float32, [1, oh, ow, x.C]);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y], 1, DepthwiseTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Int(3, 1), Byte(4, activation), Int(5, 1), Int(6, 1));
        return new Act(y, oh, ow, x.C);
    }

    private Act Activate(Act x, bool hardSwish) => hardSwish ? HardSwish(x) : x;

    private Act HardSwish(Act x)
    {
        int y = _m.Tensor($"layer{_layer}/hard_swish", TensorType.Float32, [1, x.H, x.W, x.C]);
        _m.Op(BuiltinOperator.HARD_SWISH, [x.Tensor], [y], 1, HardSwishTag);
        return x with { Tensor = y };
    }

    private Act Mean(Act x)
    {
        if (_meanAxes < 0) _meanAxes = _m.ConstInt("mean/axes", [2], 1, 2);
        int y = _m.Tensor($"layer{_layer}/mean", TensorType.Float32, [1, 1, 1, x.C]);
        _m.Op(BuiltinOperator.MEAN, [x.Tensor, _meanAxes], [y], 1, ReducerTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 1));
        return new Act(y, 1, 1, x.C);
    }

    /// <summary>
    /// x * relu6(expand(relu(reduce(mean(x)))) + 3) / 6, the + 3 folded into the expand bias (mean 3, so the gate
    /// spreads around one half) as the converter folds a constant ADD into a convolution.
    /// </summary>
    private Act SqueezeExcite(Act x)
    {
        var s = Conv(Mean(x), Depth(x.C * 0.25), 1, 1, Relu, ReluGain);
        s = Conv(s, x.C, 1, 1, Relu6, ReluGain, biasStd: 0.5, biasMean: 3.0);
        if (_sixth < 0) _sixth = _m.ConstFloat("hard_sigmoid/one_sixth", [], 1f / 6);
        int gate = _m.Tensor($"layer{_layer}/hard_sigmoid", TensorType.Float32, [1, 1, 1, x.C]);
        _m.Op(BuiltinOperator.MUL, [s.Tensor, _sixth], [gate], 1, MulTag, Byte(0, None));
        int y = _m.Tensor($"layer{_layer}/excite", TensorType.Float32, [1, x.H, x.W, x.C]);
        _m.Op(BuiltinOperator.MUL, [x.Tensor, gate], [y], 1, MulTag, Byte(0, None));
        return x with { Tensor = y };
    }

    private Act Add(Act a, Act b)
    {
        _layer++;
        int y = _m.Tensor($"layer{_layer}/add", TensorType.Float32, [1, a.H, a.W, a.C]);
        _m.Op(BuiltinOperator.ADD, [a.Tensor, b.Tensor], [y], 1, AddTag, Byte(0, None));
        return a with { Tensor = y };
    }

}
