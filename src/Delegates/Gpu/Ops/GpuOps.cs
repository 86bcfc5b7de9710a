using ILGPU;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>The operators the GPU delegate runs: one support check and one factory per operator (an explicit table, no reflection).</summary>
internal static class GpuOps
{
    private sealed record Entry(Func<DelegateNode, string?> Check, Func<DelegateNode, GpuOp> Create);

    private static readonly Dictionary<BuiltinOperator, Entry> Builtins = CreateTable();

    /// <summary>Custom operators by name.</summary>
    private static readonly Dictionary<string, Entry> Customs = new(StringComparer.Ordinal)
    {
        ["Convolution2DTransposeBias"] = new(TransposeConvGpuOp.Check, n => new TransposeConvGpuOp(n)),
    };

    private static Dictionary<BuiltinOperator, Entry> CreateTable()
    {
        var t = new Dictionary<BuiltinOperator, Entry>
        {
            [BuiltinOperator.CONV_2D] = new(Conv2DGpuOp.Check, n => new Conv2DGpuOp(n)),
            [BuiltinOperator.DEPTHWISE_CONV_2D] = new(DepthwiseConv2DGpuOp.Check, n => new DepthwiseConv2DGpuOp(n)),
            [BuiltinOperator.FULLY_CONNECTED] = new(FullyConnectedGpuOp.Check, n => new FullyConnectedGpuOp(n)),
            [BuiltinOperator.TRANSPOSE_CONV] = new(TransposeConvGpuOp.Check, n => new TransposeConvGpuOp(n)),
            [BuiltinOperator.AVERAGE_POOL_2D] = new(Pool2DGpuOp.Check, n => new Pool2DGpuOp(n)),
            [BuiltinOperator.MAX_POOL_2D] = new(Pool2DGpuOp.Check, n => new Pool2DGpuOp(n)),
            [BuiltinOperator.MEAN] = new(ReduceGpuOp.Check, n => new ReduceGpuOp(n)),
            [BuiltinOperator.SUM] = new(ReduceGpuOp.Check, n => new ReduceGpuOp(n)),
            [BuiltinOperator.REDUCE_MAX] = new(ReduceGpuOp.Check, n => new ReduceGpuOp(n)),
            [BuiltinOperator.PAD] = new(PadGpuOp.Check, n => new PadGpuOp(n)),
            [BuiltinOperator.PADV2] = new(PadGpuOp.Check, n => new PadGpuOp(n)),
            [BuiltinOperator.RESIZE_BILINEAR] = new(ResizeGpuOp.Check, n => new ResizeGpuOp(n)),
            [BuiltinOperator.RESIZE_NEAREST_NEIGHBOR] = new(ResizeGpuOp.Check, n => new ResizeGpuOp(n)),
            [BuiltinOperator.CONCATENATION] = new(ConcatenationGpuOp.Check, n => new ConcatenationGpuOp(n)),
            [BuiltinOperator.RESHAPE] = new(ReshapeGpuOp.Check, n => new ReshapeGpuOp(n)),
            [BuiltinOperator.SQUEEZE] = new(ReshapeGpuOp.Check, n => new ReshapeGpuOp(n)),
            [BuiltinOperator.EXPAND_DIMS] = new(ReshapeGpuOp.Check, n => new ReshapeGpuOp(n)),
            [BuiltinOperator.SOFTMAX] = new(SoftmaxGpuOp.Check, n => new SoftmaxGpuOp(n)),
            [BuiltinOperator.STRIDED_SLICE] = new(StridedSliceGpuOp.Check, n => new StridedSliceGpuOp(n)),
            [BuiltinOperator.DEQUANTIZE] = new(DequantizeGpuOp.Check, n => new DequantizeGpuOp(n)),
            [BuiltinOperator.TRANSPOSE] = new(PermuteGpuOp.Check, n => new PermuteGpuOp(n)),
            [BuiltinOperator.DEPTH_TO_SPACE] = new(PermuteGpuOp.Check, n => new PermuteGpuOp(n)),
            [BuiltinOperator.SPACE_TO_DEPTH] = new(PermuteGpuOp.Check, n => new PermuteGpuOp(n)),
        };
        foreach (var op in new[] { BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL, BuiltinOperator.DIV, BuiltinOperator.MAXIMUM,
                                   BuiltinOperator.MINIMUM, BuiltinOperator.SQUARED_DIFFERENCE, BuiltinOperator.PRELU, BuiltinOperator.LEAKY_RELU })
            t[op] = new(BinaryGpuOp.Check, n => new BinaryGpuOp(n));
        foreach (var op in UnaryGpuOp.Operators)
            t[op] = new(UnaryGpuOp.Check, n => new UnaryGpuOp(n));
        return t;
    }

    /// <summary>Builtin operators the delegate can run (for documentation and tests).</summary>
    public static IReadOnlyCollection<BuiltinOperator> SupportedBuiltins => Builtins.Keys;
    public static IReadOnlyCollection<string> SupportedCustoms => Customs.Keys;

    private static Entry? Find(DelegateNode node) =>
        node.CustomName is { } custom
            ? Customs.GetValueOrDefault(custom)
            : Builtins.GetValueOrDefault(node.Operator);

    public static bool IsSupported(DelegateNode node, out string? reason)
    {
        var entry = Find(node);
        if (entry is null)
        {
            reason = node.CustomName is { } c
                ? $"custom operator {c} is not supported by the GPU delegate"
                : $"{node.Operator} is not supported by the GPU delegate";
            return false;
        }
        reason = entry.Check(node);
        if (reason is not null) reason = $"{node.OperatorName}: {reason}";
        return reason is null;
    }

    public static GpuOp Create(DelegateNode node) =>
        (Find(node) ?? throw new GpuDelegateException($"{node} is not supported by the GPU delegate")).Create(node);
}
