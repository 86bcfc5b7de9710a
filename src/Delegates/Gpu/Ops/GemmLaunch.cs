using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>
/// One <see cref="GemmKernel"/> for an op of the convolution family: the kernel variant for its input loader and its
/// weights (packed float32, packed float16, or a tensor computed at run time), compiled when the op is built, and the
/// launch geometry of the last Prepare.
/// </summary>
internal sealed class GemmLaunch<TA> where TA : struct, IGemmInput
{
    private readonly Action<AcceleratorStream, KernelConfig, TA, PackedF32Weights, ArrayView<float>, ArrayView<float>, GemmParams>? _f32;
    private readonly Action<AcceleratorStream, KernelConfig, TA, PackedF16Weights, ArrayView<float>, ArrayView<float>, GemmParams>? _f16;
    private readonly Action<AcceleratorStream, KernelConfig, TA, TensorWeights, ArrayView<float>, ArrayView<float>, GemmParams>? _tensor;
    private readonly DeviceWeights? _weights;
    private KernelConfig _config;
    private GemmParams _p;
    private TA _a;
    private TensorWeights _runtimeWeights;
    private ArrayView<float> _bias, _output;

    /// <param name="weights">Packed [K, N] constant weights, or null for weights read from a tensor at run time.</param>
    public GemmLaunch(GpuDevice device, DeviceWeights? weights)
    {
        _weights = weights;
        if (weights is null) _tensor = device.Load<TA, TensorWeights, ArrayView<float>, ArrayView<float>, GemmParams>(GemmKernel.Run);
        else if (weights.IsHalf) _f16 = device.Load<TA, PackedF16Weights, ArrayView<float>, ArrayView<float>, GemmParams>(GemmKernel.Run);
        else _f32 = device.Load<TA, PackedF32Weights, ArrayView<float>, ArrayView<float>, GemmParams>(GemmKernel.Run);
    }

    /// <param name="runtimeWeights">With no packed weights: the [N, K] weight tensor's view.</param>
    public void Prepare(PartitionMemory m, TA a, int rows, int cols, int depth, ArrayView<float> runtimeWeights,
                        ArrayView<float> bias, bool hasBias, ArrayView<float> output, float min, float max)
    {
        var policy = m.Policy;
        var t = policy.GemmTile(rows, cols, depth);
        int gx = t.GroupX, gy = t.GroupY, subX = t.SubX, subY = t.SubY, tm = t.TileM, tn = t.TileN, tk = t.TileK;
        long tiles = (long)((rows + tm - 1) / tm) * ((cols + tn - 1) / tn);
        int groups = (int)Math.Max(1, Math.Min(tiles, policy.GemmMaxGroups));
        int per = policy.Chunked ? (int)Math.Max(1, (tiles + groups - 1) / groups) : 1;
        _config = new KernelConfig(new Index2D(groups, 1), new Index2D(gx, gy), SharedMemoryConfig.RequestDynamic<float>(tk * (tm + tn)));
        _p = new GemmParams
        {
            M = rows, N = cols, K = depth, TileK = tk, SubX = subX, SubY = subY, TilesPerGroup = per,
            HasBias = hasBias ? 1 : 0, Min = min, Max = max,
        };
        _a = a;
        _runtimeWeights = new TensorWeights { Data = runtimeWeights, K = depth };
        _bias = bias;
        _output = output;
    }

    public void Enqueue(AcceleratorStream stream)
    {
        if (_p.M == 0 || _p.N == 0) return;
        if (_f32 is not null) _f32(stream, _config, _a, _weights!.Packed32(_p.N), _bias, _output, _p);
        else if (_f16 is not null) _f16(stream, _config, _a, _weights!.Packed16(_p.N), _bias, _output, _p);
        else _tensor!(stream, _config, _a, _runtimeWeights, _bias, _output, _p);
    }

    /// <summary>Packs a constant [N, K] weight matrix (OHWI filters, FULLY_CONNECTED weights) as row-major [K, N].</summary>
    public static float[] PackKN(ReadOnlySpan<float> nk, int n, int k)
    {
        var packed = new float[(long)n * k];
        for (int row = 0; row < n; row++)
            for (int col = 0; col < k; col++)
                packed[(long)col * n + row] = nk[row * k + col];
        return packed;
    }
}
