using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// RESHAPE, SQUEEZE and EXPAND_DIMS: the output shares the input's device memory (no copy, no kernel); only the shape
/// changes, with the CPU ops' rules (one -1 inferred, squeeze of size-1 dimensions, axis in [-rank-1, rank]).
/// </summary>
internal sealed class ReshapeGpuOp : GpuOp
{
    private int[]? _newShape;
    private int[] _squeeze = [];
    private int _axis;

    public ReshapeGpuOp(DelegateNode node) : base(node) { }

    public override bool IsDataInput(int index) => index == 0;

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 1, 2), GpuChecks.Outputs(node)) is { } r) return r;
        string? param = node.Operator switch
        {
            BuiltinOperator.EXPAND_DIMS => GpuChecks.ConstantInts(node.Inputs.ElementAtOrDefault(1), "axis"),
            BuiltinOperator.RESHAPE when node.Inputs.ElementAtOrDefault(1) is { Rank: 1, DataType: TensorType.Int32 } shape && !shape.IsConstant =>
                $"shape '{shape.Name}' is not a constant (the output shape would depend on data)",
            _ => null,
        };
        return GpuChecks.First(param, GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Outputs[0], "output"));
    }

    public override void Build(PartitionBuilder b)
    {
        Out[0].AliasOf = Input(0);
        switch (Node.Operator)
        {
            case BuiltinOperator.RESHAPE:
                if (Node.Inputs.ElementAtOrDefault(1) is { Rank: 1, DataType: TensorType.Int32 } shape) _newShape = GpuChecks.ReadInts(shape);
                else
                {
                    var s = Node.GetOptions<ReshapeOptions>().NewShape ?? [];
                    _newShape = s.Length == 1 && s[0] == 0 ? [] : (int[])s.Clone();
                }
                break;
            case BuiltinOperator.SQUEEZE:
                _squeeze = Node.GetOptions<SqueezeOptions>().SqueezeDims ?? [];
                break;
            default:
                var axis = GpuChecks.ReadInts(Node.Inputs[1]!);
                if (axis.Length != 1) throw Fail("axis must hold exactly one value");
                _axis = axis[0];
                break;
        }
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        Out[0].Shape = Node.Operator switch
        {
            BuiltinOperator.RESHAPE => Reshape(s),
            BuiltinOperator.SQUEEZE => Squeeze(s),
            _ => ExpandDims(s),
        };
    }

    private int[] Reshape(int[] input)
    {
        var shape = (int[])_newShape!.Clone();
        long count = Count(input), known = 1;
        int stretch = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (stretch != -1) throw Fail($"new shape {Format(shape)} has more than one -1 dimension");
                stretch = i;
            }
            else if (shape[i] < 0) throw Fail($"new shape {Format(shape)} has a negative dimension");
            else known *= shape[i];
        }
        if (stretch != -1)
        {
            if (known == 0)
            {
                if (count != 0) throw Fail($"cannot infer the -1 of {Format(shape)} for input {Format(input)}");
                shape[stretch] = 0;
            }
            else
            {
                shape[stretch] = (int)(count / known);
                known *= shape[stretch];
            }
        }
        if (known != count) throw Fail($"cannot reshape {Format(input)} ({count} elements) to {Format(_newShape!)}");
        return shape;
    }

    private int[] Squeeze(int[] input)
    {
        var squeeze = new bool[input.Length];
        if (_squeeze.Length == 0)
            for (int d = 0; d < input.Length; d++) squeeze[d] = input[d] == 1;
        foreach (int dim in _squeeze)
        {
            int d = dim < 0 ? dim + input.Length : dim;
            if (d < 0 || d >= input.Length) throw Fail($"squeeze dimension {dim} is out of range for {Format(input)}");
            if (input[d] != 1) throw Fail($"cannot squeeze dimension {dim} of {Format(input)}: its size is not 1");
            squeeze[d] = true;
        }
        return input.Where((_, d) => !squeeze[d]).ToArray();
    }

    private int[] ExpandDims(int[] input)
    {
        int rank = input.Length;
        int a = _axis < 0 ? _axis + rank + 1 : _axis;
        if (a < 0 || a > rank) throw Fail($"axis {_axis} is out of range for rank {rank}");
        var shape = new int[rank + 1];
        for (int d = 0, s = 0; d <= rank; d++) shape[d] = d == a ? 1 : input[s++];
        return shape;
    }

    public override void Prepare(PartitionMemory m) { }

    public override void Enqueue(AcceleratorStream stream) { }
}
