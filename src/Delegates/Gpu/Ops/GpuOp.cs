using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// One delegated node on the device. Built once at CreateKernel (options and constants read, weights uploaded,
/// kernels compiled), then at every Prepare of the partition: <see cref="InferShapes"/> (the CPU op's shape rules)
/// and <see cref="Prepare"/> (launch parameters over the planned device memory); <see cref="Enqueue"/> at Invoke.
/// </summary>
internal abstract class GpuOp
{
    protected GpuOp(DelegateNode node) => Node = node;

    public DelegateNode Node { get; }
    /// <summary>Device slots of the node's inputs (same positions); null for host parameters and omitted inputs.</summary>
    public TensorSlot?[] In { get; set; } = [];
    public TensorSlot[] Out { get; set; } = [];

    /// <summary>Floats of device scratch the op needs during its Enqueue (set by <see cref="InferShapes"/>), planned with the partition's tensors.</summary>
    public long ScratchLength { get; protected set; }
    /// <summary>The scratch memory of this Prepare.</summary>
    public ArrayView<float> Scratch { get; set; }

    /// <summary>False for inputs read on the host only (shapes, paddings, axes, non-float constants).</summary>
    public virtual bool IsDataInput(int index) => true;

    /// <summary>Reads options and constants, uploads weights and loads (compiles) the kernels.</summary>
    public abstract void Build(PartitionBuilder b);

    /// <summary>Output shapes from input shapes (Out[i].Shape), with the CPU operator's rules; throws when they do not fit.</summary>
    public abstract void InferShapes();

    /// <summary>Launch parameters over the device memory of this Prepare.</summary>
    public abstract void Prepare(PartitionMemory m);

    /// <summary>Queues the node's kernels.</summary>
    public abstract void Enqueue(AcceleratorStream stream);

    protected GpuDelegateException Fail(string message) => new($"{Node}: {message}");

    protected TensorSlot Input(int i) => In[i] ?? throw Fail($"input {i} is missing");

    protected static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    protected static long Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }
}
