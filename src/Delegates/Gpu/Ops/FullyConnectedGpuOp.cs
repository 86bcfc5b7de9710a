using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// FULLY_CONNECTED (float32, default weights format): input viewed as [batches, depth], weights [units, depth],
/// optional bias [units]; one GEMM. keep_num_dims keeps the input's leading dimensions.
/// </summary>
internal sealed class FullyConnectedGpuOp : GpuOp
{
    private FullyConnectedOptions _o = null!;
    private GemmLaunch<MatrixInput> _gemm = null!;
    private ArrayViewHolder _bias;
    private float _min, _max;
    private int _units, _depth, _batches;

    public FullyConnectedGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node)
    {
        if (GpuChecks.First(GpuChecks.Inputs(node, 2, 3), GpuChecks.Outputs(node)) is { } r) return r;
        var o = node.GetOptions<FullyConnectedOptions>();
        return GpuChecks.First(
            GpuChecks.Float(node.Inputs[0], "input"), GpuChecks.Float(node.Inputs[1], "weights"),
            GpuChecks.Float(node.Inputs.ElementAtOrDefault(2), "bias"), GpuChecks.Float(node.Outputs[0], "output"),
            GpuChecks.Rank(node.Inputs[1]!, 2, "weights"),
            o.WeightsFormat != 0 ? $"weights_format {o.WeightsFormat} is not supported (only DEFAULT)" : null,
            GpuChecks.Activation(o.FusedActivation, node));
    }

    public override void Build(PartitionBuilder b)
    {
        _o = Node.GetOptions<FullyConnectedOptions>();
        var weights = Input(1);
        _units = weights.Shape[0];
        _depth = weights.Shape[1];
        var packed = weights.IsConstant ? b.Upload(GemmLaunch<MatrixInput>.PackKN(weights.Root.ConstantData!, _units, _depth)) : null;
        _gemm = new GemmLaunch<MatrixInput>(b.Device, packed);
        _bias = ArrayViewHolder.ForBias(b, In.Length > 2 ? In[2] : null);
        (_min, _max) = ActivationRange.Of(_o.FusedActivation, Node);
    }

    public override void InferShapes()
    {
        var input = Input(0).Shape;
        var w = Input(1).Shape;
        if (w.Length != 2 || w[0] != _units || w[1] != _depth) throw Fail($"weights {Format(w)} changed shape (expected [{_units},{_depth}])");
        long elements = Count(input);
        if (_depth <= 0 || elements % _depth != 0)
            throw Fail($"input {Format(input)} has {elements} elements, not a multiple of the weights' depth {_depth}");
        _bias.Expect(_units, Fail);
        _batches = (int)(elements / _depth);
        if (_o.KeepNumDims)
        {
            if (input.Length == 0 || input[^1] != _depth) throw Fail($"keep_num_dims needs input {Format(input)} to end in {_depth}");
            var shape = (int[])input.Clone();
            shape[^1] = _units;
            Out[0].Shape = shape;
        }
        else
        {
            Out[0].Shape = [_batches, _units];
        }
    }

    public override void Prepare(PartitionMemory m)
    {
        var (bias, hasBias) = _bias.Resolve(m);
        var weights = Input(1).IsConstant ? m.Dummy : m.View(Input(1));
        _gemm.Prepare(m, new MatrixInput { Data = m.View(Input(0)), K = _depth }, _batches, _units, _depth, weights, bias, hasBias,
                      m.View(Out[0]), _min, _max);
    }

    public override void Enqueue(AcceleratorStream stream) => _gemm.Enqueue(stream);
}
