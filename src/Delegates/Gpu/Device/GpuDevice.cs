using System.Diagnostics;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ManagedLite.Delegates.Gpu.Device;

/// <summary>
/// One ILGPU context and accelerator, the compiled kernels and the launch geometry. Shared by every partition kernel
/// of a <see cref="GpuDelegate"/>; <see cref="Gate"/> serialises their use of the accelerator (a delegate may serve
/// interpreters on several threads).
/// </summary>
internal sealed class GpuDevice : IDisposable
{
    private readonly Context _context;
    private readonly Dictionary<MethodInfoKey, Delegate> _kernels = new();

    private GpuDevice(Context context, Accelerator accelerator, GpuAccelerator kind)
    {
        _context = context;
        Accelerator = accelerator;
        Kind = kind;
        Policy = kind == GpuAccelerator.Cpu ? LaunchPolicy.ForCpu(accelerator) : LaunchPolicy.ForGpu(accelerator);
        SupportsFloat16 = accelerator.Capabilities switch
        {
            CLCapabilityContext c => c.Float16, // CUDA always loads and converts float16
            _ => true,
        };
        Description = kind switch
        {
            GpuAccelerator.Cuda => $"cuda: {accelerator.Name}",
            GpuAccelerator.OpenCL => $"opencl: {accelerator.Name}",
            _ => $"cpu: ILGPU CPU accelerator ({accelerator.NumMultiprocessors} multiprocessor(s), {accelerator.MaxNumThreadsPerGroup} threads per group)",
        };
    }

    public Accelerator Accelerator { get; }
    public GpuAccelerator Kind { get; }
    public LaunchPolicy Policy { get; }
    public bool SupportsFloat16 { get; }
    public string Description { get; }
    public object Gate { get; } = new();
    public AcceleratorStream Stream => Accelerator.DefaultStream;
    public bool IsDisposed { get; private set; }
    /// <summary>Time spent compiling kernels, in milliseconds.</summary>
    public double CompileMilliseconds { get; private set; }

    /// <summary>Creates the context and the accelerator the options ask for; throws <see cref="GpuDelegateException"/> when there is none.</summary>
    public static GpuDevice Create(GpuDelegateOptions options)
    {
        if (options.StartFailure is { } fail)
        {
            var e = fail();
            throw new GpuDelegateException($"the {Name(options.Accelerator)} accelerator could not start: {e.Message}", e);
        }
        var want = options.Accelerator;
        Context? context = null;
        try
        {
            var (tpw, warps, mps) = options.CpuDeviceShape ?? (2, 1, Math.Max(1, Environment.ProcessorCount));
            context = Context.Create(b =>
            {
                if (want is GpuAccelerator.Auto or GpuAccelerator.Cuda) b.Cuda();
                if (want is GpuAccelerator.Auto or GpuAccelerator.OpenCL) b.OpenCL();
                if (want is GpuAccelerator.Auto or GpuAccelerator.Cpu) b.CPU(new CPUDevice(tpw, warps, mps));
                b.EnableAlgorithms();
                b.Optimize(OptimizationLevel.O1);
            });
            var (device, kind) = Pick(context, want, options.DeviceIndex);
            var accelerator = device.CreateAccelerator(context);
            return new GpuDevice(context, accelerator, kind);
        }
        catch (GpuDelegateException)
        {
            context?.Dispose();
            throw;
        }
        catch (Exception e)
        {
            context?.Dispose();
            throw new GpuDelegateException($"the {Name(want)} accelerator could not start: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static (ILGPU.Runtime.Device Device, GpuAccelerator Kind) Pick(Context context, GpuAccelerator want, int index)
    {
        var cuda = new List<ILGPU.Runtime.Device>();
        foreach (var d in context.GetCudaDevices()) cuda.Add(d);
        var clDevices = new List<CLDevice>();
        foreach (var d in context.GetCLDevices()) clDevices.Add(d);
        // Asked for OpenCL: GPUs before other OpenCL devices.
        var cl = clDevices.OrderBy(d => d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU ? 0 : 1).Cast<ILGPU.Runtime.Device>().ToList();
        var cpu = new List<ILGPU.Runtime.Device>();
        foreach (var d in context.GetDevices<CPUDevice>()) cpu.Add(d);
        switch (want)
        {
            case GpuAccelerator.Cuda:
                return (Select(cuda, index, "CUDA"), GpuAccelerator.Cuda);
            case GpuAccelerator.OpenCL:
                return (Select(cl, index, "OpenCL"), GpuAccelerator.OpenCL);
            case GpuAccelerator.Cpu:
                return (Select(cpu, index, "CPU"), GpuAccelerator.Cpu);
            default:
                if (cuda.Count > 0) return (Select(cuda, index, "CUDA"), GpuAccelerator.Cuda);
                // Auto takes OpenCL GPUs only: an OpenCL runtime on the CPU is no better than ILGPU's own CPU accelerator.
                var clGpus = clDevices.Where(d => d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU).Cast<ILGPU.Runtime.Device>().ToList();
                if (clGpus.Count > 0) return (Select(clGpus, index, "OpenCL"), GpuAccelerator.OpenCL);
                return (Select(cpu, index, "CPU"), GpuAccelerator.Cpu);
        }
    }

    private static ILGPU.Runtime.Device Select(IReadOnlyList<ILGPU.Runtime.Device> devices, int index, string what)
    {
        if (devices.Count == 0)
            throw new GpuDelegateException($"no {what} device found (ILGPU sees no {what} driver or no compatible device)");
        if ((uint)index >= (uint)devices.Count)
            throw new GpuDelegateException($"{what} device {index} requested, but only {devices.Count} found");
        return devices[index];
    }

    private static string Name(GpuAccelerator a) => a switch
    {
        GpuAccelerator.Cuda => "CUDA",
        GpuAccelerator.OpenCL => "OpenCL",
        GpuAccelerator.Cpu => "CPU",
        _ => "GPU",
    };

    private readonly record struct MethodInfoKey(System.Reflection.MethodInfo Method);

    /// <summary>Every kernel compiled so far (closed generic methods), for tests that compile them for other backends.</summary>
    public IReadOnlyList<System.Reflection.MethodInfo> LoadedKernels
    {
        get
        {
            lock (Gate) return _kernels.Keys.Select(k => k.Method).ToArray();
        }
    }

    /// <summary>The compiled kernel of <paramref name="method"/> (an explicitly grouped kernel), compiled on first request.</summary>
    public TLauncher Kernel<TLauncher>(Delegate method, Func<TLauncher> load) where TLauncher : Delegate
    {
        lock (Gate)
        {
            var key = new MethodInfoKey(method.Method);
            if (_kernels.TryGetValue(key, out var k)) return (TLauncher)k;
            long t0 = Stopwatch.GetTimestamp();
            using (Accelerator.BindScoped())
            {
                var launcher = load();
                _kernels[key] = launcher;
                CompileMilliseconds += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                return launcher;
            }
        }
    }

    public Action<AcceleratorStream, KernelConfig, T1,T2> Load<T1,T2>(Action<T1,T2> kernel) where T1 : struct where T2 : struct
        => Kernel(kernel, () => Accelerator.LoadKernel(kernel));

    public Action<AcceleratorStream, KernelConfig, T1,T2,T3> Load<T1,T2,T3>(Action<T1,T2,T3> kernel) where T1 : struct where T2 : struct where T3 : struct
        => Kernel(kernel, () => Accelerator.LoadKernel(kernel));

    public Action<AcceleratorStream, KernelConfig, T1,T2,T3,T4> Load<T1,T2,T3,T4>(Action<T1,T2,T3,T4> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct
        => Kernel(kernel, () => Accelerator.LoadKernel(kernel));

    public Action<AcceleratorStream, KernelConfig, T1,T2,T3,T4,T5> Load<T1,T2,T3,T4,T5>(Action<T1,T2,T3,T4,T5> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
        => Kernel(kernel, () => Accelerator.LoadKernel(kernel));

    public Action<AcceleratorStream, KernelConfig, T1,T2,T3,T4,T5,T6> Load<T1,T2,T3,T4,T5,T6>(Action<T1,T2,T3,T4,T5,T6> kernel) where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
        => Kernel(kernel, () => Accelerator.LoadKernel(kernel));

    public void Dispose()
    {
        lock (Gate)
        {
            if (IsDisposed) return;
            IsDisposed = true;
            _kernels.Clear();
            Accelerator.Dispose();
            _context.Dispose();
        }
    }
}
