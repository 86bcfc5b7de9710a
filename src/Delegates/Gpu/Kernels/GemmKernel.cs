using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>Sizes and epilogue of one <see cref="GemmKernel"/> launch.</summary>
internal struct GemmParams
{
    /// <summary>C[M, N] = A[M, K] x B[K, N] (+ bias[N]), clamped to [Min, Max].</summary>
    public int M, N, K;
    /// <summary>Depth of one shared-memory step.</summary>
    public int TileK;
    /// <summary>4 x 4 register blocks per thread along N and M (1 x 1 on GPUs; more on the CPU accelerator, with TileK >= K).</summary>
    public int SubX, SubY;
    /// <summary>Consecutive output tiles one group computes per pass (1 on GPUs; a contiguous share on the CPU accelerator).</summary>
    public int TilesPerGroup;
    public int HasBias;
    public float Min, Max;
}

/// <summary>
/// Tiled SGEMM with shared memory, the engine of CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV. A group of GX x GY
/// threads computes a TM x TN tile of C (TM = 4 GY SubY, TN = 4 GX SubX). Each thread holds a 4 x 4 block of
/// accumulators in registers, rows ty + i GY and columns tx + j GX of its block (so a warp's stores to C are
/// contiguous along N). Per step of TileK, the group loads A[tile rows, k..k+TileK) and B[k..k+TileK, tile cols] into
/// shared memory cooperatively (consecutive threads read consecutive k of A and consecutive n of B: coalesced),
/// synchronises, and every thread runs TileK rank-1 updates from shared memory. Shared layout: As[TileK][TM] then
/// Bs[TileK][TN], floats.
/// <para>
/// GPUs use SubX = SubY = 1, the accumulators living across the K steps. ILGPU's CPU accelerator runs a group as one
/// thread: there one step covers all of K (TileK >= K) and the thread walks SubX x SubY register blocks of a wide
/// tile, so each A element is computed once per tile instead of once per 4 columns; barriers are skipped for
/// one-thread groups (nothing to wait for).
/// </para>
/// </summary>
internal static class GemmKernel
{
    public static void Run<TA, TW>(TA a, TW w, ArrayView<float> bias, ArrayView<float> c, GemmParams p)
        where TA : struct, IGemmInput
        where TW : struct, IGemmWeights
    {
        var shared = SharedMemory.GetDynamic<float>();
        int gx = Group.DimX, gy = Group.DimY, tx = Group.IdxX, ty = Group.IdxY;
        int threads = gx * gy, tid = ty * gx + tx;
        int subX = p.SubX, subY = p.SubY, blocks = subX * subY;
        int tm = gy * 4 * subY, tn = gx * 4 * subX, tk = p.TileK;
        int bOffset = tk * tm;
        int tilesN = (p.N + tn - 1) / tn;
        int tiles = ((p.M + tm - 1) / tm) * tilesN;
        int per = p.TilesPerGroup;

        for (int first = Grid.IdxX * per; first < tiles; first += Grid.DimX * per)
        {
            int last = first + per < tiles ? first + per : tiles;
            for (int tile = first; tile < last; tile++)
            {
                int m0 = tile / tilesN * tm, n0 = tile % tilesN * tn;
                float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
                float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
                float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int k0 = 0; k0 < p.K; k0 += tk)
                {
                    for (int i = tid; i < tk * tm; i += threads)
                    {
                        int mm = i / tk, kk = i - mm * tk;
                        int m = m0 + mm, k = k0 + kk;
                        shared[kk * tm + mm] = m < p.M && k < p.K ? a.Load(m, k) : 0f;
                    }
                    for (int i = tid; i < tk * tn; i += threads)
                    {
                        int kk = i / tn, nn = i - kk * tn;
                        int n = n0 + nn, k = k0 + kk;
                        shared[bOffset + kk * tn + nn] = n < p.N && k < p.K ? w.Load(k, n) : 0f;
                    }
                    if (threads > 1) Group.Barrier();
                    int steps = p.K - k0 < tk ? p.K - k0 : tk;
                    for (int block = 0; block < blocks; block++)
                    {
                        int rowBase = block / subX * 4 * gy + ty, colBase = block % subX * 4 * gx + tx;
                        if (blocks > 1)
                        {
                            c00 = 0; c01 = 0; c02 = 0; c03 = 0;
                            c10 = 0; c11 = 0; c12 = 0; c13 = 0;
                            c20 = 0; c21 = 0; c22 = 0; c23 = 0;
                            c30 = 0; c31 = 0; c32 = 0; c33 = 0;
                        }
                        for (int kk = 0; kk < steps; kk++)
                        {
                            int ar = kk * tm + rowBase;
                            float a0 = shared[ar], a1 = shared[ar + gy], a2 = shared[ar + 2 * gy], a3 = shared[ar + 3 * gy];
                            int br = bOffset + kk * tn + colBase;
                            float b0 = shared[br], b1 = shared[br + gx], b2 = shared[br + 2 * gx], b3 = shared[br + 3 * gx];
                            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                        }
                        if (blocks > 1)
                        {
                            // One step covers all of K (TileK >= K): this block is complete.
                            int r = m0 + rowBase, col = n0 + colBase;
                            StoreRow(c, bias, p, r, col, gx, c00, c01, c02, c03);
                            StoreRow(c, bias, p, r + gy, col, gx, c10, c11, c12, c13);
                            StoreRow(c, bias, p, r + 2 * gy, col, gx, c20, c21, c22, c23);
                            StoreRow(c, bias, p, r + 3 * gy, col, gx, c30, c31, c32, c33);
                        }
                    }
                    if (threads > 1) Group.Barrier();
                }
                if (blocks == 1)
                {
                    int r0 = m0 + ty, col = n0 + tx;
                    StoreRow(c, bias, p, r0, col, gx, c00, c01, c02, c03);
                    StoreRow(c, bias, p, r0 + gy, col, gx, c10, c11, c12, c13);
                    StoreRow(c, bias, p, r0 + 2 * gy, col, gx, c20, c21, c22, c23);
                    StoreRow(c, bias, p, r0 + 3 * gy, col, gx, c30, c31, c32, c33);
                }
            }
        }
    }

    private static void StoreRow(ArrayView<float> c, ArrayView<float> bias, GemmParams p, int m, int n, int step,
                                 float v0, float v1, float v2, float v3)
    {
        if (m >= p.M) return;
        Store(c, bias, p, m, n, v0);
        Store(c, bias, p, m, n + step, v1);
        Store(c, bias, p, m, n + 2 * step, v2);
        Store(c, bias, p, m, n + 3 * step, v3);
    }

    private static void Store(ArrayView<float> c, ArrayView<float> bias, GemmParams p, int m, int n, float v)
    {
        if (n >= p.N) return;
        if (p.HasBias != 0) v += bias[n];
        c[m * p.N + n] = Math.Min(Math.Max(v, p.Min), p.Max);
    }
}
