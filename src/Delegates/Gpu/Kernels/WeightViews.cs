using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>Read access to constant weights on the device, whatever their storage type.</summary>
internal interface IWeightView
{
    float Load(int index);
}

/// <summary>Weights stored as float32.</summary>
internal struct F32Weights : IWeightView
{
    public ArrayView<float> Data;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int index) => Data[index];
}

/// <summary>Weights stored as float16 (<see cref="GpuPrecision.Fp16Storage"/>), widened on load.</summary>
internal struct F16Weights : IWeightView
{
    public ArrayView<ILGPU.Half> Data;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int index) => (float)Data[index];
}

/// <summary>The right operand B[K, N] of <see cref="GemmKernel"/>.</summary>
internal interface IGemmWeights
{
    float Load(int k, int n);
}

/// <summary>Constant weights packed as row-major [K, N] float32 at CreateKernel (consecutive threads read consecutive n).</summary>
internal struct PackedF32Weights : IGemmWeights
{
    public ArrayView<float> Data; // [K, N]
    public int N;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int k, int n) => Data[k * N + n];
}

/// <summary>Constant weights packed as row-major [K, N] float16 (<see cref="GpuPrecision.Fp16Storage"/>).</summary>
internal struct PackedF16Weights : IGemmWeights
{
    public ArrayView<ILGPU.Half> Data; // [K, N]
    public int N;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int k, int n) => (float)Data[k * N + n];
}

/// <summary>Weights computed at run time, read in the model's [N, K] layout (OHWI filters, FULLY_CONNECTED weights).</summary>
internal struct TensorWeights : IGemmWeights
{
    public ArrayView<float> Data; // [N, K]
    public int K;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Load(int k, int n) => Data[n * K + k];
}
