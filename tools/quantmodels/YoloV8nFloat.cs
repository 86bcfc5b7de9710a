using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;

using static ManagedLite.QuantModels.BuilderCommon;

namespace ManagedLite.QuantModels;

/// <summary>
/// The YOLOv8n detector (width 0.25, depth 0.33, 80 classes) in float32, laid out as Ultralytics'
/// <c>yolov8n_float32.tflite</c> export (PyTorch to ONNX, onnx2tf, TF Lite converter) is, from seeded random weights:
/// input [1, 320, 320, 3]. Every Conv block is a CONV_2D with its batch norm folded into the bias, then SiLU as the
/// converter leaves ONNX's <c>x * sigmoid(x)</c>, unfused: LOGISTIC and a MUL of the convolution by it. The 3x3/2
/// convolutions pad symmetrically as PyTorch does (one row and column on every side), which SAME does not, so
/// onnx2tf writes them as PAD and a VALID CONV_2D; all other convolutions use SAME. The backbone: a Conv of 16 (3x3/2),
/// a Conv of 32 (3x3/2), C2f of 32 (1 bottleneck), Conv 64 (3x3/2), C2f 64 (2), Conv 128 (3x3/2), C2f 128 (2),
/// Conv 256 (3x3/2), C2f 256 (1) and SPPF (a 1x1 Conv of 128; three MAX_POOL_2D 5x5, stride 1, SAME, one after the
/// other; CONCATENATION of the four on channels; a 1x1 Conv of 256). A C2f of width c is a 1x1 Conv of c, a SPLIT of
/// it into two halves on channels (constant axis 3, num_splits 2), n bottlenecks on the second half (two 3x3
/// Convs of c / 2, then a residual ADD in the backbone; the neck's C2f have shortcut=False and no ADD, as in
/// Ultralytics' yolov8.yaml), CONCATENATION of both halves and every bottleneck output, and a 1x1 Conv of c.
/// The neck (PAN): RESIZE_NEAREST_NEIGHBOR x2 of the SPPF output (align_corners and half_pixel_centers off, ONNX's
/// asymmetric nearest-floor mode: version 1), CONCATENATION with the stride-16 backbone features and C2f 128;
/// again x2, with the stride-8 features, C2f 64 (P3 out, 40x40); a Conv 64 (3x3/2), CONCATENATION with the first
/// neck C2f, C2f 128 (P4 out, 20x20); a Conv 128 (3x3/2), CONCATENATION with the SPPF output, C2f 256 (P5 out, 10x10).
/// The detect head on each of the three: a box branch (two 3x3 Convs of 64, a 1x1 CONV_2D of 64 = 4 sides x 16 DFL
/// bins) and a class branch (two 3x3 Convs of 80, a 1x1 CONV_2D of 80 logits), CONCATENATION of the two to 144
/// channels, and as onnx2tf keeps PyTorch's channel-first <c>view(1, 144, -1)</c>, a TRANSPOSE to [1, 144, H, W] and
/// a RESHAPE to [1, 144, H W]; CONCATENATION over the scales to [1, 144, N] (N = 2100 anchors at 320), two
/// STRIDED_SLICEs for the box part [1, 64, N] and the class part [1, 80, N]. The DFL: RESHAPE to [1, 4, 16, N],
/// TRANSPOSE to [1, 4, N, 16], SOFTMAX over the 16 bins and a 1x1 CONV_2D with the constant filter [0, 1, ..., 15]
/// (the expected bin), RESHAPE to the [1, 4, N] side distances. The box decode of the TF Lite export (coordinates
/// normalized by the image size): a MUL by the constant per-anchor stride / 320, SPLIT into left-top and
/// right-bottom (axis 1), SUB and ADD with the constant anchor centres, their ADD and a MUL by 0.5 (the centre), their
/// SUB (the size), CONCATENATION to [1, 4, N] (cx, cy, w, h); the class logits through LOGISTIC; output the
/// CONCATENATION of boxes and scores, [1, 84, N]. Operator versions are those TFLite's op_version gives float32
/// operators (all 1).
/// The weights are drawn with He's variance (2 / fan-in) and the batch norms folded as training would have left them:
/// as each convolution is added, the graph built so far runs in ManagedLite (fusion off) on
/// <see cref="CalibrationInputs"/> seeded inputs uniform in [-1, 1], and its weights and bias are rescaled per output
/// channel so that its output has, over those inputs, standard deviation 1 and a mean drawn from N(0, 0.5²) (a batch
/// norm's gamma and beta); the convolutions before it are folded already, so every layer meets its targets exactly
/// there. The head's final 1x1 convolutions are rescaled the same way, to box logits of standard deviation 1.5 and
/// class logits of standard deviation 1.5 with means drawn from N(-2, 1). The statistics of the 20x20 and 10x10 maps
/// vary from image to image, so on other random inputs the neck's and head's spread differs from the calibration's by
/// up to about 2x (box and class logits of standard deviation 2.4 to 2.9 on two such inputs): the DFL softmax is
/// neither one-hot nor flat (the side distances cover 0..15, mean 7.5) and the class scores spread over (0, 1) (mean
/// 0.22, standard deviation 0.27).
/// </summary>
internal sealed class YoloV8nFloat(int seed, int inputSize = 320, int classes = 80)
{
    private const byte Conv2DTag = 1, Pool2DTag = 5, SoftmaxTag = 9, ConcatenationTag = 10, AddTag = 11,
                       ReshapeTag = 17, MulTag = 21, PadTag = 22, TransposeTag = 26, SubTag = 28, StridedSliceTag = 32,
                       SplitTag = 35, ResizeNearestNeighborTag = 74;
    private const int Same = 0, Valid = 1, None = 0;
    /// <summary>DFL bins per box side (Ultralytics' reg_max).</summary>
    private const int RegMax = 16;
    /// <summary>Seeded inputs the batch statistics are measured on.</summary>
    public const int CalibrationInputs = 2;
    private const double HeGain = 2, BetaStd = 0.5;
    private const double BoxLogitStd = 1.5, ClassLogitMean = -2, ClassLogitMeanStd = 1, ClassLogitStd = 1.5;

    private readonly TinyModel _m = new();
    private readonly Random _rng = new(seed);
    private float[][]? _calibration;
    private int _input = -1, _layer;
    private int _channelAxis = -1, _padding = -1;

    private readonly record struct Act(int Tensor, int H, int W, int C);

    /// <summary>
    /// A convolution whose batch norm the calibration folds: its output channels, its weight and bias bytes (the
    /// model's constants, rescaled in place) and the mean and standard deviation each output channel is given.
    /// </summary>
    private sealed record Folded(int Channels, byte[] Weights, byte[] Bias, double[] Mean, double Std);

    public byte[] Build()
    {
        _input = _m.Tensor("input", TensorType.Float32, [1, inputSize, inputSize, 3]);
        var x = new Act(_input, inputSize, inputSize, 3);
        x = Conv(x, 16, 3, 2);
        x = Conv(x, 32, 3, 2);
        x = C2f(x, 32, 1, shortcut: true);
        x = Conv(x, 64, 3, 2);
        var p3 = x = C2f(x, 64, 2, shortcut: true);
        x = Conv(x, 128, 3, 2);
        var p4 = x = C2f(x, 128, 2, shortcut: true);
        x = Conv(x, 256, 3, 2);
        x = C2f(x, 256, 1, shortcut: true);
        var p5 = Sppf(x);

        var h12 = C2f(Concat([Upsample(p5), p4]), 128, 1, shortcut: false);
        var h15 = C2f(Concat([Upsample(h12), p3]), 64, 1, shortcut: false);
        var h18 = C2f(Concat([Conv(h15, 64, 3, 2), h12]), 128, 1, shortcut: false);
        var h21 = C2f(Concat([Conv(h18, 128, 3, 2), p5]), 256, 1, shortcut: false);
        int output = Detect([h15, h18, h21]);
        return _m.Inputs(_input).Outputs(output).Build();
    }

    private int Constant(string name, int[] shape, float[] values)
        => _m.Tensor(name, TensorType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private Act Tensor(string name, int h, int w, int c) => new(_m.Tensor(name, TensorType.Float32, [1, h, w, c]), h, w, c);

    /// <summary>Ultralytics' Conv: CONV_2D (batch norm folded), then SiLU as LOGISTIC and MUL.</summary>
    private Act Conv(Act x, int outC, int kernel, int stride)
    {
        var y = Conv2D(x, outC, kernel, stride, Enumerable.Range(0, outC).Select(_ => _rng.NextGaussian() * BetaStd).ToArray(), 1);
        var sigmoid = Tensor($"layer{_layer}/sigmoid", y.H, y.W, y.C);
        _m.Op(BuiltinOperator.LOGISTIC, [y.Tensor], [sigmoid.Tensor]);
        var silu = Tensor($"layer{_layer}/silu", y.H, y.W, y.C);
        _m.Op(BuiltinOperator.MUL, [y.Tensor, sigmoid.Tensor], [silu.Tensor], 1, MulTag, Byte(0, None));
        return silu;
    }

    /// <summary>
    /// A CONV_2D with He-variance weights and a zero bias, both rescaled by the calibration to outputs of mean
    /// <paramref name="mean"/> (per channel) and standard deviation <paramref name="std"/>; a 3x3/2 one pads first.
    /// </summary>
    private Act Conv2D(Act x, int outC, int kernel, int stride, double[] mean, double std)
    {
        _layer++;
        string name = $"layer{_layer}/conv";
        int padding = Same;
        if (stride == 2)
        {
            if (_padding < 0) _padding = _m.ConstInt("pad/paddings", [4, 2], 0, 0, 1, 1, 1, 1, 0, 0);
            var padded = Tensor($"layer{_layer}/pad", x.H + 2, x.W + 2, x.C);
            _m.Op(BuiltinOperator.PAD, [x.Tensor, _padding], [padded.Tensor], 1, PadTag);
            x = padded;
            padding = Valid;
        }
        int taps = kernel * kernel * x.C;
        var w = new float[outC * taps];
        double wStd = Math.Sqrt(HeGain / taps);
        for (int i = 0; i < w.Length; i++) w[i] = (float)(_rng.NextGaussian() * wStd);
        byte[] weights = MemoryMarshal.AsBytes(w.AsSpan()).ToArray(), bias = new byte[outC * sizeof(float)];
        int filter = _m.Tensor($"{name}/weights", TensorType.Float32, [outC, kernel, kernel, x.C], weights);
        int b = _m.Tensor($"{name}/bias", TensorType.Float32, [outC], bias);
        int oh = padding == Valid ? (x.H - kernel) / stride + 1 : x.H, ow = padding == Valid ? (x.W - kernel) / stride + 1 : x.W;
        var y = Tensor(name, oh, ow, outC);
        _m.Op(BuiltinOperator.CONV_2D, [x.Tensor, filter, b], [y.Tensor], 1, Conv2DTag,
              Byte(0, padding), Int(1, stride), Int(2, stride), Byte(3, None), Int(4, 1), Int(5, 1));
        Fold(new Folded(outC, weights, bias, mean, std), y.Tensor);
        return y;
    }

    /// <summary>C2f: 1x1 Conv, SPLIT in halves, n bottlenecks on the second (residual where shortcut), CONCATENATION, 1x1 Conv.</summary>
    private Act C2f(Act x, int outC, int n, bool shortcut)
    {
        int c = outC / 2;
        var y = Conv(x, 2 * c, 1, 1);
        if (_channelAxis < 0) _channelAxis = _m.ConstInt("split/axis", [], 3);
        var first = Tensor($"layer{_layer}/split0", y.H, y.W, c);
        var last = Tensor($"layer{_layer}/split1", y.H, y.W, c);
        _m.Op(BuiltinOperator.SPLIT, [_channelAxis, y.Tensor], [first.Tensor, last.Tensor], 1, SplitTag, Int(0, 2));
        var pieces = new List<Act> { first, last };
        for (int i = 0; i < n; i++)
        {
            var t = Conv(Conv(last, c, 3, 1), c, 3, 1);
            if (shortcut)
            {
                var sum = Tensor($"layer{_layer}/add", t.H, t.W, t.C);
                _m.Op(BuiltinOperator.ADD, [last.Tensor, t.Tensor], [sum.Tensor], 1, AddTag, Byte(0, None));
                t = sum;
            }
            pieces.Add(t);
            last = t;
        }
        return Conv(Concat(pieces), outC, 1, 1);
    }

    /// <summary>SPPF: 1x1 Conv to half the width, three 5x5/1 MAX_POOL_2Ds in sequence, CONCATENATION of the four, 1x1 Conv.</summary>
    private Act Sppf(Act x)
    {
        var y = Conv(x, x.C / 2, 1, 1);
        var pieces = new List<Act> { y };
        for (int i = 0; i < 3; i++)
        {
            var p = Tensor($"layer{_layer}/max_pool{i}", y.H, y.W, y.C);
            _m.Op(BuiltinOperator.MAX_POOL_2D, [pieces[^1].Tensor], [p.Tensor], 1, Pool2DTag,
                  Byte(0, Same), Int(1, 1), Int(2, 1), Int(3, 5), Int(4, 5), Byte(5, None));
            pieces.Add(p);
        }
        return Conv(Concat(pieces), x.C, 1, 1);
    }

    /// <summary>nn.Upsample(scale_factor=2, mode="nearest"): RESIZE_NEAREST_NEIGHBOR, both options off (version 1).</summary>
    private Act Upsample(Act x)
    {
        _layer++;
        int size = _m.ConstInt($"layer{_layer}/resize/size", [2], 2 * x.H, 2 * x.W);
        var y = Tensor($"layer{_layer}/resize", 2 * x.H, 2 * x.W, x.C);
        _m.Op(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, [x.Tensor, size], [y.Tensor], 1, ResizeNearestNeighborTag,
              new TinyModel.OptionField(0, TinyModel.OptionKind.Bool, 0), new TinyModel.OptionField(1, TinyModel.OptionKind.Bool, 0));
        return y;
    }

    /// <summary>CONCATENATION of NHWC activations on channels (axis 3).</summary>
    private Act Concat(List<Act> pieces)
    {
        _layer++;
        var y = Tensor($"layer{_layer}/concat", pieces[0].H, pieces[0].W, pieces.Sum(p => p.C));
        _m.Op(BuiltinOperator.CONCATENATION, [.. pieces.Select(p => p.Tensor)], [y.Tensor], 1, ConcatenationTag,
              Int(0, 3), Byte(1, None));
        return y;
    }

    private int Op(BuiltinOperator op, string name, int[] shape, int[] inputs, byte tag = 0, params TinyModel.OptionField[] options)
    {
        int y = _m.Tensor(name, TensorType.Float32, shape);
        _m.Op(op, inputs, [y], 1, tag, options);
        return y;
    }

    private int Reshape(string name, int x, int[] shape)
        => Op(BuiltinOperator.RESHAPE, name, shape, [x, _m.ConstInt($"{name}/shape", [shape.Length], shape)], ReshapeTag,
              TinyModel.OptionField.Vector(0, shape));

    private int Transpose(string name, int x, int[] shape, int[] perm)
        => Op(BuiltinOperator.TRANSPOSE, name, shape, [x, _m.ConstInt($"{name}/perm", [perm.Length], perm)], TransposeTag);

    private int StridedSlice(string name, int x, int[] begin, int[] end)
        => Op(BuiltinOperator.STRIDED_SLICE, name, [.. end.Zip(begin, (e, b) => e - b)],
              [x, _m.ConstInt($"{name}/begin", [begin.Length], begin), _m.ConstInt($"{name}/end", [end.Length], end),
               _m.ConstInt($"{name}/strides", [begin.Length], [.. begin.Select(_ => 1)])], StridedSliceTag,
              Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 0));

    /// <summary>The detect head at the three scales, the DFL and the box decode: the [1, 4 + classes, N] output.</summary>
    private int Detect(Act[] levels)
    {
        int no = 4 * RegMax + classes, anchors = levels.Sum(l => l.H * l.W);
        var flat = new List<int>();
        foreach (var level in levels)
        {
            var box = Conv(Conv(level, 4 * RegMax, 3, 1), 4 * RegMax, 3, 1);
            box = Conv2D(box, 4 * RegMax, 1, 1, new double[4 * RegMax], BoxLogitStd);
            var cls = Conv(Conv(level, classes, 3, 1), classes, 3, 1);
            var logitMeans = Enumerable.Range(0, classes).Select(_ => ClassLogitMean + _rng.NextGaussian() * ClassLogitMeanStd).ToArray();
            cls = Conv2D(cls, classes, 1, 1, logitMeans, ClassLogitStd);
            var both = Concat([box, cls]);
            int t = Transpose($"layer{_layer}/transpose", both.Tensor, [1, no, level.H, level.W], [0, 3, 1, 2]);
            flat.Add(Reshape($"layer{_layer}/flat", t, [1, no, level.H * level.W]));
        }
        int all = Op(BuiltinOperator.CONCATENATION, "head/concat", [1, no, anchors], [.. flat], ConcatenationTag, Int(0, 2), Byte(1, None));
        int boxes = StridedSlice("head/box", all, [0, 0, 0], [1, 4 * RegMax, anchors]);
        int logits = StridedSlice("head/cls", all, [0, 4 * RegMax, 0], [1, no, anchors]);

        // DFL: the expected bin of a softmax over 16, by a 1x1 convolution with the weights 0..15.
        int bins = Reshape("dfl/bins", boxes, [1, 4, RegMax, anchors]);
        int binsLast = Transpose("dfl/transpose", bins, [1, 4, anchors, RegMax], [0, 1, 3, 2]);
        int probs = Op(BuiltinOperator.SOFTMAX, "dfl/softmax", [1, 4, anchors, RegMax], [binsLast], SoftmaxTag,
                       new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        int project = Constant("dfl/conv/weights", [1, 1, 1, RegMax], [.. Enumerable.Range(0, RegMax).Select(i => (float)i)]);
        int zero = Constant("dfl/conv/bias", [1], [0f]);
        int expected = Op(BuiltinOperator.CONV_2D, "dfl/conv", [1, 4, anchors, 1], [probs, project, zero], Conv2DTag,
                          Byte(0, Valid), Int(1, 1), Int(2, 1), Byte(3, None), Int(4, 1), Int(5, 1));
        int distances = Reshape("dfl/distances", expected, [1, 4, anchors]);

        // dist2bbox in coordinates normalized by the image size: distances and anchor centres times stride / size.
        var norm = new float[anchors];
        var centres = new float[2 * anchors];
        int a = 0;
        foreach (var level in levels)
        {
            float stride = (float)inputSize / level.H, scale = stride / inputSize;
            for (int y = 0; y < level.H; y++)
                for (int x = 0; x < level.W; x++, a++)
                {
                    norm[a] = scale;
                    centres[a] = (x + 0.5f) * scale;
                    centres[anchors + a] = (y + 0.5f) * scale;
                }
        }
        int scaled = Op(BuiltinOperator.MUL, "decode/scaled", [1, 4, anchors], [distances, Constant("decode/norm", [1, 1, anchors], norm)],
                        MulTag, Byte(0, None));
        int anchorPoints = Constant("decode/anchors", [1, 2, anchors], centres);
        int lt = _m.Tensor("decode/lt", TensorType.Float32, [1, 2, anchors]), rb = _m.Tensor("decode/rb", TensorType.Float32, [1, 2, anchors]);
        _m.Op(BuiltinOperator.SPLIT, [_m.ConstInt("decode/split/axis", [], 1), scaled], [lt, rb], 1, SplitTag, Int(0, 2));
        int x1y1 = Op(BuiltinOperator.SUB, "decode/x1y1", [1, 2, anchors], [anchorPoints, lt], SubTag, Byte(0, None));
        int x2y2 = Op(BuiltinOperator.ADD, "decode/x2y2", [1, 2, anchors], [anchorPoints, rb], AddTag, Byte(0, None));
        int sum = Op(BuiltinOperator.ADD, "decode/sum", [1, 2, anchors], [x1y1, x2y2], AddTag, Byte(0, None));
        int centre = Op(BuiltinOperator.MUL, "decode/centre", [1, 2, anchors], [sum, _m.ConstFloat("decode/half", [], 0.5f)],
                        MulTag, Byte(0, None));
        int size = Op(BuiltinOperator.SUB, "decode/size", [1, 2, anchors], [x2y2, x1y1], SubTag, Byte(0, None));
        int xywh = Op(BuiltinOperator.CONCATENATION, "decode/xywh", [1, 4, anchors], [centre, size], ConcatenationTag, Int(0, 1), Byte(1, None));
        int scores = Op(BuiltinOperator.LOGISTIC, "head/scores", [1, classes, anchors], [logits]);
        return Op(BuiltinOperator.CONCATENATION, "output", [1, 4 + classes, anchors], [xywh, scores], ConcatenationTag, Int(0, 1), Byte(1, None));
    }

    /// <summary>
    /// Folds the batch norm of the convolution just added: runs the graph built so far on the seeded inputs and
    /// rescales the output channels of <paramref name="f"/>, weights and bias together, from their measured mean and
    /// standard deviation to the targets. The convolutions before it are folded already, so the statistics are exact.
    /// </summary>
    private void Fold(Folded f, int output)
    {
        if (_calibration is null)
        {
            var rng = new Random(seed + 1);
            _calibration = new float[CalibrationInputs][];
            for (int n = 0; n < CalibrationInputs; n++)
            {
                _calibration[n] = new float[inputSize * inputSize * 3];
                for (int i = 0; i < _calibration[n].Length; i++) _calibration[n][i] = (float)(rng.NextDouble() * 2 - 1);
            }
        }
        var sums = new double[f.Channels];
        var squares = new double[f.Channels];
        long count = 0;
        _m.Inputs(_input).Outputs(output);
        using (var interpreter = new Interpreter(Model.FromBytes(_m.Build()), new InterpreterOptions { EnableFusion = false }))
        {
            interpreter.AllocateTensors();
            foreach (var data in _calibration)
            {
                data.CopyTo(interpreter.Inputs[0].GetWritableData<float>());
                interpreter.Invoke();
                var values = interpreter.Outputs[0].GetData<float>();
                for (int i = 0; i < values.Length; i++)
                {
                    sums[i % f.Channels] += values[i];
                    squares[i % f.Channels] += (double)values[i] * values[i];
                }
                count += values.Length / f.Channels;
            }
        }
        var w = MemoryMarshal.Cast<byte, float>(f.Weights.AsSpan());
        var b = MemoryMarshal.Cast<byte, float>(f.Bias.AsSpan());
        int taps = w.Length / f.Channels;
        for (int o = 0; o < f.Channels; o++)
        {
            double mean = sums[o] / count;
            double factor = f.Std / Math.Sqrt(Math.Max(squares[o] / count - mean * mean, 1e-12));
            foreach (ref float v in w.Slice(o * taps, taps)) v = (float)(v * factor);
            b[o] = (float)((b[o] - mean) * factor + f.Mean[o]);
        }
    }

}
