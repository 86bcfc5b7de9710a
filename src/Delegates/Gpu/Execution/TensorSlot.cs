using ILGPU;
using ILGPU.Runtime;

namespace ManagedLite.Delegates.Gpu.Execution;

/// <summary>
/// A float32 tensor of a partition as the device sees it: its shape (inferred by the delegate at Prepare), where it
/// lives (a range of the partition's device arena, a constant buffer, or another slot's storage for RESHAPE-like
/// aliases), and when it is live.
/// </summary>
internal sealed class TensorSlot
{
    public TensorSlot(LiteTensor tensor) => Tensor = tensor;

    public LiteTensor Tensor { get; }
    public int[] Shape { get; set; } = [];
    /// <summary>Values known when the kernel is built: a model constant, or computed on the host (DEQUANTIZE of a constant).</summary>
    public float[]? ConstantData { get; set; }
    public bool IsConstant => ConstantData is not null || (AliasOf?.IsConstant ?? false);
    /// <summary>Device copy of <see cref="ConstantData"/>, uploaded the first time a kernel reads it.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense>? ConstantBuffer { get; set; }
    /// <summary>Storage shared with another slot (RESHAPE, SQUEEZE, EXPAND_DIMS: no copy).</summary>
    public TensorSlot? AliasOf { get; set; }
    public TensorSlot Root => AliasOf?.Root ?? this;
    public bool IsPartitionInput { get; set; }
    public bool IsPartitionOutput { get; set; }
    /// <summary>First and last op (index in the partition) that touch the slot's storage.</summary>
    public int FirstUse { get; set; } = int.MaxValue;
    public int LastUse { get; set; } = -1;
    /// <summary>Offset in the arena, in floats (root slots that are not constants).</summary>
    public long Offset { get; set; }
    /// <summary>The device memory of the slot, valid after the partition is prepared.</summary>
    public ArrayView<float> View { get; set; }

    public long Length
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    public string Describe() => $"'{Tensor.Name}' [{string.Join(",", Shape)}]";
}
