using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>
/// MEAN / SUM / REDUCE_MAX over an input whose dimensions are merged into at most four alternating kept and reduced
/// segments (outermost first): one output element per item, which walks its reduced elements in row-major order,
/// the order in which TFLite's reference folds them (sum in float, then divide for MEAN; max from float.MinValue).
/// </summary>
internal struct ReduceBody : IElementBody
{
    public ArrayView<float> Input;
    public ArrayView<float> Output;
    /// <summary>Kept segment sizes and input strides (outer, inner), unused ones size 1 stride 0.</summary>
    public int K0, K1, KS0, KS1;
    /// <summary>Reduced segment sizes and input strides (outer, inner).</summary>
    public int R0, R1, RS0, RS1;
    /// <summary>0 sum, 1 mean, 2 max.</summary>
    public int Kind;
    public float Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int k1 = i % K1, k0 = i / K1;
        int baseOffset = k0 * KS0 + k1 * KS1;
        float acc = Kind == 2 ? float.MinValue : 0f;
        for (int r0 = 0; r0 < R0; r0++)
        {
            int rowOffset = baseOffset + r0 * RS0;
            for (int r1 = 0; r1 < R1; r1++)
            {
                float v = Input[rowOffset + r1 * RS1];
                if (Kind == 2) acc = v > acc ? v : acc;
                else acc += v;
            }
        }
        if (Kind == 1 && Count > 0f) acc /= Count;
        Output[i] = acc;
    }
}
