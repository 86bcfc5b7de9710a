using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Sequence;

/// <summary>
/// The normalization, 3-D convolution, sequence-model and MediaPipe pooling operators through the interpreter: Prepare
/// rejections naming what is wrong, run-time index errors, work estimates, and the semantics where ManagedLite does not
/// copy TFLite's kernels (checked as layout equivalences: the same sequence time-major and batch-major).
/// </summary>
public class NormalizationAndSequenceOpTests
{
    private static byte[] Floats(params float[] v) => MemoryMarshal.AsBytes(v.AsSpan()).ToArray();

    private static float[] RandomFloats(Random rng, int n, float scale = 1f) =>
        Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();

    [Fact]
    public void L2NormalizationRejectsAQuantizedOutputNotAtScaleOneOver128()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Int8, [2, 4], scale: [0.1f], zeroPoint: [0]);
        int y = m.Tensor("y", TensorType.Int8, [2, 4], scale: [0.1f], zeroPoint: [0]);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.L2_NORMALIZATION, [x], [y], 2).Inputs(x).Outputs(y).Build()));
        var e = Assert.Throws<OperatorException>(interp.AllocateTensors);
        Assert.Equal("L2_NORMALIZATION", e.OperatorName);
        Assert.Contains("1/128", e.Message);
    }

    private static OptionField[] Conv3DOptions(int stride = 1) =>
        [new(0, OptionKind.Byte, 0), new(1, OptionKind.Int, stride), new(2, OptionKind.Int, stride), new(3, OptionKind.Int, stride)];

    [Fact]
    public void Conv3DRejectsAFilterOfOtherInputChannelsAndEstimatesItsWork()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4, 4, 4, 3);
        int f = m.Tensor("f", TensorType.Float32, [2, 2, 2, 2, 5], new byte[2 * 2 * 2 * 2 * 5 * 4]);
        int y = m.Input("y", TensorType.Float32, 1);
        using (var bad = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.CONV_3D, [x, f], [y], 1, 106, Conv3DOptions()).Inputs(x).Outputs(y).Build())))
        {
            var e = Assert.Throws<OperatorException>(bad.AllocateTensors);
            Assert.Contains("channels", e.Message);
        }
        var ok = new TinyModel();
        x = ok.Input("x", TensorType.Float32, 1, 4, 4, 4, 3);
        f = ok.Tensor("f", TensorType.Float32, [2, 2, 2, 3, 5], new byte[2 * 2 * 2 * 3 * 5 * 4]);
        y = ok.Input("y", TensorType.Float32, 1);
        var bytes = ok.Op(BuiltinOperator.CONV_3D, [x, f], [y], 1, 106, Conv3DOptions()).Inputs(x).Outputs(y).Build();
        // SAME, stride 1: 4*4*4*5 outputs x 2*2*2*3 taps = 7680 multiply-adds (plus the elements touched and the node overhead).
        using var tight = new Interpreter(Model.FromBytes(bytes), new InterpreterOptions { MaxMacsPerInvoke = 7680 + Ops.OpWork.NodeOverhead });
        Assert.Throws<ResourceLimitException>(tight.AllocateTensors);
        using var roomy = new Interpreter(Model.FromBytes(bytes), new InterpreterOptions { MaxMacsPerInvoke = 7680 + 2000 + Ops.OpWork.NodeOverhead });
        roomy.AllocateTensors();
        Assert.Equal([1, 4, 4, 4, 5], roomy.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void Conv3DTransposeChecksARunTimeOutputShape()
    {
        var m = new TinyModel();
        int s = m.Input("shape", TensorType.Int32, 5);
        int f = m.Tensor("f", TensorType.Float32, [2, 2, 2, 4, 3], new byte[2 * 2 * 2 * 4 * 3 * 4]);
        int x = m.Input("x", TensorType.Float32, 1, 2, 2, 2, 3);
        int y = m.Input("y", TensorType.Float32, 1);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.CONV_3D_TRANSPOSE, [s, f, x], [y], 1, 106, Conv3DOptions(2)).Inputs(s, x).Outputs(y).Build()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([1, 4, 4, 4, 4]);
        interp.Invoke();
        Assert.Equal([1, 4, 4, 4, 4], interp.Outputs[0].Shape.ToArray());
        interp.Inputs[0].CopyFrom<int>([1, 9, 4, 4, 4]);   // a CONV_3D of depth 9, stride 2, gives 5, not the input's 2
        Assert.Contains("does not match", Assert.Throws<OperatorException>(interp.Invoke).Message);
        interp.Inputs[0].CopyFrom<int>([1, -4, 4, 4, 4]);
        Assert.Contains("negative", Assert.Throws<OperatorException>(interp.Invoke).Message);
        interp.Inputs[0].CopyFrom<int>([1, 3, 4, 3, 4]);    // SAME: ceil(3 / 2) = 2, valid
        interp.Invoke();
        Assert.Equal([1, 3, 4, 3, 4], interp.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void RnnNeedsItsHiddenStateToBeAVariable()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 2);
        int w = m.Tensor("w", TensorType.Float32, [3, 2], new byte[24]);
        int r = m.Tensor("r", TensorType.Float32, [3, 3], new byte[36]);
        int b = m.Tensor("b", TensorType.Float32, [3], new byte[12]);
        int h = m.Input("h", TensorType.Float32, 1, 3);
        int y = m.Input("y", TensorType.Float32, 1);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.RNN, [x, w, r, b, h], [y], 1, 7, new OptionField(0, OptionKind.Byte, 4)).Inputs(x, h).Outputs(y).Build()));
        Assert.Contains("variable", Assert.Throws<OperatorException>(interp.AllocateTensors).Message);
    }

    /// <summary>A float BIDIRECTIONAL_SEQUENCE_RNN (optionally hybrid) over [T, B, I] or [B, T, I] with fixed weights.</summary>
    private static byte[] BidiRnn(bool timeMajor, bool hybrid, bool backwardReadsAux, int t, int batch, int input, int units, int seed)
    {
        var rng = new Random(seed);
        var m = new TinyModel();
        int[] xs = timeMajor ? [t, batch, input] : [batch, t, input];
        int x = m.Input("x", TensorType.Float32, xs);
        int W(string name, int rows, int cols)
        {
            var v = RandomFloats(rng, rows * cols, 0.5f);
            if (!hybrid) return m.Tensor(name, TensorType.Float32, [rows, cols], Floats(v));
            var q = v.Select(f => (byte)(sbyte)Math.Round(f * 254)).ToArray();
            return m.Tensor(name, TensorType.Int8, [rows, cols], q, scale: [1f / 254f], zeroPoint: [0]);
        }
        int fw = W("fw_w", units, input), fr = W("fw_r", units, units);
        int fb = m.Tensor("fw_b", TensorType.Float32, [units], Floats(RandomFloats(rng, units)));
        int fh = m.Tensor("fw_h", TensorType.Float32, [batch, units], isVariable: true);
        int bw = W("bw_w", units, input), br = W("bw_r", units, units);
        int bb = m.Tensor("bw_b", TensorType.Float32, [units], Floats(RandomFloats(rng, units)));
        int bh = m.Tensor("bw_h", TensorType.Float32, [batch, units], isVariable: true);
        int a = backwardReadsAux ? m.Input("aux", TensorType.Float32, xs) : -1;
        int yf = m.Input("yf", TensorType.Float32, 1), yb = m.Input("yb", TensorType.Float32, 1);
        m.Op(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN, [x, fw, fr, fb, fh, bw, br, bb, bh, a, -1, -1], [yf, yb], hybrid ? 2 : 1, 70,
             new OptionField(0, OptionKind.Bool, timeMajor ? 1 : 0), new OptionField(1, OptionKind.Byte, 4))
         .Inputs(backwardReadsAux ? [x, a] : [x]).Outputs(yf, yb);
        return m.Build();
    }

    private static float[] Transpose01(float[] v, int d0, int d1, int d2)
    {
        var r = new float[v.Length];
        for (int i = 0; i < d0; i++)
        for (int j = 0; j < d1; j++)
            Array.Copy(v, (i * d1 + j) * d2, r, (j * d0 + i) * d2, d2);
        return r;
    }

    private static float[][] RunBidi(byte[] model, params float[][] inputs)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        interp.AllocateTensors();
        for (int i = 0; i < inputs.Length; i++) interp.Inputs[i].CopyFrom<float>(inputs[i]);
        interp.Invoke();
        return [interp.Outputs[0].ToArray<float>(), interp.Outputs[1].ToArray<float>()];
    }

    [Theory]
    [InlineData(false, true)]   // TFLite's batch-major loop would feed the backward cell the input instead of aux
    [InlineData(true, false)]   // TFLite's hybrid time-major loop would run the sequence max_time times
    [InlineData(false, false)]
    public void BidirectionalRnnGivesTheSameSequenceTimeMajorAndBatchMajor(bool hybrid, bool backwardReadsAux)
    {
        const int t = 4, batch = 2, input = 3, units = 5;
        var rng = new Random(5);
        var xTm = RandomFloats(rng, t * batch * input, 2f);
        var aTm = RandomFloats(rng, t * batch * input, 2f);
        var tm = RunBidi(BidiRnn(true, hybrid, backwardReadsAux, t, batch, input, units, 9), backwardReadsAux ? [xTm, aTm] : [xTm]);
        var xBm = Transpose01(xTm, t, batch, input);
        var aBm = Transpose01(aTm, t, batch, input);
        var bm = RunBidi(BidiRnn(false, hybrid, backwardReadsAux, t, batch, input, units, 9), backwardReadsAux ? [xBm, aBm] : [xBm]);
        for (int o = 0; o < 2; o++)
        {
            var want = Transpose01(tm[o], t, batch, units);
            for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], bm[o][i], 5);
        }
        if (backwardReadsAux)
        {
            // The backward cell really reads aux: with aux = x the backward output changes.
            var same = RunBidi(BidiRnn(false, hybrid, true, t, batch, input, units, 9), [xBm, xBm]);
            Assert.NotEqual(bm[1], same[1]);
        }
    }

    [Fact]
    public void BidirectionalLstmRejectsPartialAuxiliaryWeights()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 2, 1, 2);
        var ins = Enumerable.Repeat(-1, 48).ToArray();
        ins[0] = x;
        int W(string n, int r, int c) => m.Tensor(n, TensorType.Float32, [r, c], new byte[r * c * 4]);
        int B(string n) => m.Tensor(n, TensorType.Float32, [3], new byte[12]);
        foreach (int off in new[] { 0, 17 })
        {
            for (int g = 1; g <= 4; g++) ins[off + g] = W($"i{off}{g}", 3, 2);
            for (int g = 5; g <= 8; g++) ins[off + g] = W($"r{off}{g}", 3, 3);
            for (int g = 12; g <= 15; g++) ins[off + g] = B($"b{off}{g}");
        }
        ins[35] = m.Tensor("fh", TensorType.Float32, [1, 3], isVariable: true);
        ins[36] = m.Tensor("fc", TensorType.Float32, [1, 3], isVariable: true);
        ins[37] = m.Tensor("bh", TensorType.Float32, [1, 3], isVariable: true);
        ins[38] = m.Tensor("bc", TensorType.Float32, [1, 3], isVariable: true);
        ins[39] = m.Input("aux", TensorType.Float32, 2, 1, 2);
        ins[41] = W("fw_aux_forget", 3, 2);   // one of six
        int yf = m.Input("yf", TensorType.Float32, 1), yb = m.Input("yb", TensorType.Float32, 1);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM, ins, [yf, yb], 1, 69).Inputs(x, ins[39]).Outputs(yf, yb).Build()));
        Assert.Contains("auxiliary", Assert.Throws<OperatorException>(interp.AllocateTensors).Message);
    }

    private static byte[] PoolOptions(int padding, int stride, int filter, int activation = 0, int length = 40)
    {
        var b = new byte[length];
        int[] v = [padding, stride, stride, filter, filter, activation];
        for (int i = 0; i < v.Length && 4 * i + 4 <= length; i++) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    [Fact]
    public void MediaPipeArgmaxPoolingRoundTripsAndRejectsBadIndicesAtRunTime()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4, 4, 2);
        int v = m.Input("values", TensorType.Float32, 1, 2, 2, 2);
        int idx = m.Input("indices", TensorType.Float32, 1, 2, 2, 2);
        int y = m.Input("y", TensorType.Float32, 1);
        m.Custom("MaxPoolingWithArgmax2D", [x], [v, idx], PoolOptions(1, 2, 2))
         .Custom("MaxUnpooling2D", [v, idx], [y], PoolOptions(1, 2, 2))
         .Inputs(x).Outputs(v, idx, y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        var input = RandomFloats(new Random(2), 32);
        interp.Inputs[0].CopyFrom<float>(input);
        interp.Invoke();
        var back = interp.Outputs[2].ToArray<float>();
        Assert.Equal([1, 4, 4, 2], interp.Outputs[2].Shape.ToArray());
        // 2x2 stride-2 windows tile the input: unpooling keeps exactly each window's maximum.
        for (int i = 0; i < 32; i++)
        {
            int c = i % 2, px = i / 2 % 4, py = i / 8;
            float max = float.MinValue;
            for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
                max = Math.Max(max, input[(((py / 2 * 2 + dy) * 4) + px / 2 * 2 + dx) * 2 + c]);
            Assert.Equal(input[i] == max ? input[i] : 0f, back[i]);
        }

        var u = new TinyModel();
        v = u.Input("values", TensorType.Float32, 1, 2, 2, 1);
        idx = u.Input("indices", TensorType.Float32, 1, 2, 2, 1);
        y = u.Input("y", TensorType.Float32, 1);
        using var unpool = new Interpreter(Model.FromBytes(u.Custom("MaxUnpooling2D", [v, idx], [y], PoolOptions(1, 2, 2)).Inputs(v, idx).Outputs(y).Build()));
        unpool.AllocateTensors();
        unpool.Inputs[0].CopyFrom<float>([1f, 2f, 3f, 4f]);
        unpool.Inputs[1].CopyFrom<float>([0.1f, 3.1f, 7.1f, 1.1f]);
        var e = Assert.Throws<OperatorException>(unpool.Invoke);
        Assert.Contains("window", e.Message);
        unpool.Inputs[1].CopyFrom<float>([0.1f, 3.1f, 2.1f, 1.1f]);
        unpool.Invoke();
        Assert.Equal([1f, 0f, 0f, 0f, 0f, 0f, 0f, 2f, 0f, 0f, 0f, 4f, 3f, 0f, 0f, 0f], unpool.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void MediaPipePoolingRejectsShortOptionsAndUnknownPadding()
    {
        foreach (var (options, what) in new[] { (PoolOptions(1, 2, 2, length: 12), "24 bytes"), (PoolOptions(0, 2, 2), "padding"), (PoolOptions(1, 0, 2), "positive") })
        {
            var m = new TinyModel();
            int x = m.Input("x", TensorType.Float32, 1, 4, 4, 1);
            int v = m.Input("v", TensorType.Float32, 1), i = m.Input("i", TensorType.Float32, 1);
            using var interp = new Interpreter(Model.FromBytes(m.Custom("MaxPoolingWithArgmax2D", [x], [v, i], options).Inputs(x).Outputs(v, i).Build()));
            Assert.Contains(what, Assert.Throws<OperatorException>(interp.AllocateTensors).Message);
        }
    }

    [Fact]
    public void IntegerLstmWithTwelveIntermediatesIsReportedAsUnsupported()
    {
        var m = new TinyModel();
        int Q(string n, TensorType t, int[] shape, float scale, byte[]? data = null, bool variable = false) =>
            m.Tensor(n, t, shape, data, scale: [scale], zeroPoint: [0], isVariable: variable);
        int x = Q("x", TensorType.Int8, [1, 2], 1f / 128);
        var ins = Enumerable.Repeat(-1, 24).ToArray();
        ins[0] = x;
        for (int g = 1; g <= 4; g++) ins[g] = Q($"i{g}", TensorType.Int8, [2, 2], 0.01f, new byte[4]);
        for (int g = 5; g <= 8; g++) ins[g] = Q($"r{g}", TensorType.Int8, [2, 2], 0.01f, new byte[4]);
        for (int g = 12; g <= 15; g++) ins[g] = Q($"b{g}", TensorType.Int32, [2], 1e-4f, new byte[8]);
        ins[18] = Q("h", TensorType.Int8, [1, 2], 1f / 128, variable: true);
        ins[19] = Q("c", TensorType.Int16, [1, 2], 1f / 2048, variable: true);
        int y = Q("y", TensorType.Int8, [1, 2], 1f / 128);
        var inter = Enumerable.Range(0, 12).Select(i => Q($"inter{i}", TensorType.Int16, [], 1f / 4096)).ToArray();
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.LSTM, ins, [y], 4, 14, new OptionField(0, OptionKind.Byte, 4))
                                                           .WithIntermediates(inter).Inputs(x).Outputs(y).Build()));
        Assert.Contains("8x8_8", Assert.Throws<OperatorException>(interp.AllocateTensors).Message);
    }
}
