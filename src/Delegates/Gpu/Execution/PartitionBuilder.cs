using ManagedLite.Delegates.Gpu.Device;

namespace ManagedLite.Delegates.Gpu.Execution;

/// <summary>What an op sees while its partition kernel is built (CreateKernel): the device, the precision and the weights it uploads.</summary>
internal sealed class PartitionBuilder
{
    private readonly List<IDisposable> _owned;

    public PartitionBuilder(GpuDevice device, bool halfWeights, List<IDisposable> owned)
    {
        Device = device;
        HalfWeights = halfWeights;
        _owned = owned;
    }

    public GpuDevice Device { get; }
    /// <summary>Store constant weights as float16 (<see cref="GpuPrecision.Fp16Storage"/> on a device that supports it).</summary>
    public bool HalfWeights { get; }
    public long WeightBytes { get; private set; }

    /// <summary>Uploads constant weights (float32, or float16 when <paramref name="allowHalf"/> and the precision asks for it).</summary>
    public DeviceWeights Upload(ReadOnlySpan<float> values, bool allowHalf = true)
    {
        var w = new DeviceWeights(Device.Accelerator, values, allowHalf && HalfWeights);
        _owned.Add(w);
        WeightBytes += w.Bytes;
        return w;
    }
}
