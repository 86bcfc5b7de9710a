using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

public abstract partial class GpuOpTests
{
    [SkippableTheory]
    [InlineData(BuiltinOperator.AVERAGE_POOL_2D, 3, 2, Same, NoActivation)]
    [InlineData(BuiltinOperator.AVERAGE_POOL_2D, 2, 2, Valid, Relu)]
    [InlineData(BuiltinOperator.MAX_POOL_2D, 3, 2, Same, NoActivation)]
    [InlineData(BuiltinOperator.MAX_POOL_2D, 2, 1, Valid, Relu6)]
    public void Pool2D(BuiltinOperator op, int filter, int stride, int padding, int activation)
    {
        var m = new OpModel(filter * 10 + stride);
        int x = m.Input([2, 9, 8, 5], 4f);
        int y = m.Value("y");
        Check(m.Op(op, [x], [y], Tag.Pool2D, Byte(0, padding), Int(1, stride), Int(2, stride), Int(3, filter), Int(4, filter + 1), Byte(5, activation))
               .Output(y));
    }

    [SkippableTheory]
    [InlineData(BuiltinOperator.MEAN, new[] { 1, 2 }, true)]
    [InlineData(BuiltinOperator.MEAN, new[] { 1, 2 }, false)]
    [InlineData(BuiltinOperator.MEAN, new[] { -1 }, false)]
    [InlineData(BuiltinOperator.MEAN, new[] { 0, 2 }, true)]
    [InlineData(BuiltinOperator.MEAN, new[] { 0, 1, 2, 3 }, false)]
    [InlineData(BuiltinOperator.SUM, new[] { 1, 3 }, false)]
    [InlineData(BuiltinOperator.REDUCE_MAX, new[] { 2 }, true)]
    public void Reduce(BuiltinOperator op, int[] axes, bool keepDims)
    {
        var m = new OpModel(axes.Length);
        int x = m.Input([2, 7, 6, 5], 3f);
        int a = m.Ints(axes);
        int y = m.Value("y");
        Check(m.Op(op, [x, a], [y], Tag.Reducer, Bool(0, keepDims)).Output(y));
    }

    [SkippableTheory]
    [InlineData(new[] { 1, 5, 6, 3 }, new[] { 0, 0, 1, 2, 2, 1, 0, 3 }, false)]
    [InlineData(new[] { 4, 7 }, new[] { 2, 0, 1, 3 }, true)]
    [InlineData(new[] { 9 }, new[] { 3, 4 }, true)]
    public void Pad(int[] shape, int[] pads, bool v2)
    {
        var m = new OpModel(pads.Sum());
        int x = m.Input(shape);
        int p = m.Ints([shape.Length, 2], pads);
        int y = m.Value("y");
        if (v2) m.Op(BuiltinOperator.PADV2, [x, p, m.Const([1], [-2.5f])], [y]);
        else m.Op(BuiltinOperator.PAD, [x, p], [y]);
        Check(m.Output(y));
    }

    [SkippableTheory]
    [InlineData(BuiltinOperator.RESIZE_BILINEAR, false, false, 12, 10)]
    [InlineData(BuiltinOperator.RESIZE_BILINEAR, true, false, 12, 10)]
    [InlineData(BuiltinOperator.RESIZE_BILINEAR, false, true, 12, 10)]
    [InlineData(BuiltinOperator.RESIZE_BILINEAR, false, true, 3, 2)]
    [InlineData(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, false, false, 12, 10)]
    [InlineData(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, true, false, 11, 9)]
    [InlineData(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, false, true, 12, 10)]
    [InlineData(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, true, true, 3, 2)]
    public void Resize(BuiltinOperator op, bool alignCorners, bool halfPixel, int outH, int outW)
    {
        var m = new OpModel(outH * outW);
        int x = m.Input([2, 5, 4, 3]);
        int size = m.Ints(outH, outW);
        int y = m.Value("y");
        if (op == BuiltinOperator.RESIZE_BILINEAR) m.Op(op, [x, size], [y], Tag.ResizeBilinear, Bool(2, alignCorners), Bool(3, halfPixel));
        else m.Op(op, [x, size], [y], Tag.ResizeNearestNeighbor, Bool(0, alignCorners), Bool(1, halfPixel));
        Check(m.Output(y));
    }

    [SkippableTheory]
    [InlineData(3, NoActivation)]
    [InlineData(1, Relu)]
    [InlineData(-1, NoActivation)]
    [InlineData(0, Relu6)]
    public void Concatenation(int axis, int activation)
    {
        var m = new OpModel(axis + 5);
        int[] baseShape = [2, 3, 4, 5];
        int rank = baseShape.Length, a = axis < 0 ? axis + rank : axis;
        var ins = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            var s = (int[])baseShape.Clone();
            s[a] = i + 1;
            ins.Add(i == 1 ? m.Const(s, 4f) : m.Input(s, 4f));
        }
        int y = m.Value("y");
        Check(m.Op(BuiltinOperator.CONCATENATION, ins.ToArray(), [y], Tag.Concatenation, Int(0, axis), Byte(1, activation)).Output(y));
    }

    [SkippableFact]
    public void ReshapeSqueezeExpandDimsShareMemory()
    {
        // ADD -> RESHAPE -> SQUEEZE -> EXPAND_DIMS -> MUL, the reshape-likes aliasing inside the partition, one of them also an output.
        var m = new OpModel(1);
        int x = m.Input([1, 4, 6, 1]);
        int t = m.Value("t"), r = m.Value("r"), s = m.Value("s"), e = m.Value("e"), z = m.Value("z");
        m.Op(BuiltinOperator.ADD, [x, m.Const([1], [1f])], [t], Tag.Add, Byte(0, 0));
        m.Op(BuiltinOperator.RESHAPE, [t, m.Ints(1, 24, -1)], [r], Tag.Reshape, Ints(0, 1, 24, 1));
        m.Op(BuiltinOperator.SQUEEZE, [r], [s], Tag.Squeeze, Ints(0, 0, 2));
        m.Op(BuiltinOperator.EXPAND_DIMS, [s, m.Ints(0)], [e], Tag.ExpandDims);
        m.Op(BuiltinOperator.MUL, [e, m.Const([24], 2f)], [z], Tag.Mul, Byte(0, 0));
        m.Output(z).Output(s);
        Check(m);
    }

    [SkippableTheory]
    [InlineData(new[] { 3, 10 }, 1f)]
    [InlineData(new[] { 2, 3, 33 }, 0.5f)]
    [InlineData(new[] { 300 }, 2f)]
    public void Softmax(int[] shape, float beta)
    {
        var m = new OpModel(shape.Length);
        int x = m.Input(shape, 5f);
        int y = m.Value("y");
        Check(m.Op(BuiltinOperator.SOFTMAX, [x], [y], Tag.Softmax, Float(0, beta)).Output(y), tolerance: 1e-6);
    }

    [SkippableTheory]
    [InlineData(new[] { 0, 1, 0, 0 }, new[] { 2, 6, 5, 4 }, new[] { 1, 2, 1, 1 }, 0, 0, 0)]
    [InlineData(new[] { 1, -1, 4, 3 }, new[] { 2, 0, 0, 0 }, new[] { 1, -1, -2, -1 }, 0, 0, 0)]
    [InlineData(new[] { 0, 2, 0, 1 }, new[] { 0, 3, 0, 3 }, new[] { 1, 1, 1, 1 }, 0b0101, 0b0101, 0b0010)]
    [InlineData(new[] { 1, 0 }, new[] { 2, 3 }, new[] { 1, 2 }, 0, 0b10, 0b01)]
    public void StridedSlice(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int shrinkMask)
    {
        var m = new OpModel(begin.Sum());
        int x = m.Input([2, 6, 5, 4]);
        int y = m.Value("y");
        Check(m.Op(BuiltinOperator.STRIDED_SLICE, [x, m.Ints(begin), m.Ints(end), m.Ints(strides)], [y], Tag.StridedSlice,
                   Int(0, beginMask), Int(1, endMask), Int(2, 0), Int(3, 0), Int(4, shrinkMask)).Output(y));
    }

    [SkippableTheory]
    [InlineData(BuiltinOperator.TRANSPOSE, 0)]
    [InlineData(BuiltinOperator.DEPTH_TO_SPACE, 2)]
    [InlineData(BuiltinOperator.SPACE_TO_DEPTH, 2)]
    [InlineData(BuiltinOperator.DEPTH_TO_SPACE, 3)]
    public void Permute(BuiltinOperator op, int block)
    {
        var m = new OpModel(block);
        int y = m.Value("y");
        switch (op)
        {
            case BuiltinOperator.TRANSPOSE:
                m.Op(op, [m.Input([2, 3, 4, 5]), m.Ints(2, 0, 3, 1)], [y], Tag.Transpose);
                break;
            case BuiltinOperator.DEPTH_TO_SPACE:
                m.Op(op, [m.Input([2, 3, 4, block * block * 3])], [y], Tag.DepthToSpace, Int(0, block));
                break;
            default:
                m.Op(op, [m.Input([2, 4 * block, 2 * block, 3])], [y], Tag.SpaceToDepth, Int(0, block));
                break;
        }
        Check(m.Output(y));
    }

    [SkippableFact]
    public void DequantizedConstantWeightsWithoutFolding()
    {
        // fp16 filter and int8 per-channel bias-free filter, DEQUANTIZE nodes kept (fold-constants off): computed on the host at build time.
        var m = new OpModel(9);
        var rng = m.Rng;
        var halves = Enumerable.Range(0, 8 * 3 * 3 * 4).Select(_ => (Half)(float)(rng.NextDouble() - 0.5)).ToArray();
        int f16 = m.Tensor("f16", TensorType.Float16, [8, 3, 3, 4], System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
        var q = Enumerable.Range(0, 6 * 8).Select(_ => (byte)(sbyte)rng.Next(-127, 128)).ToArray();
        int i8 = m.Tensor("i8", TensorType.Int8, [6, 1, 1, 8], q, scale: [0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f], zeroPoint: new long[6], quantizedDimension: 0);
        int x = m.Input([1, 7, 7, 4]);
        int w1 = m.Value("w1", [8, 3, 3, 4]), w2 = m.Value("w2", [6, 1, 1, 8]), h = m.Value("h", [1, 7, 7, 8]), y = m.Value("y");
        m.Op(BuiltinOperator.DEQUANTIZE, [f16], [w1]);
        m.Op(BuiltinOperator.DEQUANTIZE, [i8], [w2]);
        m.Op(BuiltinOperator.CONV_2D, [x, w1], [h], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, Relu));
        m.Op(BuiltinOperator.CONV_2D, [h, w2], [y], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, 0));
        m.Output(y);
        var model = m.Build();
        var want = Harness.RunReference(model, m.Inputs);
        var options = new InterpreterOptions { DisabledPasses = new HashSet<string> { "fold-constants" } };
        var got = Harness.RunGpu(model, m.Inputs, Gpu, options: options);
        Assert.True(Harness.RelativeError(got[0], want[0]) <= 2e-5);
    }
}
