using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Device;
using ManagedLite.Delegates.Gpu.Execution;
using ManagedLite.Delegates.Gpu.Kernels;

namespace ManagedLite.Delegates.Gpu.Ops;

/// <summary>One launch of <see cref="StridedCopyBody"/>: an iteration space with per-dimension input and output strides.</summary>
internal sealed class StridedCopy
{
    private readonly Action<AcceleratorStream, KernelConfig, StridedCopyBody, LinearRange> _kernel;
    private StridedCopyBody _body;
    private KernelConfig _config;
    private LinearRange _range;

    public StridedCopy(GpuDevice device) => _kernel = device.Load<StridedCopyBody, LinearRange>(ForEachKernel.Run);

    /// <param name="dims">Per dimension, outermost first: (count, input stride, output stride) in elements.</param>
    public void Prepare(PartitionMemory m, ArrayView<float> input, ArrayView<float> output, IReadOnlyList<(int Count, int InStride, int OutStride)> dims,
                        int inBase, int outBase, float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        long count = 1;
        var table = new int[Math.Max(1, dims.Count) * 3];
        for (int d = 0; d < dims.Count; d++)
        {
            count *= dims[d].Count;
            (table[3 * d], table[3 * d + 1], table[3 * d + 2]) = (dims[d].Count, dims[d].InStride, dims[d].OutStride);
        }
        if (dims.Count == 0) table[0] = 1;
        _config = m.Linear(count, out _range);
        _body = new StridedCopyBody
        {
            Input = input, Output = output, Dims = m.Table(table), Rank = Math.Max(1, dims.Count),
            InBase = inBase, OutBase = outBase, Min = min, Max = max,
        };
    }

    public void Enqueue(AcceleratorStream stream)
    {
        if (_range.Count > 0) _kernel(stream, _config, _body, _range);
    }

    /// <summary>Row-major element strides of a shape.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int step = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }
}
