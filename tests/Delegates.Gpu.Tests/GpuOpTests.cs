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

    private GpuDelegate Gpu => Backend.Delegate;

    /// <summary>GEMM tile sizes of this backend for an output <paramref name="n"/> channels wide: (rows, cols, depth).</summary>
    private (int Tm, int Tn, int Tk) Tiles(int n)
    {
        var policy = Gpu.EnsureDevice().Policy;
        var (gx, gy) = policy.GemmGroup(n);
        return (4 * gy, 4 * gx, policy.GemmTileK);
    }

    private void Check(OpModel m, double tolerance = 2e-5, string what = "") =>
        Harness.AssertMatchesReference(m.Build(), m.Inputs, Gpu, tolerance, what);

    public static IEnumerable<object[]> ConvCases()
    {
        // kh, kw, stride, dilation, padding, activation, bias, constantFilter
        yield return [1, 1, 1, 1, Same, NoActivation, true, true];   // pointwise GEMM
        yield return [3, 3, 1, 1, Same, Relu, true, true];
        yield return [3, 3, 2, 1, Valid, Relu6, false, true];
        yield return [5, 3, 1, 2, Same, ReluN1To1, true, true];
        yield return [1, 1, 2, 1, Same, NoActivation, true, true];   // 1x1 stride 2: im2col path
        yield return [3, 3, 1, 1, Same, NoActivation, true, false];  // weights computed at run time
    }

    [SkippableTheory]
    [MemberData(nameof(ConvCases))]
    public void Conv2D(int kh, int kw, int stride, int dilation, int padding, int activation, bool bias, bool constantFilter)
    {
        foreach (int oc in new[] { 1, Tiles(8).Tn - 1, Tiles(8).Tn, Tiles(8).Tn + 1, 2 * Tiles(24).Tn + 3 })
        {
            var (tm, _, tk) = Tiles(oc);
            foreach (int depthTarget in new[] { tk - 1, tk + 1 })
            {
                int ic = Math.Max(1, depthTarget / (kh * kw) + (depthTarget % (kh * kw) == 0 ? 0 : 1));
                int side = (int)Math.Ceiling(Math.Sqrt(tm + 1)) + 2;
                var m = new OpModel(oc * 131 + ic);
                int x = m.Input([1, side, side + 1, ic]);
                int f = constantFilter ? m.Const([oc, kh, kw, ic]) : m.Input([oc, kh, kw, ic]);
                var ins = bias ? new[] { x, f, m.Const([oc]) } : new[] { x, f };
                int y = m.Value("y");
                m.Op(BuiltinOperator.CONV_2D, ins, [y], Tag.Conv2D,
                     Byte(0, padding), Int(1, stride), Int(2, stride), Byte(3, activation), Int(4, dilation), Int(5, dilation)).Output(y);
                Check(m, what: $"oc {oc} ic {ic}");
            }
        }
    }
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
