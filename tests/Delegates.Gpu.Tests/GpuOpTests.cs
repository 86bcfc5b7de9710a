using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// Every GPU kernel against the CPU reference kernels (TFLite-exact), one small model per case, shapes at and around
/// the accelerator's tile sizes; each case also checks that the whole model ran on the delegate.
/// </summary>
public abstract partial class GpuOpTests
{
    protected abstract GpuBackend Backend { get; }

    protected GpuDelegate Gpu => Backend.Delegate;

    /// <summary>GEMM tile sizes of this backend for C[rows, n] with the given depth: (rows, cols, depth per step).</summary>
    protected (int Tm, int Tn, int Tk) Tiles(int n, int rows = 64, int depth = 64)
    {
        var t = Gpu.EnsureDevice().Policy.GemmTile(rows, n, depth);
        return (t.TileM, t.TileN, t.TileK);
    }

    private protected void Check(OpModel m, double tolerance = 2e-5, string what = "") =>
        Harness.AssertMatchesReference(m.Build(), m.Inputs, Gpu, tolerance, what);
}

public sealed class CpuAcceleratorOpTests : GpuOpTests
{
    protected override GpuBackend Backend => GpuBackend.Cpu;
}

public sealed class CpuGroupedAcceleratorOpTests : GpuOpTests
{
    protected override GpuBackend Backend => GpuBackend.CpuGrouped;
}

public sealed class CudaOpTests : GpuOpTests
{
    protected override GpuBackend Backend => GpuBackend.Cuda;
}

public sealed class OpenCLOpTests : GpuOpTests
{
    protected override GpuBackend Backend => GpuBackend.OpenCL;
}
