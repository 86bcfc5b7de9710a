using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Schema;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>SOFTMAX (float32) over the last axis with beta; one thread per row.</summary>
internal sealed class SoftmaxGpuOp : GpuOp
{
    private Action<AcceleratorStream, KernelConfig, SoftmaxBody, LinearRange> _kernel = null!;
    private float _beta;
    private SoftmaxBody _body;
    private KernelConfig _config;
    private LinearRange _range;

    public SoftmaxGpuOp(DelegateNode node) : base(node) { }

    public static string? Check(DelegateNode node) =>
        GpuChecks.First(GpuChecks.Inputs(node, 1, 1), GpuChecks.Outputs(node), GpuChecks.Float(node.Inputs[0], "input"),
                        GpuChecks.Float(node.Outputs[0], "output"),
                        node.Inputs[0]!.Rank == 0 ? "a scalar input has no axis to normalise" : null);

    public override void Build(PartitionBuilder b)
    {
        _kernel = b.Device.Load<SoftmaxBody, LinearRange>(ForEachKernel.Run);
        _beta = Node.GetOptions<SoftmaxOptions>().Beta;
    }

    public override void InferShapes()
    {
        var s = Input(0).Shape;
        if (s.Length == 0) throw Fail("a scalar input has no axis to normalise");
        Out[0].Shape = (int[])s.Clone();
    }

    public override void Prepare(PartitionMemory m)
    {
        var s = Input(0).Shape;
        int depth = s[^1];
        long rows = depth == 0 ? 0 : Out[0].Length / depth;
        _body = new SoftmaxBody { Input = m.View(Input(0)), Output = m.View(Out[0]), Depth = depth, Beta = _beta };
        _config = m.Linear(rows, out _range);
    }

    public override void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _kernel(stream, _config, _body, _range);
    }
}
