using ManagedLite.Schema;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>One small model per supported operator (and per kernel variant: pointwise and im2col convolutions, weights computed at run time).</summary>
internal static class EveryOperator
{
    public static IEnumerable<(byte[] Model, float[][] Inputs)> Models()
    {
        foreach (var m in Build()) yield return (m.Build(), m.Inputs);
    }

    private static OpModel One(BuiltinOperator op, Func<OpModel, int[]> inputs, byte tag = 0, params ManagedLite.Robustness.TinyModel.OptionField[] options)
    {
        var m = new OpModel((int)op);
        int y = m.Value("y");
        m.Op(op, inputs(m), [y], tag, options);
        return m.Output(y);
    }

    private static IEnumerable<OpModel> Build()
    {
        int[] nhwc = [1, 6, 5, 4];
        foreach (var (kh, stride, constant) in new[] { (1, 1, true), (3, 2, true), (3, 1, false) })
            yield return One(BuiltinOperator.CONV_2D, m => [m.Input(nhwc), constant ? m.Const([3, kh, kh, 4]) : m.Input([3, kh, kh, 4]), m.Const([3])],
                             Tag.Conv2D, Byte(0, Same), Int(1, stride), Int(2, stride), Byte(3, Relu));
        foreach (bool constant in new[] { true, false })
        {
            yield return One(BuiltinOperator.DEPTHWISE_CONV_2D, m => [m.Input(nhwc), constant ? m.Const([1, 3, 3, 4]) : m.Input([1, 3, 3, 4]), m.Const([4])],
                             Tag.DepthwiseConv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Int(3, 1), Byte(4, 0));
            yield return One(BuiltinOperator.FULLY_CONNECTED, m => [m.Input([2, 8]), constant ? m.Const([5, 8]) : m.Input([5, 8]), m.Const([5])],
                             Tag.FullyConnected, Byte(0, 0));
        }
        yield return One(BuiltinOperator.TRANSPOSE_CONV, m => [m.Ints(1, 8, 8, 3), m.Const([3, 3, 3, 4]), m.Input([1, 4, 4, 4]), m.Const([3])],
                         Tag.TransposeConv, Byte(0, Same), Int(1, 2), Int(2, 2));
        {
            var m = new OpModel(7);
            int y = m.Value("y");
            var options = new byte[12];
            BitConverter.TryWriteBytes(options.AsSpan(0), 1);
            BitConverter.TryWriteBytes(options.AsSpan(4), 2);
            BitConverter.TryWriteBytes(options.AsSpan(8), 2);
            yield return m.Custom("Convolution2DTransposeBias", [m.Input(nhwc), m.Const([2, 2, 2, 4]), m.Const([2])], [y], options).Output(y);
        }
        foreach (var (op, tag) in new[] { (BuiltinOperator.ADD, Tag.Add), (BuiltinOperator.SUB, Tag.Sub), (BuiltinOperator.MUL, Tag.Mul), (BuiltinOperator.DIV, Tag.Div) })
            yield return One(op, m => [m.Input(nhwc), m.Const([4], Enumerable.Repeat(1.5f, 4).ToArray())], tag, Byte(0, Relu));
        foreach (var op in new[] { BuiltinOperator.MAXIMUM, BuiltinOperator.MINIMUM, BuiltinOperator.SQUARED_DIFFERENCE, BuiltinOperator.PRELU })
            yield return One(op, m => [m.Input(nhwc), m.Const([4])]);
        yield return One(BuiltinOperator.LEAKY_RELU, m => [m.Input(nhwc)], Tag.LeakyRelu, Float(0, 0.1f));
        foreach (var op in new[] { BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH,
                                   BuiltinOperator.HARD_SWISH, BuiltinOperator.ELU, BuiltinOperator.EXP, BuiltinOperator.ABS, BuiltinOperator.NEG,
                                   BuiltinOperator.SQUARE })
            yield return One(op, m => [m.Input(nhwc)]);
        foreach (var op in new[] { BuiltinOperator.SQRT, BuiltinOperator.RSQRT })
            yield return One(op, m => { int x = m.Input(nhwc); m.Feeds[0] = m.Feeds[0].Select(v => 1 + v * v).ToArray(); return [x]; });
        foreach (var op in new[] { BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D })
            yield return One(op, m => [m.Input(nhwc)], Tag.Pool2D, Byte(0, Same), Int(1, 2), Int(2, 2), Int(3, 2), Int(4, 2), Byte(5, 0));
        foreach (var op in new[] { BuiltinOperator.MEAN, BuiltinOperator.SUM, BuiltinOperator.REDUCE_MAX })
            yield return One(op, m => [m.Input(nhwc), m.Ints(1, 2)], Tag.Reducer, Bool(0, true));
        yield return One(BuiltinOperator.PAD, m => [m.Input(nhwc), m.Ints([4, 2], [0, 0, 1, 1, 2, 0, 0, 0])]);
        yield return One(BuiltinOperator.PADV2, m => [m.Input(nhwc), m.Ints([4, 2], [0, 0, 1, 1, 2, 0, 0, 0]), m.Const([1], [3f])]);
        yield return One(BuiltinOperator.RESIZE_BILINEAR, m => [m.Input(nhwc), m.Ints(9, 7)], Tag.ResizeBilinear, Bool(3, true));
        yield return One(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, m => [m.Input(nhwc), m.Ints(9, 7)], Tag.ResizeNearestNeighbor);
        yield return One(BuiltinOperator.CONCATENATION, m => [m.Input(nhwc), m.Input(nhwc)], Tag.Concatenation, Int(0, 3), Byte(1, 0));
        yield return One(BuiltinOperator.SOFTMAX, m => [m.Input(nhwc)], Tag.Softmax, Float(0, 1f));
        yield return One(BuiltinOperator.STRIDED_SLICE, m => [m.Input(nhwc), m.Ints(0, 1, 0, 0), m.Ints(1, 5, 5, 4), m.Ints(1, 2, 2, 1)],
                         Tag.StridedSlice, Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 0));
        yield return One(BuiltinOperator.TRANSPOSE, m => [m.Input(nhwc), m.Ints(0, 3, 1, 2)], Tag.Transpose);
        yield return One(BuiltinOperator.DEPTH_TO_SPACE, m => [m.Input(nhwc)], Tag.DepthToSpace, Int(0, 2));
        yield return One(BuiltinOperator.SPACE_TO_DEPTH, m => [m.Input([1, 6, 4, 4])], Tag.SpaceToDepth, Int(0, 2));
    }
}
