using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// Without a GPU, the CUDA and OpenCL code generators still run: every kernel the delegate compiled for the CPU
/// accelerator while running one model of each supported operator is compiled again to PTX (sm_70, the oldest
/// architecture with the features used) and to OpenCL C, so a construct that only the CPU accelerator accepts
/// (a CPU-only math function, a managed call) fails here in CI rather than on the first GPU.
/// </summary>
public sealed class BackendCompileTests
{
    private readonly ITestOutputHelper _out;

    public BackendCompileTests(ITestOutputHelper output) => _out = output;

    private static IReadOnlyList<System.Reflection.MethodInfo> KernelsOfEveryOperator()
    {
        using var gpu = new GpuDelegate(new GpuDelegateOptions { Accelerator = GpuAccelerator.Cpu });
        using var half = new GpuDelegate(new GpuDelegateOptions { Accelerator = GpuAccelerator.Cpu, Precision = GpuPrecision.Fp16Storage });
        foreach (var (model, inputs) in EveryOperator.Models())
        {
            Harness.RunGpu(model, inputs, gpu);
            Harness.RunGpu(model, inputs, half);
        }
        return gpu.EnsureDevice().LoadedKernels.Concat(half.EnsureDevice().LoadedKernels).Distinct().ToList();
    }

    [Fact]
    public void EveryKernelCompilesToPtxAndOpenCL()
    {
        var kernels = KernelsOfEveryOperator();
        Assert.True(kernels.Count >= 30, $"only {kernels.Count} kernels were exercised");
        using var context = Context.Create(b => { b.EnableAlgorithms(); b.Optimize(OptimizationLevel.O1); });
        using var ptx = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null);
        using var cl = new CLBackend(context, new CLCapabilityContext(true, true, false, false, false), CLDeviceVendor.Nvidia, CLCVersion.CL20);
        var failures = new List<string>();
        foreach (var k in kernels)
        {
            var entry = EntryPointDescription.FromExplicitlyGroupedKernel(k);
            foreach (var (name, backend) in new (string, Backend)[] { ("PTX", ptx), ("OpenCL", cl) })
            {
                try
                {
                    var compiled = backend.Compile(entry, new KernelSpecialization());
                    string code = compiled switch
                    {
                        PTXCompiledKernel p => p.PTXAssembly,
                        CLCompiledKernel c => c.Source,
                        _ => "",
                    };
                    Assert.False(string.IsNullOrEmpty(code));
                }
                catch (Exception e)
                {
                    failures.Add($"{name}: {Describe(k)}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        _out.WriteLine($"{kernels.Count} kernels compiled to PTX and OpenCL C");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Describe(System.Reflection.MethodInfo m) =>
        $"{m.DeclaringType?.Name}.{m.Name}<{string.Join(",", m.GetGenericArguments().Select(a => a.Name + (a.IsGenericType ? "<" + string.Join(",", a.GetGenericArguments().Select(g => g.Name)) + ">" : "")))}>";
}
