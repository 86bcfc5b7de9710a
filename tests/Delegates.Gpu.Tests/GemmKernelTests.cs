using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;
using ManagedLite.Delegates.Gpu.Ops;
using ManagedLite.Kernels;
using Xunit;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// The GEMM kernel on its own against the reference FULLY_CONNECTED kernel (C = A W^T + bias, clamped), for every
/// combination of rows, columns and depth just below, at and above the backend's tile sizes (and twice them), with
/// float32 and float16 packed weights and weights read from a tensor.
/// </summary>
public abstract class GemmKernelTests
{
    protected abstract GpuBackend Backend { get; }

    [SkippableTheory]
    [InlineData("f32")]
    [InlineData("f16")]
    [InlineData("tensor")]
    public void MatchesReferenceAroundTileSizes(string weightsKind)
    {
        var gpu = Backend.Delegate;
        var device = gpu.EnsureDevice();
        var policy = device.Policy;
        var rng = new Random(weightsKind.Length);
        int checkedCases = 0;
        foreach (int n in Around(policy.GemmTile(64, 20, 64).TileN))
        {
            var t = policy.GemmTile(64, n, 64);
            foreach (int m in Around(t.TileM))
            foreach (int k in Around(policy.GemmTileK).Append(3 * policy.GemmTileK + 5))
            {
                var a = Harness.Random(rng, (long)m * k);
                var w = Harness.Random(rng, (long)n * k);
                if (weightsKind == "f16") w = w.Select(v => (float)(System.Half)v).ToArray();
                var bias = Harness.Random(rng, n);
                var want = new float[m * n];
                Ref.FullyConnected.Run(new FullyConnectedParams { Batches = m, InputDepth = k, OutputDepth = n, ActivationMin = -0.5f, ActivationMax = 0.75f },
                                       a, w, bias, want);
                var got = Run(device, weightsKind, a, w, bias, m, n, k, -0.5f, 0.75f);
                double err = Harness.RelativeError(got, want);
                Assert.True(err <= 1e-5, $"m {m} n {n} k {k} ({weightsKind}): relative error {err:E3}");
                checkedCases++;
            }
        }
        Assert.True(checkedCases >= 40);
    }

    private static IEnumerable<int> Around(int size) => new[] { 1, size - 1, size, size + 1, 2 * size + 1 }.Where(s => s >= 1).Distinct();

    private static float[] Run(Device.GpuDevice device, string weightsKind, float[] a, float[] w, float[] bias, int m, int n, int k, float min, float max)
    {
        lock (device.Gate)
        {
            var acc = device.Accelerator;
            using var aBuf = acc.Allocate1D(a);
            using var wBuf = acc.Allocate1D(w);
            using var biasBuf = acc.Allocate1D(bias);
            using var cBuf = acc.Allocate1D<float>(Math.Max(1, m * n));
            var tables = new List<IDisposable>();
            try
            {
                var memory = new PartitionMemory(device, tables);
                DeviceWeights? packed = weightsKind == "tensor" ? null
                    : new DeviceWeights(acc, GemmLaunch<MatrixInput>.PackKN(w, n, k), half: weightsKind == "f16");
                using var _ = packed;
                var launch = new GemmLaunch<MatrixInput>(device, packed);
                launch.Prepare(memory, new MatrixInput { Data = aBuf.View, K = k }, m, n, k, wBuf.View, biasBuf.View, true, cBuf.View, min, max);
                launch.Enqueue(device.Stream);
                device.Stream.Synchronize();
                return cBuf.GetAsArray1D().AsSpan(0, m * n).ToArray();
            }
            finally
            {
                foreach (var t in tables) t.Dispose();
            }
        }
    }
}

public sealed class CpuAcceleratorGemmKernelTests : GemmKernelTests
{
    protected override GpuBackend Backend => GpuBackend.Cpu;
}

public sealed class CpuGroupedAcceleratorGemmKernelTests : GemmKernelTests
{
    protected override GpuBackend Backend => GpuBackend.CpuGrouped;
}

public sealed class CudaGemmKernelTests : GemmKernelTests
{
    protected override GpuBackend Backend => GpuBackend.Cuda;
}
