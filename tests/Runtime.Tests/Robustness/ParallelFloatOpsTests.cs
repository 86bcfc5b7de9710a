using System.Buffers.Binary;
using ManagedLite.Schema;
using ManagedLite.Robustness;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Float operators that split their output across the interpreter's threads (element-wise binary operators and activations, RESIZE_BILINEAR,
/// CONV_2D, TRANSPOSE_CONV, MediaPipe's Convolution2DTransposeBias, MAX_POOL_2D / AVERAGE_POOL_2D, PAD, PRELU, BATCH_MATMUL): one-node models run with 1, 2 and 3 threads give the same bits,
/// on sizes that split and sizes that stay on one thread, and a warm Invoke allocates nothing with any thread count.
/// </summary>
public class ParallelFloatOpsTests
{
    private const byte AddOptions = 11, MulOptions = 21, SubOptions = 28, DivOptions = 29, ResizeBilinearOptions = 15, TransposeConvOptions = 49, Conv2DOptions = 1, Pool2DOptions = 5, BatchMatMulOptions = 101;

    private static OptionField Act(ActivationFunctionType a) => new(0, OptionKind.Byte, (int)a);

    private static float[] RandomData(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 4 - 2);
        return a;
    }

    private static int Count(int[] shape) => shape.Aggregate(1, (p, d) => p * d);

    /// <summary>
    /// Runs <paramref name="model"/> on seeded inputs with 1, 2 and 3 threads (and the reference kernels when
    /// <paramref name="reference"/>): every output must have the one-thread bits; a second Invoke must allocate nothing.
    /// </summary>
    private static void AssertSameBitsForEveryThreadCount(byte[] model, string what, bool compareReference = false)
    {
        var m = Model.FromBytes(model);
        byte[][]? want = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var interp = new Interpreter(m, new InterpreterOptions { Threads = threads });
            var got = Run(interp);
            want ??= got;
            for (int j = 0; j < want.Length; j++)
                Assert.True(want[j].AsSpan().SequenceEqual(got[j]), $"{what}: output {j} with {threads} threads differs from one thread");
            // The least of a few tries: this thread's first blocking wait for a worker (on a loaded machine) may allocate
            // its wait state once; an Invoke that allocates allocates every time.
            long allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
            {
                interp.Invoke();
                long before = GC.GetAllocatedBytesForCurrentThread();
                interp.Invoke();
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.True(allocated == 0, $"{what}: a warm Invoke with {threads} threads allocated {allocated} bytes");
        }
        if (!compareReference) return;
        using var reference = new Interpreter(m, new InterpreterOptions { UseReferenceKernels = true });
        var r = Run(reference);
        for (int j = 0; j < want!.Length; j++)
            Assert.True(want[j].AsSpan().SequenceEqual(r[j]), $"{what}: output {j} differs from the reference kernels");
    }

    private static byte[][] Run(Interpreter interp)
    {
        interp.AllocateTensors();
        var rng = new Random(17);
        foreach (var input in interp.Inputs) RandomData(rng, (int)input.ElementCount).CopyTo(input.GetWritableData<float>());
        interp.Invoke();
        return interp.Outputs.Select(o => o.RawBytes.ToArray()).ToArray();
    }

    public static TheoryData<string, int[], int[]> BinaryCases()
    {
        var d = new TheoryData<string, int[], int[]>();
        foreach (var op in new[] { "ADD", "SUB", "MUL", "DIV", "MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE" })
        {
            d.Add(op, [1, 64, 64, 48], [1, 64, 64, 48]);   // equal shapes, splits for every thread count
            d.Add(op, [1, 8, 8, 3], [1, 8, 8, 3]);          // too small to split
        }
        d.Add("ADD", [1, 181, 181, 3], [1, 181, 181, 3]);     // not a multiple of 16 elements
        d.Add("ADD", [1, 32, 32, 24], [1, 32, 32, 24]);       // 24K elements: one task
        d.Add("ADD", [1, 64, 64, 48], [48]);                  // tiled row broadcast
        d.Add("MUL", [1, 64, 64, 48], [1, 64, 64, 1]);        // rows times one element each
        d.Add("MUL", [1], [1, 96, 96, 8]);                    // scalar
        d.Add("SUB", [1, 96, 96, 200], [200]);                // rows too long to tile
        d.Add("ADD", [2, 1, 96, 160], [1, 3, 96, 1]);         // general walk
        return d;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryOperatorsGiveTheSameBitsForEveryThreadCount(string op, int[] sa, int[] sb)
    {
        var m = new TinyModel();
        var so = Kernels.Elementwise.BroadcastPlan.TryGetOutputShape(sa, sb)!;
        int x = m.Input("x", TensorType.Float32, sa), y = m.Input("y", TensorType.Float32, sb), o = m.Input("out", TensorType.Float32, so);
        var code = Enum.Parse<BuiltinOperator>(op);
        byte options = code switch
        {
            BuiltinOperator.ADD => AddOptions, BuiltinOperator.SUB => SubOptions, BuiltinOperator.MUL => MulOptions, BuiltinOperator.DIV => DivOptions,
            _ => 0,
        };
        if (options != 0) m.Op(code, [x, y], [o], 1, options, Act(code == BuiltinOperator.MUL ? ActivationFunctionType.Relu6 : ActivationFunctionType.None));
        else m.Op(code, [x, y], [o]);
        AssertSameBitsForEveryThreadCount(m.Inputs(x, y).Outputs(o).Build(), $"{op} [{string.Join(",", sa)}] [{string.Join(",", sb)}]", compareReference: true);
    }

    public static TheoryData<string, int[]> ActivationCases()
    {
        var d = new TheoryData<string, int[]>();
        foreach (var op in new[] { "RELU", "RELU6", "RELU_N1_TO_1", "LOGISTIC", "TANH", "HARD_SWISH", "ELU" })
        {
            d.Add(op, [1, 128, 128, 16]);   // splits for every thread count
            d.Add(op, [1, 5, 5, 3]);        // too small to split
        }
        d.Add("HARD_SWISH", [1, 181, 181, 3]);   // not a multiple of 16 elements
        d.Add("LOGISTIC", [1, 182, 182, 1]);      // just above two tasks' minimum (2 x 16K elements)
        return d;
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationsGiveTheSameBitsForEveryThreadCount(string op, int[] shape)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, shape), o = m.Input("out", TensorType.Float32, shape);
        m.Op(Enum.Parse<BuiltinOperator>(op), [x], [o]);
        // LOGISTIC, TANH and ELU agree with the reference within ulps only; the others bit for bit.
        bool exact = op is not ("LOGISTIC" or "TANH" or "ELU");
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"{op} [{string.Join(",", shape)}]", compareReference: exact);
    }

    [Theory]
    [InlineData(1, 128, 128, 8, 256, 256, false, true)]    // pose_landmark's largest upsampling
    [InlineData(2, 17, 23, 5, 70, 45, true, false)]
    [InlineData(1, 4, 4, 3, 8, 8, false, false)]           // too small to split
    public void ResizeBilinearGivesTheSameBitsForEveryThreadCount(int n, int h, int w, int c, int oh, int ow, bool alignCorners, bool halfPixel)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, n, h, w, c);
        int size = m.ConstInt("size", [2], oh, ow);
        int o = m.Input("out", TensorType.Float32, n, oh, ow, c);
        m.Op(BuiltinOperator.RESIZE_BILINEAR, [x, size], [o], 1, ResizeBilinearOptions,
             new OptionField(2, OptionKind.Bool, alignCorners ? 1 : 0), new OptionField(3, OptionKind.Bool, halfPixel ? 1 : 0));
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"resize [{n},{h},{w},{c}] -> {oh}x{ow}", compareReference: true);
    }

    [Theory]
    [InlineData(1, 64, 64, 24, 32, 3, 1)]      // im2col tiles, more tasks than threads: each borrows a thread's scratch slice
    [InlineData(1, 16, 16, 160, 960, 1, 1)]    // pose_landmark_heavy's pointwise expansion: pixel tasks
    [InlineData(1, 8, 8, 272, 1632, 1, 1)]     // weights outweigh the pixels: channel-panel tasks
    [InlineData(2, 33, 31, 8, 19, 3, 2)]       // two batches, partial panels, stride 2
    [InlineData(1, 5, 5, 3, 4, 3, 1)]          // too small to split
    public void Conv2DGivesTheSameBitsForEveryThreadCount(int n, int h, int w, int ic, int oc, int k, int stride)
    {
        var rng = new Random(h * 1000 + ic + oc);
        int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, n, h, w, ic);
        int weights = m.ConstFloat("weights", [oc, k, k, ic], RandomData(rng, oc * k * k * ic));
        int bias = m.ConstFloat("bias", [oc], RandomData(rng, oc));
        int o = m.Input("out", TensorType.Float32, n, oh, ow, oc);
        m.Op(BuiltinOperator.CONV_2D, [x, weights, bias], [o], 1, Conv2DOptions,
             new OptionField(0, OptionKind.Byte, 0), new OptionField(1, OptionKind.Int, stride), new OptionField(2, OptionKind.Int, stride),
             new OptionField(3, OptionKind.Byte, (int)ActivationFunctionType.Relu6), new OptionField(4, OptionKind.Int, 1), new OptionField(5, OptionKind.Int, 1));
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"conv [{n},{h},{w},{ic}] -> {oc} k{k} s{stride}");
    }

    [Theory]
    [InlineData(1, 32, 32, 16, 3, 2, 8, true)]     // filter taller than the stride: neighbouring tasks share input rows
    [InlineData(2, 24, 20, 12, 2, 2, 6, false)]    // 2x2 stride 2, two batches
    [InlineData(1, 40, 40, 8, 4, 1, 4, true)]      // stride 1
    [InlineData(1, 4, 4, 3, 3, 2, 2, true)]        // too small to split
    public void TransposeConvGivesTheSameBitsForEveryThreadCount(int n, int h, int w, int ic, int k, int stride, int oc, bool same)
    {
        var rng = new Random(h * 100 + k);
        int oh = same ? h * stride : (h - 1) * stride + k, ow = same ? w * stride : (w - 1) * stride + k;
        var m = new TinyModel();
        int shape = m.ConstInt("output_shape", [4], n, oh, ow, oc);
        int weights = m.ConstFloat("weights", [oc, k, k, ic], RandomData(rng, oc * k * k * ic));
        int x = m.Input("x", TensorType.Float32, n, h, w, ic);
        int bias = m.ConstFloat("bias", [oc], RandomData(rng, oc));
        int o = m.Input("out", TensorType.Float32, n, oh, ow, oc);
        m.Op(BuiltinOperator.TRANSPOSE_CONV, [shape, weights, x, bias], [o], 3, TransposeConvOptions,
             new OptionField(0, OptionKind.Byte, same ? 0 : 1), new OptionField(1, OptionKind.Int, stride), new OptionField(2, OptionKind.Int, stride),
             new OptionField(3, OptionKind.Byte, (int)ActivationFunctionType.Relu));
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"transpose conv [{n},{h},{w},{ic}] k{k} s{stride}");
    }

    [Theory]
    [InlineData("MAX_POOL_2D", 1, 128, 128, 24, 2, 2, true)]     // face_detection's 2 x 2 / 2 skip path, large enough to split
    [InlineData("AVERAGE_POOL_2D", 2, 97, 95, 9, 3, 2, true)]    // windows clipped at the borders, two batches
    [InlineData("MAX_POOL_2D", 1, 40, 40, 20, 3, 1, false)]
    [InlineData("AVERAGE_POOL_2D", 1, 4, 4, 3, 2, 2, true)]      // too small to split
    public void PoolsGiveTheSameBitsForEveryThreadCount(string op, int n, int h, int w, int c, int k, int stride, bool same)
    {
        int oh = same ? (h + stride - 1) / stride : (h - k) / stride + 1, ow = same ? (w + stride - 1) / stride : (w - k) / stride + 1;
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, n, h, w, c), o = m.Input("out", TensorType.Float32, n, oh, ow, c);
        m.Op(Enum.Parse<BuiltinOperator>(op), [x], [o], 1, Pool2DOptions, new OptionField(0, OptionKind.Byte, same ? 0 : 1),
             new OptionField(1, OptionKind.Int, stride), new OptionField(2, OptionKind.Int, stride), new OptionField(3, OptionKind.Int, k),
             new OptionField(4, OptionKind.Int, k), new OptionField(5, OptionKind.Byte, (int)ActivationFunctionType.Relu6));
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"{op} [{n},{h},{w},{c}] k{k} s{stride}", compareReference: true);
    }

    [Theory]
    [InlineData(new[] { 1, 96, 96, 32 }, new[] { 1, 1, 32 })]   // palm_detection's per-channel alpha
    [InlineData(new[] { 2, 50, 70, 6 }, new[] { 50, 1, 6 })]
    [InlineData(new[] { 1, 8, 8, 3 }, new[] { 3 })]             // too small to split
    public void PreluGivesTheSameBitsForEveryThreadCount(int[] shape, int[] alphaShape)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, shape), o = m.Input("out", TensorType.Float32, shape);
        int alpha = m.ConstFloat("alpha", alphaShape, RandomData(new Random(3), alphaShape.Aggregate(1, (p, d) => p * d)));
        m.Op(BuiltinOperator.PRELU, [x, alpha], [o]);
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"PRELU [{string.Join(",", shape)}]", compareReference: true);
    }

    [Theory]
    [InlineData(new[] { 1, 64, 64, 24 }, new[] { 0, 0, 0, 0, 0, 0, 0, 24 })]   // face_detection's channel pad before a residual ADD
    [InlineData(new[] { 2, 30, 21, 5 }, new[] { 1, 0, 2, 3, 0, 1, 4, 0 })]     // every dimension padded
    [InlineData(new[] { 96, 700 }, new[] { 3, 1, 0, 0 })]                        // rows only: one merged dimension
    [InlineData(new[] { 1, 4, 4, 3 }, new[] { 0, 0, 1, 1, 1, 1, 0, 0 })]       // too small to split
    public void PadGivesTheSameBitsForEveryThreadCount(int[] shape, int[] pads)
    {
        var m = new TinyModel();
        var outShape = shape.Select((d, i) => d + pads[2 * i] + pads[2 * i + 1]).ToArray();
        int x = m.Input("x", TensorType.Float32, shape);
        int p = m.ConstInt("paddings", [shape.Length, 2], pads);
        int o = m.Input("out", TensorType.Float32, outShape);
        m.Op(BuiltinOperator.PAD, [x, p], [o]);
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"PAD [{string.Join(",", shape)}]", compareReference: true);
    }

    [Theory]
    [InlineData(96, 16, 1)]    // selfie_segmentation's last layer, smaller
    [InlineData(40, 24, 3)]
    [InlineData(8, 4, 1)]      // too small to split
    public void Convolution2DTransposeBiasGivesTheSameBitsForEveryThreadCount(int hw, int ic, int oc)
    {
        var rng = new Random(hw + ic);
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, hw, hw, ic);
        int weights = m.ConstFloat("weights", [oc, 2, 2, ic], RandomData(rng, oc * 4 * ic));
        int bias = m.ConstFloat("bias", [oc], RandomData(rng, oc));
        int o = m.Input("out", TensorType.Float32, 1, 2 * hw, 2 * hw, oc);
        var options = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(options, 1);           // SAME
        BinaryPrimitives.WriteInt32LittleEndian(options.AsSpan(4), 2); // stride_width
        BinaryPrimitives.WriteInt32LittleEndian(options.AsSpan(8), 2); // stride_height
        m.Custom("Convolution2DTransposeBias", [x, weights, bias], [o], options);
        AssertSameBitsForEveryThreadCount(m.Inputs(x).Outputs(o).Build(), $"Convolution2DTransposeBias [{hw},{hw},{ic}] -> {oc}");
    }

    [Theory]
    [InlineData(new[] { 1, 4, 128, 64 }, new[] { 1, 4, 128, 64 }, false, true, false)]    // BERT attention Q x K^T: splits
    [InlineData(new[] { 1, 4, 128, 128 }, new[] { 1, 4, 128, 64 }, false, false, false)]  // attention probabilities x V
    [InlineData(new[] { 2, 1, 130, 66 }, new[] { 3, 130, 31 }, true, false, false)]        // adj_x, broadcast batches, partial tiles
    [InlineData(new[] { 130, 201 }, new[] { 47, 130 }, true, true, false)]                 // one batch split by row blocks
    [InlineData(new[] { 3, 100, 96 }, new[] { 96, 80 }, false, false, true)]              // constant rhs shared by every batch
    [InlineData(new[] { 1, 2, 9, 8 }, new[] { 1, 2, 7, 9 }, true, true, false)]           // too small to split
    public void BatchMatMulGivesTheSameBitsForEveryThreadCount(int[] lhsShape, int[] rhsShape, bool adjX, bool adjY, bool constantRhs)
    {
        int lr = lhsShape.Length, rr = rhsShape.Length, batchRank = Math.Max(lr, rr) - 2;
        int rows = adjX ? lhsShape[lr - 1] : lhsShape[lr - 2], depth = adjX ? lhsShape[lr - 2] : lhsShape[lr - 1];
        int cols = adjY ? rhsShape[rr - 2] : rhsShape[rr - 1];
        var outShape = new int[batchRank + 2];
        for (int i = 0; i < batchRank; i++)
        {
            int li = i - (batchRank - (lr - 2)), ri = i - (batchRank - (rr - 2));
            outShape[i] = Math.Max(li >= 0 ? lhsShape[li] : 1, ri >= 0 ? rhsShape[ri] : 1);
        }
        outShape[batchRank] = rows;
        outShape[batchRank + 1] = cols;
        var m = new TinyModel();
        int x = m.Input("lhs", TensorType.Float32, lhsShape);
        int y = constantRhs ? m.ConstFloat("rhs", rhsShape, RandomData(new Random(9), Count(rhsShape))) : m.Input("rhs", TensorType.Float32, rhsShape);
        int o = m.Input("out", TensorType.Float32, outShape);
        m.Op(BuiltinOperator.BATCH_MATMUL, [x, y], [o], 1, BatchMatMulOptions,
             new OptionField(0, OptionKind.Bool, adjX ? 1 : 0), new OptionField(1, OptionKind.Bool, adjY ? 1 : 0));
        var model = (constantRhs ? m.Inputs(x) : m.Inputs(x, y)).Outputs(o).Build();
        string what = $"BATCH_MATMUL [{string.Join(",", lhsShape)}] x [{string.Join(",", rhsShape)}] adj_x {adjX} adj_y {adjY}";
        AssertSameBitsForEveryThreadCount(model, what);

        // The packed GEMM (fused multiply-adds) agrees with the reference kernel within rounding: inputs in [-2, 2].
        using var optimized = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Threads = 2 });
        using var reference = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = true });
        var got = Run(optimized)[0];
        var want = Run(reference)[0];
        var g = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(got);
        var w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(want);
        Assert.Equal(w.Length, g.Length);
        float tol = 1e-5f * (1 + 4 * depth);
        for (int i = 0; i < w.Length; i++)
            Assert.True(MathF.Abs(w[i] - g[i]) <= tol, $"{what}: element {i} expected {w[i]} got {g[i]}");
    }
}
