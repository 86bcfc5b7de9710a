using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ManagedLite.Delegates.Gpu.Kernels;

namespace ManagedLite.Delegates.Gpu.Execution;

/// <summary>Constant weights uploaded once at CreateKernel, as float32 or (Fp16Storage) float16.</summary>
internal sealed class DeviceWeights : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _f32;
    private readonly MemoryBuffer1D<ILGPU.Half, Stride1D.Dense>? _f16;

    public DeviceWeights(Accelerator accelerator, ReadOnlySpan<float> values, bool half)
    {
        int n = Math.Max(1, values.Length);
        if (half)
        {
            // System.Half rounds to nearest even; ILGPU.Half has the same IEEE binary16 layout.
            var h = new System.Half[n];
            for (int i = 0; i < values.Length; i++) h[i] = (System.Half)values[i];
            _f16 = accelerator.Allocate1D(MemoryMarshal.Cast<System.Half, ILGPU.Half>(h).ToArray());
            Bytes = (long)n * 2;
        }
        else
        {
            var f = new float[n];
            values.CopyTo(f);
            _f32 = accelerator.Allocate1D(f);
            Bytes = (long)n * 4;
        }
    }

    public bool IsHalf => _f16 is not null;
    public long Bytes { get; }
    public F32Weights Linear32 => new() { Data = _f32!.View };
    public F16Weights Linear16 => new() { Data = _f16!.View };
    public PackedF32Weights Packed32(int n) => new() { Data = _f32!.View, N = n };
    public PackedF16Weights Packed16(int n) => new() { Data = _f16!.View, N = n };

    public void Dispose()
    {
        _f32?.Dispose();
        _f16?.Dispose();
    }
}
