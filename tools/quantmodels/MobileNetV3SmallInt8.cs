using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The MobileNetV3-Small 1.0 224 graph of <see cref="MobileNetV3SmallFloat"/> with full-integer int8 quantization, as
/// the TF Lite converter writes a Keras model quantized with <c>optimizations = [DEFAULT]</c>, a representative
/// dataset and <c>inference_input_type = inference_output_type = tf.int8</c>: int8 input and output (no QUANTIZE or
/// DEQUANTIZE at the ends), activations int8 per tensor, CONV_2D and DEPTHWISE_CONV_2D weights int8 symmetric per
/// output channel (zero point 0; quantized dimension 0 of [O, H, W, I], 3 of [1, H, W, C]) with int32 biases of scale
/// input scale x weight scale, int8 HARD_SWISH ops, squeeze-excite as MEAN (keep_dims), the 1x1 reduce CONV_2D with
/// RELU, the 1x1 expand CONV_2D with the + 3 folded into its bias and RELU6, a MUL by the int8 constant 1/6 and a
/// broadcasting MUL of the [1, 1, 1, C] gate with the [1, H, W, C] block tensor; residual ADDs with their own output
/// scale; RESHAPE keeping the logits' quantization and SOFTMAX with TFLite's fixed int8 output (scale 1/256, zero
/// point -128). Operator versions are those TFLite's op_version gives int8 operators (CONV_2D and DEPTHWISE_CONV_2D 3,
/// ADD, MUL, MEAN and SOFTMAX 2, HARD_SWISH and RESHAPE 1).
/// The weights are the float model's (same seed, read from its buffers by tensor name), but for the logits layer's,
/// divided by 64 (see <see cref="LogitsFactor"/>) so that the softmax spreads over several classes. The activation ranges are
/// calibrated as the converter does: the float model runs in ManagedLite on <see cref="CalibrationInputs"/> seeded
/// inputs uniform in [-1, 1], every intermediate tensor kept, and each tensor gets the range of its min and max
/// (widened to hold 0): scale (max - min) / 255, zero point round(-128 - min / scale). The input is quantized as
/// [-1, 1] (scale 1 / 127.5, zero point -1). Weights are rounded per channel to scale max|w| / 127, biases to their
/// int32 scale.
/// </summary>
internal sealed class MobileNetV3SmallInt8(int seed, int inputSize = 224)
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2, SoftmaxTag = 9, AddTag = 11, ReshapeTag = 17, MulTag = 21,
                       ReducerTag = 27, HardSwishTag = 91;
    private const int Same = 0, None = 0, Relu = 1, Relu6 = 3;
    /// <summary>Random inputs of the representative dataset.</summary>
    public const int CalibrationInputs = 8;
    /// <summary>
    /// Factor on the float model's logits weights and biases (a power of two, so exact in float: the ranges scale with
    /// it). That model's logits spread over hundreds of units on these inputs (standard deviation about 125), which
    /// makes an int8 softmax one-hot; divided by 64 they spread over a few units and several classes share it.
    /// </summary>
    private const float LogitsFactor = 1f / 64;

    private readonly TinyModel _m = new();
    private readonly Dictionary<string, float[]> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (float Min, float Max)> _ranges = new(StringComparer.Ordinal);
    private int _layer;
    private int _meanAxes = -1, _sixth = -1;

    private readonly record struct Act(int Tensor, int H, int W, int C, float Scale, long ZeroPoint);

    public byte[] Build()
    {
        Calibrate();
        const float inputScale = 2f / 255;
        int input = _m.Tensor("input", TensorType.Int8, [1, inputSize, inputSize, 3], scale: [inputScale], zeroPoint: [-1]);
        var x = new Act(input, inputSize, inputSize, 3, inputScale, -1);
        x = HardSwish(Conv(x, 16, 3, 2, None));
        foreach (var (k, exp, c, se, hs, s) in MobileNetV3SmallFloat.Blocks)
        {
            var y = x;
            bool residual = s == 1 && x.C == c;
            if (exp != x.C) y = Activate(Conv(y, exp, 1, 1, hs ? None : Relu), hs);
            y = Activate(Depthwise(y, k, s, hs), hs);
            if (se) y = SqueezeExcite(y);
            y = Conv(y, c, 1, 1, None);
            if (residual) y = Add(x, y);
            x = y;
        }
        x = HardSwish(Conv(x, 576, 1, 1, None));
        x = HardSwish(Conv(Mean(x), 1024, 1, 1, None));
        _layer++;
        var logits = Conv(x, 1001, 1, 1, None, name: "logits", factor: LogitsFactor);
        int shape = _m.ConstInt("logits/shape", [2], 1, 1001);
        // RESHAPE keeps its input's quantization.
        int flat = _m.Tensor("logits/flat", TensorType.Int8, [1, 1001], scale: [logits.Scale], zeroPoint: [logits.ZeroPoint]);
        _m.Op(BuiltinOperator.RESHAPE, [logits.Tensor, shape], [flat], 1, ReshapeTag, TinyModel.OptionField.Vector(0, 1, 1001));
        int probs = _m.Tensor("probabilities", TensorType.Int8, [1, 1001], scale: [1f / 256], zeroPoint: [-128]);
        _m.Op(BuiltinOperator.SOFTMAX, [flat], [probs], 2, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        return _m.Inputs(input).Outputs(probs).Build();
    }

    /// <summary>
    /// Builds the float model, keeps its constants by name and runs it on the representative dataset with every
    /// tensor preserved (fusion off, so each float tensor is computed as written), recording each activation's range.
    /// </summary>
    private void Calibrate()
    {
        var model = Model.FromBytes(new MobileNetV3SmallFloat(seed, inputSize).Build());
        var def = model.Definition;
        foreach (var t in def.SubGraphs[0].Tensors)
            if (t.Buffer > 0 && def.Buffers[t.Buffer].Data.Length > 0 && t.Type == TensorType.Float32)
                _weights.Add(t.Name, MemoryMarshal.Cast<byte, float>(def.Buffers[t.Buffer].Data.Span).ToArray());
        using var interpreter = new Interpreter(model, new InterpreterOptions { PreserveAllTensors = true, EnableFusion = false });
        interpreter.AllocateTensors();
        var rng = new Random(seed);
        for (int n = 0; n < CalibrationInputs; n++)
        {
            var data = interpreter.Inputs[0].GetWritableData<float>();
            for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
            interpreter.Invoke();
            foreach (var t in interpreter.Tensors)
            {
                if (t.IsConstant || t.DataType != TensorType.Float32 || !t.HasData) continue;
                float min = 0, max = 0; // ranges always hold 0, so that it is exact
                foreach (float v in t.GetData<float>())
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
                _ranges[t.Name] = _ranges.TryGetValue(t.Name, out var r) ? (Math.Min(r.Min, min), Math.Max(r.Max, max)) : (min, max);
            }
        }
    }

    /// <summary>
    /// Scale and zero point of the calibrated float tensor <paramref name="name"/> (its range times
    /// <paramref name="factor"/>): (max - min) / 255 over int8.
    /// </summary>
    private (float Scale, long ZeroPoint) Quant(string name, float factor = 1)
    {
        if (!_ranges.TryGetValue(name, out var r)) throw new KeyNotFoundException($"no calibration range for '{name}'");
        double min = r.Min * factor, range = Math.Max((r.Max - r.Min) * factor, 1e-6);
        float scale = (float)(range / 255);
        long zeroPoint = Math.Clamp((long)Math.Round(-128 - min / scale, MidpointRounding.AwayFromZero), -128, 127);
        return (scale, zeroPoint);
    }

    private Act Activation(string name, int h, int w, int c, float factor = 1)
    {
        var (scale, zeroPoint) = Quant(name, factor);
        int t = _m.Tensor(name, TensorType.Int8, [1, h, w, c], scale: [scale], zeroPoint: [zeroPoint]);
        return new Act(t, h, w, c, scale, zeroPoint);
    }

    private float[] FloatWeights(string name, int count, float factor)
    {
        if (!_weights.TryGetValue(name, out var w)) throw new KeyNotFoundException($"the float model has no constant '{name}'");
        if (w.Length != count) throw new InvalidOperationException($"'{name}' has {w.Length} values, not {count}");
        return w.Select(v => v * factor).ToArray();
    }

    /// <summary>
    /// Float weights of <paramref name="channels"/> channels quantized symmetric per channel to int8: channel c is
    /// element i with i / <paramref name="inner"/> % channels == c. Returns the tensor and the channel scales.
    /// </summary>
    private (int Tensor, float[] Scales) QuantizedWeights(string name, int[] shape, int channels, int inner, int dimension, float factor)
    {
        int count = 1;
        foreach (int d in shape) count *= d;
        var w = FloatWeights(name, count, factor);
        var maxAbs = new float[channels];
        for (int i = 0; i < count; i++)
        {
            int c = i / inner % channels;
            maxAbs[c] = Math.Max(maxAbs[c], Math.Abs(w[i]));
        }
        var scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127 : 1;
        var q = new byte[count];
        for (int i = 0; i < count; i++)
            q[i] = (byte)(sbyte)Math.Clamp(Math.Round(w[i] / scales[i / inner % channels], MidpointRounding.AwayFromZero), -127, 127);
        int t = _m.Tensor(name, TensorType.Int8, shape, q, scale: scales, zeroPoint: new long[channels], quantizedDimension: dimension);
        return (t, scales);
    }

    /// <summary>Float biases as int32 of scale input scale x weight scale of each channel, zero point 0.</summary>
    private int QuantizedBias(string name, float inputScale, float[] weightScales, float factor)
    {
        var b = FloatWeights(name, weightScales.Length, factor);
        var scales = new float[b.Length];
        var q = new int[b.Length];
        for (int c = 0; c < b.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            q[c] = (int)Math.Clamp(Math.Round(b[c] / (double)scales[c], MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue);
        }
        return _m.Tensor(name, TensorType.Int32, [b.Length], MemoryMarshal.AsBytes(q.AsSpan()).ToArray(), scale: scales,
                         zeroPoint: new long[b.Length]);
    }

    private static int OutSize(int size, int stride) => (size + stride - 1) / stride;

    /// <summary>A CONV_2D of the float model's weights times <paramref name="factor"/> (1 but for the logits).</summary>
    private Act Conv(Act x, int outC, int kernel, int stride, int activation, string? name = null, float factor = 1)
    {
        if (name is null) _layer++;
        name ??= $"layer{_layer}/conv";
        var (filter, scales) = QuantizedWeights($"{name}/weights", [outC, kernel, kernel, x.C], outC, kernel * kernel * x.C, 0, factor);
        int bias = QuantizedBias($"{name}/bias", x.Scale, scales, factor);
        var y = Activation(name, OutSize(x.H, stride), OutSize(x.W, stride), outC, factor);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, bias], [y.Tensor], 3, Conv2DTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, 1), Int(5, 1));
        return y;
    }

    private Act Depthwise(Act x, int kernel, int stride, bool hardSwish)
    {
        _layer++;
        int activation = hardSwish ? None : Relu;
        var (filter, scales) = QuantizedWeights($"layer{_layer}/depthwise_weights", [1, kernel, kernel, x.C], x.C, 1, 3, 1);
        int bias = QuantizedBias($"layer{_layer}/depthwise_bias", x.Scale, scales, 1);
        var y = Activation($"layer{_layer}/depthwise", OutSize(x.H, stride), OutSize(x.W, stride), x.C);
        _m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x.Tensor, filter, bias], [y.Tensor], 3, DepthwiseTag,
              Byte(0, Same), Int(1, stride), Int(2, stride), Int(3, 1), Byte(4, activation), Int(5, 1), Int(6, 1));
        return y;
    }

    private Act Activate(Act x, bool hardSwish) => hardSwish ? HardSwish(x) : x;

    private Act HardSwish(Act x)
    {
        var y = Activation($"layer{_layer}/hard_swish", x.H, x.W, x.C);
        _m.Op(BuiltinOperator.HARD_SWISH, [x.Tensor], [y.Tensor], 1, HardSwishTag);
        return y;
    }

    private Act Mean(Act x)
    {
        if (_meanAxes < 0) _meanAxes = _m.ConstInt("mean/axes", [2], 1, 2);
        var y = Activation($"layer{_layer}/mean", 1, 1, x.C);
        _m.Op(BuiltinOperator.MEAN, [x.Tensor, _meanAxes], [y.Tensor], 2, ReducerTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 1));
        return y;
    }

    /// <summary>
    /// x * relu6(expand(relu(reduce(mean(x)))) + 3) / 6 as in the float model; the 1/6 is an int8 constant over
    /// [0, 1/6] (scale 1/6 / 255, zero point -128, value 127), as the converter quantizes a constant operand.
    /// </summary>
    private Act SqueezeExcite(Act x)
    {
        var s = Conv(Mean(x), MobileNetV3SmallFloat.Depth(x.C * 0.25), 1, 1, Relu);
        s = Conv(s, x.C, 1, 1, Relu6);
        const float sixthScale = 1f / 6 / 255;
        if (_sixth < 0) _sixth = _m.Tensor("hard_sigmoid/one_sixth", TensorType.Int8, [], [127], scale: [sixthScale], zeroPoint: [-128]);
        var gate = Activation($"layer{_layer}/hard_sigmoid", 1, 1, x.C);
        _m.Op(BuiltinOperator.MUL, [s.Tensor, _sixth], [gate.Tensor], MulVersion(s.Scale, sixthScale, gate.Scale), MulTag, Byte(0, None));
        var y = Activation($"layer{_layer}/excite", x.H, x.W, x.C);
        _m.Op(BuiltinOperator.MUL, [x.Tensor, gate.Tensor], [y.Tensor], MulVersion(x.Scale, gate.Scale, y.Scale), MulTag, Byte(0, None));
        return y;
    }

    /// <summary>op_version's int8 MUL: 3 where input1 scale x input2 scale / output scale is at least 1, else 2.</summary>
    private static int MulVersion(float s1, float s2, float so) => s1 * s2 / so >= 1 ? 3 : 2;

    private Act Add(Act a, Act b)
    {
        _layer++;
        var y = Activation($"layer{_layer}/add", a.H, a.W, a.C);
        _m.Op(BuiltinOperator.ADD, [a.Tensor, b.Tensor], [y.Tensor], 2, AddTag, Byte(0, None));
        return y;
    }

}
