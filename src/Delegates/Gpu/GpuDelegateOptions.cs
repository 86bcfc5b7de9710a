namespace ManagedLite.Delegates.Gpu;

/// <summary>Which ILGPU accelerator runs the delegated partitions.</summary>
public enum GpuAccelerator
{
    /// <summary>CUDA when an NVIDIA device is present, else an OpenCL GPU, else ILGPU's CPU accelerator.</summary>
    Auto,
    /// <summary>An NVIDIA GPU through CUDA; the delegate cannot start without one.</summary>
    Cuda,
    /// <summary>An OpenCL 2.0+ device (GPUs first); the delegate cannot start without one.</summary>
    OpenCL,
    /// <summary>ILGPU's CPU accelerator: the same kernels run on .NET threads (tests, CI, machines without a GPU).</summary>
    Cpu,
}

/// <summary>How the device stores tensors.</summary>
public enum GpuPrecision
{
    /// <summary>Everything in float32.</summary>
    Fp32,
    /// <summary>
    /// Constant weights of the convolution family (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV,
    /// Convolution2DTransposeBias) are stored in float16 on the device and widened to float32 as they are read;
    /// activations and arithmetic stay float32. Halves weight memory and bandwidth; lossless for models whose
    /// weights are float16 already (DEQUANTIZE of fp16 constants, as in the MediaPipe models). Falls back to
    /// <see cref="Fp32"/> where the device has no float16 support (see <see cref="GpuDelegate.EffectivePrecision"/>).
    /// </summary>
    Fp16Storage,
}

/// <summary>Settings of a <see cref="GpuDelegate"/>.</summary>
public sealed record GpuDelegateOptions
{
    /// <summary>Accelerator to use; <see cref="GpuAccelerator.Auto"/> picks CUDA, then OpenCL, then the CPU accelerator.</summary>
    public GpuAccelerator Accelerator { get; init; } = GpuAccelerator.Auto;
    /// <summary>Index among the devices of the chosen kind (CUDA device 0, 1, ...).</summary>
    public int DeviceIndex { get; init; }
    /// <summary>Storage precision of weights on the device.</summary>
    public GpuPrecision Precision { get; init; } = GpuPrecision.Fp32;
    /// <summary>Most partitions to delegate, largest first; 0 = no limit (TFLite's max_delegated_partitions).</summary>
    public int MaxPartitions { get; init; }
    /// <summary>Partitions with fewer nodes stay on the CPU: their host-device copies would cost more than they save.</summary>
    public int MinNodesPerPartition { get; init; } = 1;
    /// <summary>
    /// Wait for each node's kernels to finish and record its time in <see cref="GpuPartitionStatistics.NodeMilliseconds"/>
    /// (slower: the device no longer overlaps launches).
    /// </summary>
    public bool ProfileNodes { get; init; }

    /// <summary>Tests: shape of ILGPU's CPU device (threads per warp, warps, multiprocessors); null = the fast default.</summary>
    internal (int ThreadsPerWarp, int Warps, int Multiprocessors)? CpuDeviceShape { get; init; }
    /// <summary>Tests: called instead of starting an accelerator, to simulate a device that cannot start.</summary>
    internal Func<Exception>? StartFailure { get; init; }
}
