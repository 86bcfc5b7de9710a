using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Ops;

namespace ManagedLite.Delegates.Gpu;

/// <summary>
/// Runs the float32 parts of a model on a GPU through ILGPU: CUDA, then OpenCL, then ILGPU's CPU accelerator
/// (<see cref="GpuDelegateOptions.Accelerator"/>). Set it as <see cref="InterpreterOptions.Delegate"/>; the
/// interpreter asks <see cref="IsNodeSupported"/> for every node, groups the supported ones into partitions and lets
/// <see cref="CreateKernel"/> build one device kernel per partition; everything else stays on the CPU kernels, and
/// <see cref="Interpreter.DelegationReport"/> says which node runs where and why.
/// <para>
/// The accelerator starts on the first <see cref="CreateKernel"/> (or <see cref="Start"/>, or <see cref="TryCreate"/>);
/// when it cannot, <see cref="CreateKernel"/> throws <see cref="GpuDelegateException"/> and an interpreter with
/// <see cref="InterpreterOptions.AllowDelegateFallback"/> runs the whole model on the CPU, saying why.
/// One delegate may serve several interpreters (their device work is serialised); dispose the interpreters first.
/// </para>
/// </summary>
public sealed class GpuDelegate : IDelegate, IDisposable
{
    private readonly object _lock = new();
    private GpuDevice? _device;
    private GpuDelegateException? _startError;
    private readonly List<PartitionKernel> _kernels = new();
    private readonly List<GpuPartitionStatistics> _retired = new();
    private int _nextKernelId;
    private bool _disposed;

    public GpuDelegate(GpuDelegateOptions? options = null)
    {
        Options = options ?? new GpuDelegateOptions();
        if (Options.MaxPartitions < 0) throw new ArgumentOutOfRangeException(nameof(options), Options.MaxPartitions, "MaxPartitions must be >= 0");
        if (Options.MinNodesPerPartition < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.MinNodesPerPartition, "MinNodesPerPartition must be >= 1");
        PartitionOptions = new DelegatePartitionOptions { MaxPartitions = Options.MaxPartitions, MinNodesPerPartition = Options.MinNodesPerPartition };
    }

    /// <summary>
    /// Creates a delegate and starts its accelerator now. False when it cannot start (for example
    /// <see cref="GpuAccelerator.Cuda"/> without an NVIDIA GPU), with the reason; the caller then runs on the CPU.
    /// </summary>
    public static bool TryCreate(GpuDelegateOptions options, out GpuDelegate? gpuDelegate, out string? reason)
    {
        var d = new GpuDelegate(options);
        try
        {
            d.Start();
            gpuDelegate = d;
            reason = null;
            return true;
        }
        catch (GpuDelegateException e)
        {
            d.Dispose();
            gpuDelegate = null;
            reason = e.Message;
            return false;
        }
    }

    public string Name => "gpu";
    public GpuDelegateOptions Options { get; }
    public DelegatePartitionOptions PartitionOptions { get; }

    /// <summary>The accelerator in use ("cuda: NVIDIA ...", "cpu: ILGPU CPU accelerator ..."), or null before it starts.</summary>
    public string? AcceleratorName => _device?.Description;
    /// <summary>The kind of accelerator in use, or null before it starts.</summary>
    public GpuAccelerator? ActiveAccelerator => _device?.Kind;
    /// <summary>The precision weights are stored in: <see cref="GpuPrecision.Fp16Storage"/> only where the device supports float16.</summary>
    public GpuPrecision EffectivePrecision =>
        Options.Precision == GpuPrecision.Fp16Storage && (_device?.SupportsFloat16 ?? true) ? GpuPrecision.Fp16Storage : GpuPrecision.Fp32;

    /// <summary>Starts the accelerator (once); throws <see cref="GpuDelegateException"/> when it cannot.</summary>
    public void Start() => EnsureDevice();

    internal GpuDevice EnsureDevice()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_device is not null) return _device;
            if (_startError is not null) throw new GpuDelegateException(_startError.Message, _startError);
            try
            {
                _device = GpuDevice.Create(Options);
                return _device;
            }
            catch (GpuDelegateException e)
            {
                _startError = e;
                throw;
            }
        }
    }

    public bool IsNodeSupported(DelegateNode node, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(node);
        return GpuOps.IsSupported(node, out reason);
    }

    public IDelegateKernel CreateKernel(DelegatePartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var device = EnsureDevice();
        bool half = EffectivePrecision == GpuPrecision.Fp16Storage;
        int id;
        lock (_lock) id = _nextKernelId++;
        var kernel = new PartitionKernel(this, device, partition, id, half, Options.ProfileNodes);
        lock (_lock) _kernels.Add(kernel);
        return kernel;
    }

    /// <summary>A disposed partition kernel: its statistics are kept. Called under the device gate (lock order: gate, then _lock).</summary>
    internal void Forget(PartitionKernel kernel)
    {
        var s = kernel.Snapshot();
        lock (_lock)
        {
            if (_kernels.Remove(kernel) && s.Invokes > 0) _retired.Add(s);
        }
    }

    /// <summary>Copy and kernel times so far, over every partition kernel this delegate made (disposed ones included).</summary>
    public GpuDelegateStatistics Statistics
    {
        get
        {
            List<GpuPartitionStatistics> parts;
            PartitionKernel[] live;
            lock (_lock)
            {
                parts = _retired.ToList();
                live = _kernels.ToArray();
            }
            parts.AddRange(live.Select(k => k.Snapshot()));
            parts.Sort((a, b) => a.Id.CompareTo(b.Id));
            return new GpuDelegateStatistics(
                AcceleratorName ?? "not started",
                parts.Count == 0 ? 0 : parts.Max(p => p.Invokes),
                parts.Sum(p => p.UploadMilliseconds), parts.Sum(p => p.DownloadMilliseconds), parts.Sum(p => p.KernelMilliseconds),
                parts.Sum(p => p.UploadBytes), parts.Sum(p => p.DownloadBytes),
                _device?.CompileMilliseconds ?? 0, parts.Sum(p => p.WeightBytes), parts);
        }
    }

    /// <summary>Zeroes the times and counts of <see cref="Statistics"/> (for example after warm-up invokes).</summary>
    public void ResetStatistics()
    {
        PartitionKernel[] live;
        lock (_lock)
        {
            _retired.Clear();
            live = _kernels.ToArray();
        }
        foreach (var k in live) k.ResetStatistics();
    }

    public void Dispose()
    {
        GpuDevice? device;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            device = _device;
        }
        device?.Dispose();
    }
}
