using ManagedLite.Delegates.Gpu;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// An accelerator the tests run on (ILGPU's test layout: tests written once, one subclass per accelerator). Each
/// backend shares one delegate, so kernels compile once per test run.
/// </summary>
public sealed class GpuBackend
{
    private readonly Lazy<(GpuDelegate? Delegate, string? Reason)> _delegate;

    private GpuBackend(string name, GpuDelegateOptions options)
    {
        Name = name;
        Options = options;
        _delegate = new(() => GpuDelegate.TryCreate(options, out var d, out var reason) ? (d, null) : (null, reason));
    }

    public string Name { get; }
    public GpuDelegateOptions Options { get; }

    /// <summary>ILGPU's CPU accelerator as the delegate uses it by default: one-thread groups, contiguous chunks.</summary>
    public static GpuBackend Cpu { get; } = new("cpu", new GpuDelegateOptions { Accelerator = GpuAccelerator.Cpu });

    /// <summary>
    /// ILGPU's CPU accelerator shaped like a small GPU (16-thread groups of real threads, grid-stride loops, 3 groups):
    /// the cooperative shared-memory loads, barriers and tile edges of the GPU code paths run for real.
    /// </summary>
    public static GpuBackend CpuGrouped { get; } = new("cpu-grouped",
        new GpuDelegateOptions { Accelerator = GpuAccelerator.Cpu, CpuDeviceShape = (4, 4, 1) });

    public static GpuBackend Cuda { get; } = new("cuda", new GpuDelegateOptions { Accelerator = GpuAccelerator.Cuda });

    public static GpuBackend OpenCL { get; } = new("opencl", new GpuDelegateOptions { Accelerator = GpuAccelerator.OpenCL });

    /// <summary>The shared delegate; skips the test with the reason when this accelerator cannot start here.</summary>
    public GpuDelegate Delegate
    {
        get
        {
            var (d, reason) = _delegate.Value;
            Skip.If(d is null, $"{Name} accelerator not available: {reason}");
            return d!;
        }
    }

    /// <summary>A fresh delegate with these options changed (not shared).</summary>
    public GpuDelegate Create(Func<GpuDelegateOptions, GpuDelegateOptions> change)
    {
        _ = Delegate; // skips when unavailable
        return new GpuDelegate(change(Options));
    }

    public override string ToString() => Name;
}
