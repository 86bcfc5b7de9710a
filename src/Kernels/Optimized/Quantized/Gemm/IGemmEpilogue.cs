namespace ManagedLite.Kernels.Optimized.Quantized.Gemm;

/// <summary>
/// What an integer GEMM microkernel does with its finished int32 accumulators: requantize to int8
/// (<see cref="QU8QS8Gemm.Epilogue"/>) or scale to float (the dynamic-range kernels' <c>HybridEpilogue</c>). The
/// microkernels are generic over it, so each epilogue is a direct call and the accumulation loop is shared.
/// </summary>
internal unsafe interface IGemmEpilogue
{
    /// <summary>
    /// Finishes <paramref name="rows"/> rows of 16 int32 accumulators (<paramref name="acc"/>, row stride 16) and stores
    /// the first <paramref name="cols"/> channels of each at <paramref name="dst"/> + row * <paramref name="dstStride"/>
    /// (stride in elements of the output type).
    /// </summary>
    void StoreRows(int* acc, int rows, void* dst, nint dstStride, int cols);
}
