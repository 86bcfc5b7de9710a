using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// DeepLabV3 with a MobileNetV2 1.0 backbone in float32, laid out as the TF Lite converter writes Google's
/// <c>deeplabv3_257_mv_gpu.tflite</c> (batch norms folded into the convolution biases), from seeded random weights:
/// input [1, 257, 257, 3]; a 3x3/2 CONV_2D stem of 32 channels with RELU6 fused; MobileNetV2's 17 inverted-residual
/// blocks (a 1x1 expansion CONV_2D with RELU6, absent in the first block whose expansion factor is 1; a 3x3
/// DEPTHWISE_CONV_2D with RELU6; a linear 1x1 projection CONV_2D; a residual ADD where the stride is 1 and the width
/// unchanged) at output stride 16: as slim's <c>mobilenet_base(output_stride=16)</c> does, the block that would take
/// the feature map from stride 16 to 32 (the first of the 160-channel stage) keeps stride 1 and dilation 1, and every
/// depthwise convolution after it (the other two 160 blocks and the 320 block) has dilation 2 (DEPTHWISE_CONV_2D
/// version 2), so the backbone ends at [1, 17, 17, 320] without its 1280-channel head. Then the mobile ASPP head: an
/// image-pooling branch (AVERAGE_POOL_2D 17x17, VALID, to [1, 1, 1, 320]; a 1x1 CONV_2D of 256 with RELU; a
/// RESIZE_BILINEAR back to 17x17 with align_corners), a 1x1 CONV_2D of 256 with RELU on the features, CONCATENATION
/// of the two on channels (pooled branch first), a 1x1 CONV_2D of 256 with RELU (concat projection), a 1x1 CONV_2D
/// of 21 logits and a RESIZE_BILINEAR to [257, 257] with align_corners. Outputs: those [1, 257, 257, 21] logits
/// and, as DeepLab exports with the semantic predictions do, their ARG_MAX over axis 3 (int32, [1, 257, 257]).
/// All convolutions use SAME padding. Operator versions are those TFLite's op_version gives float32 operators:
/// 2 for the dilated DEPTHWISE_CONV_2D, 1 for all else.
/// Weights are drawn with He-style variance (2 / (1 - 1 / pi) / fan-in before RELU and RELU6, He's 2 for centred
/// inputs; 1 / fan-in on the projections that start a stage and 0.25 / fan-in on those of residual blocks). The biases
/// are small (standard deviation 0.02) less each channel's expected pre-activation mean, as a folded batch norm
/// centres a trained network's channels: the per-channel means and variances are propagated through the graph for
/// inputs uniform in [-1, 1] (exactly through the linear operators, with rectified-Gaussian moments through RELU and
/// RELU6; the image-pooling convolution, whose input is the constant channel means, is left uncentred). Without the
/// centring the channel offsets that a random RELU network builds up would outweigh the spatial signal at the head
/// and two classes would take the whole map. So block outputs keep a standard deviation between 0.4 and 1.7 (RELU6
/// clips under 2% of values), and the logits (standard deviation about 1.5) vary more across the map than between
/// classes: on random inputs the argmax map holds all 21 classes in patches.
/// </summary>
internal sealed class DeepLabV3Float(int seed, int inputSize = 257, int classes = 21)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, Pool2DTag = 5, ConcatenationTag = 10, AddTag = 11,
                       ResizeBilinearTag = 15, ArgMaxTag = 40;
    private const int Same = 0, Valid = 1, None = 0, Relu = 1, Relu6 = 3;
    private const int OutputStride = 16, AsppWidth = 256;
    /// <summary>
    /// Weight variance x fan-in before RELU and RELU6: He's 2 for inputs centred by the folded biases, whose RELU of
    /// N(0, v) has variance v (1 - 1 / pi) / 2 rather than second moment v / 2, so 2 / (1 - 1 / pi) keeps the variance.
    /// </summary>
    private const double ReluGain = 2 / (1 - 1 / Math.PI);
    /// <summary>Projection variance x fan-in: 1 where a stage starts (no residual carries the signal), 0.25 in residual blocks.</summary>
    private const double ProjectionGain = 1, ResidualProjectionGain = 0.25;
    private const double LogitsGain = 4, LogitsBiasStd = 0.05;
    private const double BiasStd = 0.02;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private int _layer;

    /// <summary>
    /// A tensor of the graph with the per-channel mean and variance its values are expected to have (over positions
    /// and inputs uniform in [-1, 1]), propagated as batch statistics would be measured, to fold them into biases.
    /// </summary>
    private readonly record struct Act(int Tensor, int H, int W, int C, double[] Mean, double[] Var);

    public byte[] Build()
    {
        int input = _m.Tensor("input", TensorType.Float32, [1, inputSize, inputSize, 3]);
        var x = new Act(input, inputSize, inputSize, 3, new double[3], [1.0 / 3, 1.0 / 3, 1.0 / 3]);
        x = Conv(x, 32, 3, 2, Relu6, ReluGain);
        // (expansion, output width, repeats, stride): Table 2 of the MobileNetV2 paper, less its 1280 head.
        (int t, int c, int n, int s)[] stages =
            [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];
        int currentStride = 2, rate = 1;
        foreach (var (t, c, n, s) in stages)
        {
            for (int i = 0; i < n; i++)
            {
                int stride = i == 0 ? s : 1, dilation = 1;
                // slim's atrous rule: once the target stride is reached, a stride becomes the dilation of later layers.
                if (currentStride == OutputStride)
                {
                    dilation = rate;
                    rate *= stride;
                    stride = 1;
                }
                else currentStride *= stride;
                x = InvertedResidual(x, t, c, stride, dilation);
            }
        }

        // Mobile ASPP: image pooling and a 1x1 branch, concatenated and projected.
        _layer++;
        int pooled = _m.Tensor($"layer{_layer}/image_pooling/avg_pool", TensorType.Float32, [1, 1, 1, x.C]);
        _m.Op(BuiltinOperator.AVERAGE_POOL_2D, [x.Tensor], [pooled], 1, Pool2DTag,
              Byte(0, Valid), Int(1, 1), Int(2, 1), Int(3, x.W), Int(4, x.H), Byte(5, None));
        // The pooled features are (nearly) the channel means: a constant, whose convolution is left unfolded.
        var image = Conv(new Act(pooled, 1, 1, x.C, x.Mean, new double[x.C]), AsppWidth, 1, 1, Relu, ReluGain, fold: false);
        var imageUp = ResizeBilinear(image, x.H, x.W, $"layer{_layer}/image_pooling/resize");
        var aspp0 = Conv(x, AsppWidth, 1, 1, Relu, ReluGain);
        _layer++;
        int concat = _m.Tensor($"layer{_layer}/concat", TensorType.Float32, [1, x.H, x.W, 2 * AsppWidth]);
        _m.Op(BuiltinOperator.CONCATENATION, [imageUp.Tensor, aspp0.Tensor], [concat], 1, ConcatenationTag,
              Int(0, 3), Byte(1, None));
        var projected = Conv(new Act(concat, x.H, x.W, 2 * AsppWidth, [.. imageUp.Mean, .. aspp0.Mean], [.. imageUp.Var, .. aspp0.Var]),
                             AsppWidth, 1, 1, Relu, ReluGain);
        _layer++;
        var logits = Conv(projected, classes, 1, 1, None, LogitsGain, biasStd: LogitsBiasStd, name: "logits/conv");
        var upsampled = ResizeBilinear(logits, inputSize, inputSize, "logits");

        int axis = _m.ConstInt("semantic_predictions/axis", [1], 3);
        int predictions = _m.Tensor("semantic_predictions", TensorType.Int32, [1, inputSize, inputSize]);
        _m.Op(BuiltinOperator.ARG_MAX, [upsampled.Tensor, axis], [predictions], 1, ArgMaxTag,
              Byte(0, (int)TensorType.Int32));
        return _m.Inputs(input).Outputs(upsampled.Tensor, predictions).Build();
    }

    private float[] Gaussian(int count, double std)
    {
        var w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float)(_rng.NextGaussian() * std);
        return w;
    }

    private int Constant(string name, int[] shape, float[] values)
        => _m.Tensor(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    /// <summary>MobileNetV2's expanded_conv: expand (unless the factor is 1), depthwise, linear projection, residual.</summary>
    private Act InvertedResidual(Act x, int expansion, int outC, int stride, int dilation)
    {
        bool residual = stride == 1 && x.C == outC;
        var y = x;
        if (expansion != 1) y = Conv(y, x.C * expansion, 1, 1, Relu6, ReluGain);
        y = Depthwise(y, 3, stride, dilation);
        y = Conv(y, outC, 1, 1, None, residual ? ResidualProjectionGain : ProjectionGain);
        return residual ? Add(x, y) : y;
    }

    /// <summary>
    /// A CONV_2D with weights of variance <paramref name="gain"/> / fan-in and Gaussian biases; with
    /// <paramref name="fold"/>, less the expected pre-activation mean, as a folded batch norm centres it.
    /// </summary>
    private Act Conv(Act x, int outC, int kernel, int stride, int activation, double gain, double biasStd = BiasStd,
                     string? name = null, bool fold = true)
    {
        if (name is null) _layer++;
        name ??= $"layer{_layer}/conv";
        int taps = kernel * kernel * x.C;
        var w = Gaussian(outC * taps, Math.Sqrt(gain / taps));
        var b = Gaussian(outC, biasStd);
        var mean = new double[outC];
        var variance = new double[outC];
        for (int o = 0; o < outC; o++)
        {
            double m = 0, v = 0;
            for (int k = 0; k < taps; k++)
            {
                double wk = w[o * taps + k];
                m += wk * x.Mean[k % x.C];
                v += wk * wk * x.Var[k % x.C];
            }
            if (fold) b[o] -= (float)m;
            (mean[o], variance[o]) = Activated(b[o] + m, v, activation);
        }
        int filter = Constant($"{name}/weights", [outC, kernel, kernel, x.C], w);
        int bias = Constant($"{name}/bias", [outC], b);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor(name, TensorType.Float32, [1, oh, ow, outC]);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y], 1, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return new Act(y, oh, ow, outC, mean, variance);
    }

    /// <summary>A DEPTHWISE_CONV_2D with RELU6 fused and folded biases; version 2 where it is dilated, as op_version gives.</summary>
    private Act Depthwise(Act x, int kernel, int stride, int dilation)
    {
        _layer++;
        int taps = kernel * kernel;
        var w = Gaussian(taps * x.C, Math.Sqrt(ReluGain / taps));
        var b = Gaussian(x.C, BiasStd);
        var mean = new double[x.C];
        var variance = new double[x.C];
        for (int c = 0; c < x.C; c++)
        {
            double sum = 0, squares = 0;
            for (int k = 0; k < taps; k++)
            {
                sum += w[k * x.C + c];
                squares += (double)w[k * x.C + c] * w[k * x.C + c];
            }
            b[c] -= (float)(sum * x.Mean[c]);
            (mean[c], variance[c]) = Activated(b[c] + sum * x.Mean[c], squares * x.Var[c], Relu6);
        }
        int filter = Constant($"layer{_layer}/depthwise_weights", [1, kernel, kernel, x.C], w);
        int bias = Constant($"layer{_layer}/depthwise_bias", [x.C], b);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/depthwise", TensorType.Float32, [1, oh, ow, x.C]);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y], dilation == 1 ? 1 : 2, DepthwiseTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Int(3, 1), Byte(4, Relu6), Int(5, dilation), Int(6, dilation));
        return new Act(y, oh, ow, x.C, mean, variance);
    }

    /// <summary>RESIZE_BILINEAR with align_corners (as DeepLab resizes), half_pixel_centers off: version 1.</summary>
    private Act ResizeBilinear(Act x, int height, int width, string name)
    {
        int size = _m.ConstInt($"{name}/size", [2], height, width);
        int y = _m.Tensor(name, TensorType.Float32, [1, height, width, x.C]);
        _m.Op(BuiltinOperator.RESIZE_BILINEAR, [x.Tensor, size], [y], 1, ResizeBilinearTag,
              new TinyModel.OptionField(2, TinyModel.OptionKind.Bool, 1), new TinyModel.OptionField(3, TinyModel.OptionKind.Bool, 0));
        return new Act(y, height, width, x.C, x.Mean, x.Var);
    }

    private Act Add(Act a, Act b)
    {
        _layer++;
        int y = _m.Tensor($"layer{_layer}/add", TensorType.Float32, [1, a.H, a.W, a.C]);
        _m.Op(BuiltinOperator.ADD, [a.Tensor, b.Tensor], [y], 1, AddTag, Byte(0, None));
        var mean = new double[a.C];
        var variance = new double[a.C];
        for (int c = 0; c < a.C; c++)
        {
            mean[c] = a.Mean[c] + b.Mean[c];
            variance[c] = a.Var[c] + b.Var[c];
        }
        return new Act(y, a.H, a.W, a.C, mean, variance);
    }

    /// <summary>
    /// Mean and variance of a Gaussian pre-activation (mean <paramref name="m"/>, variance <paramref name="v"/>) after
    /// the fused activation: RELU's rectified-Gaussian moments; RELU6 takes off the mean above 6 and keeps RELU's variance.
    /// </summary>
    private static (double Mean, double Var) Activated(double m, double v, int activation)
    {
        if (activation == None) return (m, v);
        double s = Math.Sqrt(v);
        double mean = ReluMean(m, s), second = s == 0 ? Math.Max(m, 0) * Math.Max(m, 0)
            : (m * m + v) * Phi(m / s) + m * s * Pdf(m / s);
        double variance = Math.Max(second - mean * mean, 0);
        if (activation == Relu6) mean -= ReluMean(m - 6, s);
        return (mean, variance);
    }

    private static double ReluMean(double m, double s) => s == 0 ? Math.Max(m, 0) : m * Phi(m / s) + s * Pdf(m / s);

    private static double Pdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>The standard normal distribution function, by Abramowitz and Stegun's 7.1.26 for erf (error below 1.5e-7).</summary>
    private static double Phi(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2), t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

}
