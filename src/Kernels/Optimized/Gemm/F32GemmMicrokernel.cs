using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>
/// One register-blocked float GEMM microkernel: computes an MR x NR tile of C = clamp(A * B + bias) where B is a
/// panel packed by <see cref="F32Gemm.Pack"/> for this kernel's NR. The function reads <c>mr</c> (1..MR) rows
/// of A (row i at <c>a + i * aStride</c>, <c>kc</c> floats each), and writes <c>mr</c> rows of <c>nc</c> (1..NR)
/// floats at <c>c + i * cStride</c> (masked stores for a partial panel; nothing past <c>nc</c> is touched).
/// </summary>
public sealed unsafe class F32GemmMicrokernel
{
    internal F32GemmMicrokernel(string name, string id, int mr, int nr, bool isSupported,
        delegate*<int, int, int, float*, nint, float*, float*, nint, float, float, void> function)
    {
        Name = name;
        Id = id;
        MR = mr;
        NR = nr;
        IsSupported = isSupported;
        Function = function;
    }

    /// <summary>Type name, e.g. <c>F32Gemm8x32FmaV512</c>.</summary>
    public string Name { get; }
    /// <summary>Identifier, e.g. <c>f32-gemm-8x32-fma-v512</c>.</summary>
    public string Id { get; }
    public int MR { get; }
    public int NR { get; }
    /// <summary>True when this machine runs the kernel with hardware vector instructions.</summary>
    public bool IsSupported { get; }
    /// <summary>(mr, nc, kc, a, aStride, packedPanel, c, cStride, min, max).</summary>
    internal delegate*<int, int, int, float*, nint, float*, float*, nint, float, float, void> Function { get; }

    public override string ToString() => Id;
}

/// <summary>The table of float GEMM microkernels; dispatch, tests and benchmarks all read it.</summary>
public static unsafe class F32GemmMicrokernels
{
    public static readonly F32GemmMicrokernel Gemm4x8V128 = new(
        nameof(F32Gemm4x8V128), "f32-gemm-4x8-v128", F32Gemm4x8V128.MR, F32Gemm4x8V128.NR,
        Vector128.IsHardwareAccelerated, &F32Gemm4x8V128.Run);

    public static readonly F32GemmMicrokernel Gemm6x16FmaV256 = new(
        nameof(F32Gemm6x16FmaV256), "f32-gemm-6x16-fma-v256", F32Gemm6x16FmaV256.MR, F32Gemm6x16FmaV256.NR,
        Fma.IsSupported && Avx.IsSupported, &F32Gemm6x16FmaV256.Run);

    public static readonly F32GemmMicrokernel Gemm8x16FmaV512 = new(
        nameof(F32Gemm8x16FmaV512), "f32-gemm-8x16-fma-v512", F32Gemm8x16FmaV512.MR, F32Gemm8x16FmaV512.NR,
        Avx512F.IsSupported, &F32Gemm8x16FmaV512.Run);

    public static readonly F32GemmMicrokernel Gemm8x32FmaV512 = new(
        nameof(F32Gemm8x32FmaV512), "f32-gemm-8x32-fma-v512", F32Gemm8x32FmaV512.MR, F32Gemm8x32FmaV512.NR,
        Avx512F.IsSupported, &F32Gemm8x32FmaV512.Run);

    /// <summary>
    /// One output column per panel as dot products over K; chosen by <see cref="SelectNarrow"/> for one or two
    /// output columns (never by <see cref="Select"/>).
    /// </summary>
    public static readonly F32GemmMicrokernel GemmDot4x1V256 = new(
        nameof(F32Gemm4x1DotV256), "f32-gemm-4x1-dot-v256", F32Gemm4x1DotV256.MR, F32Gemm4x1DotV256.NR,
        Vector256.IsHardwareAccelerated, &F32Gemm4x1DotV256.Run);

    /// <summary>Every kernel, supported on this machine or not.</summary>
    public static IReadOnlyList<F32GemmMicrokernel> All { get; } = [Gemm4x8V128, Gemm6x16FmaV256, Gemm8x16FmaV512, Gemm8x32FmaV512, GemmDot4x1V256];

    public static F32GemmMicrokernel? Find(string id)
    {
        foreach (var k in All)
            if (k.Id == id) return k;
        return null;
    }

    /// <summary>
    /// The kernel to use for a GEMM with <paramref name="n"/> output columns, or null when none is supported
    /// (callers then use the reference kernel). Prefers the widest ISA; among AVX-512 kernels takes NR = 32 for more
    /// than 16 columns: its 16 accumulators hide the FMA latency that 8x16's 8 do not, which outweighs a partly masked
    /// last panel (measured: N = 40, 144 and 240 all run 15-25% faster on 8x32 than on 8x16).
    /// </summary>
    public static F32GemmMicrokernel? Select(int n)
    {
        if (Gemm8x32FmaV512.IsSupported)
            return n > 16 ? Gemm8x32FmaV512 : Gemm8x16FmaV512;
        if (Gemm6x16FmaV256.IsSupported) return Gemm6x16FmaV256;
        if (Gemm4x8V128.IsSupported) return Gemm4x8V128;
        return null;
    }

    /// <summary>
    /// Like <see cref="Select"/>, but for at most <see cref="NarrowMaxColumns"/> output columns over a depth of at least
    /// one vector it takes the dot-product kernel, which reads K contiguously instead of broadcasting A.
    /// </summary>
    public static F32GemmMicrokernel? SelectNarrow(int n, int k)
        => n <= NarrowMaxColumns && k >= 8 && GemmDot4x1V256.IsSupported ? GemmDot4x1V256 : Select(n);

    public const int NarrowMaxColumns = 2;
}
