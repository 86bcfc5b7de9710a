using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// A strided copy over an iteration space of up to 8 dimensions: element (i_0..i_r-1) moves from
/// input[InBase + sum i_d InStride_d] to output[OutBase + sum i_d OutStride_d], then is clamped. STRIDED_SLICE,
/// CONCATENATION (one launch per input), TRANSPOSE, DEPTH_TO_SPACE and SPACE_TO_DEPTH are all this body.
/// Dims holds [count_d, in_stride_d, out_stride_d] per dimension, innermost last.
/// </summary>
internal struct StridedCopyBody : IElementBody
{
    public ArrayView<float> Input;
    public ArrayView<float> Output;
    public ArrayView<int> Dims; // [Rank, 3]
    public int Rank, InBase, OutBase;
    public float Min, Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int src = InBase, dst = OutBase, rest = i;
        for (int d = Rank - 1; d >= 0; d--)
        {
            int count = Dims[3 * d];
            int idx = rest % count;
            rest /= count;
            src += idx * Dims[3 * d + 1];
            dst += idx * Dims[3 * d + 2];
        }
        Output[dst] = Math.Min(Math.Max(Input[src], Min), Max);
    }
}
