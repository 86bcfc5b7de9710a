using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// SOFTMAX over the last axis, one row per item, with the reference's steps: max (std::max order), e = exp((x - max)
/// * beta) summed sequentially in float, then e / sum.
/// </summary>
internal struct SoftmaxBody : IElementBody
{
    public ArrayView<float> Input;  // [rows, depth]
    public ArrayView<float> Output; // [rows, depth]
    public int Depth;
    public float Beta;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int row)
    {
        int start = row * Depth;
        float max = float.MinValue;
        for (int c = 0; c < Depth; c++)
        {
            float x = Input[start + c];
            max = max < x ? x : max;
        }
        float sum = 0f;
        for (int c = 0; c < Depth; c++)
        {
            float e = MathF.Exp((Input[start + c] - max) * Beta);
            Output[start + c] = e;
            sum += e;
        }
        for (int c = 0; c < Depth; c++) Output[start + c] = Output[start + c] / sum;
    }
}
