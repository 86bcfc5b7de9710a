using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The MobileNetV2 1.0 224 graph with legacy uint8 quantization (per-tensor asymmetric weights with zero points away
/// from 128, int32 biases, RELU6 fused, residual ADDs, a 7x7 AVERAGE_POOL_2D, a 1x1 logits convolution, RESHAPE and
/// SOFTMAX), as TensorFlow's old quantized MobileNets are laid out, from seeded random weights; scales are chosen so
/// activations spread over the uint8 range rather than saturate.
/// </summary>
internal sealed class MobileNetUInt8(int seed)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, Pool2DTag = 5, SoftmaxTag = 9, AddTag = 11, ReshapeTag = 17;
    private const int Same = 0, Valid = 1, None = 0, Relu6 = 3;
    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private int _layer;

    private readonly record struct Act(int Tensor, int H, int W, int C, float Scale, long ZeroPoint);

    public byte[] Build()
    {
        int input = _m.Tensor("input", TensorType.UInt8, [1, 224, 224, 3], scale: [1f / 128], zeroPoint: [128]);
        var x = new Act(input, 224, 224, 3, 1f / 128, 128);
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
        int pooled = _m.Tensor("avgpool", TensorType.UInt8, [1, 1, 1, 1280], scale: [x.Scale], zeroPoint: [x.ZeroPoint]);
        _m.Op(BuiltinOperator.AVERAGE_POOL_2D, [x.Tensor], [pooled], 1, Pool2DTag,
              Byte(0, Valid), Int(1, 1), Int(2, 1), Int(3, 7), Int(4, 7), Byte(5, None));
        // Logits with a wide real range and biases spread over it, so the softmax is peaked (a flat one makes TFLite's
        // uint8 softmax abort: the sum of exps exceeds 256).
        x = Conv(x with { Tensor = pooled, H = 1, W = 1 }, 1001, 1, 1, None, (0.5f, 128));
        int shape = _m.ConstInt("reshape/shape", [2], 1, 1001);
        int flat = _m.Tensor("logits", TensorType.UInt8, [1, 1001], scale: [x.Scale], zeroPoint: [x.ZeroPoint]);
        _m.Op(BuiltinOperator.RESHAPE, [x.Tensor, shape], [flat], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, 1001));
        int probs = _m.Tensor("probabilities", TensorType.UInt8, [1, 1001], scale: [1f / 256], zeroPoint: [0]);
        _m.Op(BuiltinOperator.SOFTMAX, [flat], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        return _m.Inputs(input).Outputs(probs).Build();
    }

    /// <summary>Output scale: RELU6 layers cover [0, 6]; linear layers a symmetric range around zero point 128.</summary>
    private static (float Scale, long ZeroPoint) OutputQuant(int activation) => activation == Relu6 ? (6f / 255, 0) : (0.08f, 128);

    /// <summary>Weight scale that maps an accumulator of K random taps to roughly 40 output steps (multiplier below 1).</summary>
    private float WeightScale(Act x, int k, float outScale) => outScale * 40f / (x.Scale * MathF.Sqrt(k) * 70f * 70f);

    private byte[] Weights(int count, int zeroPoint)
    {
        var w = new byte[count];
        for (int i = 0; i < count; i++) w[i] = (byte)Math.Clamp(zeroPoint + (int)Math.Round(_rng.NextGaussian() * 50), 0, 255);
        return w;
    }

    private int Bias(int count, float scale, int range)
    {
        var b = new int[count];
        for (int i = 0; i < count; i++) b[i] = _rng.Next(-range, range + 1);
        return _m.Tensor($"layer{_layer}/bias", TensorType.Int32, [count], MemoryMarshal.AsBytes(b.AsSpan()).ToArray(), scale: [scale], zeroPoint: [0]);
    }

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    private Act Conv(Act x, int outC, int kernel, int stride, int activation, (float Scale, long ZeroPoint)? quant = null)
    {
        _layer++;
        var (os, oz) = quant ?? OutputQuant(activation);
        int k = kernel * kernel * x.C;
        float ws = WeightScale(x, k, os);
        int wz = _rng.Next(100, 157);
        int filter = _m.Tensor($"layer{_layer}/weights", TensorType.UInt8, [outC, kernel, kernel, x.C], Weights(outC * k, wz), scale: [ws], zeroPoint: [wz]);
        int bias = Bias(outC, x.Scale * ws, quant is null ? 2000 : 300_000);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/conv", TensorType.UInt8, [1, oh, ow, outC], scale: [os], zeroPoint: [oz]);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y], 1, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return new Act(y, oh, ow, outC, os, oz);
    }

    private Act Depthwise(Act x, int kernel, int stride)
    {
        _layer++;
        var (os, oz) = OutputQuant(Relu6);
        float ws = WeightScale(x, kernel * kernel, os);
        int wz = _rng.Next(100, 157);
        int filter = _m.Tensor($"layer{_layer}/depthwise_weights", TensorType.UInt8, [1, kernel, kernel, x.C], Weights(kernel * kernel * x.C, wz),
                               scale: [ws], zeroPoint: [wz]);
        int bias = Bias(x.C, x.Scale * ws, 2000);
        int oh = OutSize(x.H, stride), ow = OutSize(x.W, stride);
        int y = _m.Tensor($"layer{_layer}/depthwise", TensorType.UInt8, [1, oh, ow, x.C], scale: [os], zeroPoint: [oz]);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y], 1, DepthwiseTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Int(3, 1), Byte(4, Relu6), Int(5, 1), Int(6, 1));
        return new Act(y, oh, ow, x.C, os, oz);
    }

    private Act Add(Act a, Act b)
    {
        _layer++;
        float scale = 0.1f;
        int y = _m.Tensor($"layer{_layer}/add", TensorType.UInt8, [1, a.H, a.W, a.C], scale: [scale], zeroPoint: [128]);
        _m.Op(BuiltinOperator.ADD, [a.Tensor, b.Tensor], [y], 1, AddTag, Byte(0, None));
        return a with { Tensor = y, Scale = scale, ZeroPoint = 128 };
    }

}
