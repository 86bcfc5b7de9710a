using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;

namespace ManagedLite.Delegates.Gpu.Execution;

/// <summary>
/// What an op sees while its partition is prepared: the device views of its slots (constants uploaded the first time
/// they are read) and small parameter tables it uploads (index tables of resizes, strides of copies), which live
/// until the next Prepare.
/// </summary>
internal sealed class PartitionMemory
{
    private readonly List<IDisposable> _tables;

    public PartitionMemory(GpuDevice device, List<IDisposable> tables)
    {
        Device = device;
        _tables = tables;
    }

    public GpuDevice Device { get; }
    public LaunchPolicy Policy => Device.Policy;

    /// <summary>The device memory of a slot.</summary>
    public ArrayView<float> View(TensorSlot slot)
    {
        var root = slot.Root;
        if (root.ConstantData is { } data)
        {
            if (root.ConstantBuffer is null)
            {
                var copy = data.Length == 0 ? new float[1] : data;
                root.ConstantBuffer = Device.Accelerator.Allocate1D(copy);
            }
            return root.ConstantBuffer.View.SubView(0, Math.Max(0, slot.Length));
        }
        return slot.View;
    }

    private ArrayView<float>? _dummy;

    /// <summary>A one-element view for kernel arguments that a launch does not read (no bias).</summary>
    public ArrayView<float> Dummy => _dummy ??= Table(new float[1]);

    /// <summary>Uploads a small table for this Prepare.</summary>
    public ArrayView<T> Table<T>(T[] values) where T : unmanaged
    {
        var buffer = Device.Accelerator.Allocate1D(values.Length == 0 ? new T[1] : values);
        _tables.Add(buffer);
        return buffer.View;
    }

    /// <summary>Groups and chunk of an element-wise launch over <paramref name="count"/> items.</summary>
    public KernelConfig Linear(long count, out Kernels.LinearRange range)
    {
        var (groups, chunk) = Policy.Linear(count);
        range = new Kernels.LinearRange { Count = (int)count, Chunk = chunk };
        return new KernelConfig(groups, Policy.LinearGroupSize);
    }
}
