namespace ManagedLite.Kernels.Optimized.Gemm;

/// <summary>
/// Packing and the blocked driver around the <see cref="F32GemmMicrokernels"/>: C[M, N] = clamp(A[M, K] * B^T + bias)
/// where B is given as N rows of K floats (TFLite's filter layout [OC, ..., IC]) and packed once.
/// Packed layout, per panel of NR columns: [NR bias][K][NR weights], columns past N zero.
/// </summary>
public static unsafe class F32Gemm
{
    /// <summary>Floats needed by the packed form of an N x K matrix for microkernels of width <paramref name="nr"/>.</summary>
    public static int PackedLength(int n, int k, int nr) => checked((n + nr - 1) / nr * (k + 1) * nr);

    /// <summary>Packs B ([N, K], row-major) and the optional bias ([N] or empty) for width <paramref name="nr"/>.</summary>
    public static void Pack(ReadOnlySpan<float> b, int n, int k, ReadOnlySpan<float> bias, int nr, Span<float> packed)
        => PackStrided(b, n, k, n, k, 0, bias, nr, packed);

    /// <summary>
    /// Packs B whose row <c>r</c> starts at <c>(r % rowsPerGroup) * rowStride + (r / rowsPerGroup) * groupStride</c>
    /// (used to read a transposed-convolution filter [OC, KH, KW, IC] as rows ordered (ky, kx, oc)).
    /// </summary>
    public static void PackStrided(ReadOnlySpan<float> b, int n, int k, int rowsPerGroup, int rowStride, int groupStride,
                                   ReadOnlySpan<float> bias, int nr, Span<float> packed)
    {
        int panels = (n + nr - 1) / nr;
        if (packed.Length < PackedLength(n, k, nr))
            throw new ArgumentException($"packed buffer has {packed.Length} floats, needs {PackedLength(n, k, nr)}");
        if (!bias.IsEmpty && bias.Length < n)
            throw new ArgumentException($"bias has {bias.Length} floats, needs {n}");
        int o = 0;
        for (int p = 0; p < panels; p++)
        {
            int n0 = p * nr;
            for (int j = 0; j < nr; j++)
                packed[o++] = n0 + j < n && !bias.IsEmpty ? bias[n0 + j] : 0f;
            for (int kk = 0; kk < k; kk++)
            for (int j = 0; j < nr; j++)
            {
                int r = n0 + j;
                packed[o++] = r < n ? b[(r % rowsPerGroup) * rowStride + (r / rowsPerGroup) * groupStride + kk] : 0f;
            }
        }
    }

    /// <summary>Safe entry (tests, benchmarks): checks lengths, then runs <see cref="Run(F32GemmMicrokernel,int,int,int,float*,nint,float*,float*,nint,float,float)"/>.</summary>
    public static void Run(F32GemmMicrokernel uk, int m, int n, int k, ReadOnlySpan<float> a, int aStride,
                           ReadOnlySpan<float> packed, Span<float> c, int cStride, float min, float max)
    {
        if (!uk.IsSupported) throw new PlatformNotSupportedException($"{uk.Id} is not supported on this machine");
        if (m < 0 || n <= 0 || k < 0 || aStride < k || cStride < n) throw new ArgumentException("gemm: bad dimensions");
        if (m == 0) return;
        if (a.Length < (long)(m - 1) * aStride + k) throw new ArgumentException("gemm: A too short");
        if (packed.Length < PackedLength(n, k, uk.NR)) throw new ArgumentException("gemm: packed B too short");
        if (c.Length < (long)(m - 1) * cStride + n) throw new ArgumentException("gemm: C too short");
        fixed (float* pa = a)
        fixed (float* pw = packed)
        fixed (float* pc = c)
            Run(uk, m, n, k, pa, aStride, pw, pc, cStride, min, max);
    }

    /// <summary>
    /// Blocked driver over tiles of MR rows by NR columns (the last panel may be partial). The operand that is larger
    /// is streamed once: rows in blocks of MR outer and panels inner while A is the larger (the packed weights stay in
    /// cache), panels outer and row blocks inner when the packed weights are (each panel, read once from memory, serves
    /// every row block from L1: the few-pixel, many-channel layers at the end of MobileNets). Every tile is computed
    /// the same way in either order. Callers guarantee the pointers cover the sizes.
    /// </summary>
    internal static void Run(F32GemmMicrokernel uk, int m, int n, int k, float* a, nint aStride, float* packed,
                             float* c, nint cStride, float min, float max)
    {
        int mr = uk.MR, nr = uk.NR;
        var fn = uk.Function;
        nint panelLength = (nint)(k + 1) * nr;
        long weightFloats = (long)((n + nr - 1) / nr) * panelLength, aFloats = (long)m * k;
        if (m > mr && weightFloats > aFloats && weightFloats > PanelOuterMinFloats)
        {
            float* w = packed;
            for (int j = 0; j < n; j += nr, w += panelLength)
            {
                int cols = Math.Min(nr, n - j);
                for (int i = 0; i < m; i += mr)
                    fn(Math.Min(mr, m - i), cols, k, a + i * aStride, aStride, w, c + i * cStride + j, cStride, min, max);
            }
            return;
        }
        for (int i = 0; i < m; i += mr)
        {
            int rows = Math.Min(mr, m - i);
            float* ai = a + i * aStride;
            float* ci = c + i * cStride;
            float* w = packed;
            for (int j = 0; j < n; j += nr, w += panelLength)
                fn(rows, Math.Min(nr, n - j), k, ai, aStride, w, ci + j, cStride, min, max);
        }
    }

    /// <summary>Packed weights (floats) below which row-block-outer order is kept: they fit in L2 and are reused from there.</summary>
    internal static long PanelOuterMinFloats = 64 * 1024;
}
