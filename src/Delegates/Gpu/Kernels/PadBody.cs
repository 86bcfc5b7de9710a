using System.Runtime.CompilerServices;
using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>PAD / PADV2 with a constant value over a 4-D view (lower ranks padded with leading 1s): one output element per item.</summary>
internal struct PadBody : IElementBody
{
    public ArrayView<float> Input;
    public ArrayView<float> Output;
    public int O1, O2, O3;          // output dims 1..3 (dim 0 implicit)
    public int I0, I1, I2, I3;      // input dims
    public int L0, L1, L2, L3;      // leading pads
    public float Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Run(int i)
    {
        int c3 = i % O3;
        int t = i / O3;
        int c2 = t % O2;
        t /= O2;
        int c1 = t % O1;
        int c0 = t / O1;
        int s0 = c0 - L0, s1 = c1 - L1, s2 = c2 - L2, s3 = c3 - L3;
        if ((uint)s0 >= (uint)I0 || (uint)s1 >= (uint)I1 || (uint)s2 >= (uint)I2 || (uint)s3 >= (uint)I3)
        {
            Output[i] = Value;
            return;
        }
        Output[i] = Input[((s0 * I1 + s1) * I2 + s2) * I3 + s3];
    }
}
