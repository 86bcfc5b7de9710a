using ILGPU.Runtime;

namespace ManagedLite.Delegates.Gpu.Device;

/// <summary>
/// Launch geometry for one accelerator. GPUs get wide groups and grid-stride loops (neighbouring threads touch
/// neighbouring elements, so loads coalesce); ILGPU's CPU accelerator runs every thread of a group as an OS thread
/// synchronised by barriers, so there groups are one thread and each thread takes a contiguous chunk.
/// </summary>
internal sealed record LaunchPolicy
{
    /// <summary>Threads per group of the element-wise kernels.</summary>
    public required int LinearGroupSize { get; init; }
    /// <summary>Largest number of groups of the element-wise kernels (they loop over the rest).</summary>
    public required int MaxGroups { get; init; }
    /// <summary>True: each thread handles one contiguous chunk (CPU); false: grid-stride loops (GPU).</summary>
    public required bool Chunked { get; init; }
    /// <summary>Most threads of a GEMM group; the group's shape then follows the output width (see <see cref="GemmGroup"/>).</summary>
    public required int GemmMaxThreads { get; init; }
    /// <summary>Widest GEMM group along the output channels.</summary>
    public required int GemmMaxGroupX { get; init; }
    /// <summary>Tallest GEMM group along the output pixels.</summary>
    public required int GemmMaxGroupY { get; init; }
    /// <summary>Most groups of a GEMM launch (they loop over the remaining tiles).</summary>
    public required int GemmMaxGroups { get; init; }
    /// <summary>Depth of one shared-memory step of the GEMM.</summary>
    public required int GemmTileK { get; init; }
    /// <summary>
    /// Most 4 x 4 register blocks a GEMM thread walks along N and M (1 on GPUs). Above 1, one shared-memory step holds
    /// all of K (the blocks are finished in that step), so the tile must fit <see cref="MaxSharedFloats"/>.
    /// </summary>
    public int GemmMaxSubX { get; init; } = 1;
    public int GemmMaxSubY { get; init; } = 1;
    /// <summary>Shared memory available per group, in floats.</summary>
    public required int MaxSharedFloats { get; init; }

    /// <summary>GPUs: 256-thread groups, 16 x 16 GEMM groups (64 x 64 output tiles), 16-deep steps.</summary>
    public static LaunchPolicy ForGpu(Accelerator a) => new()
    {
        LinearGroupSize = Math.Min(256, a.MaxNumThreadsPerGroup),
        MaxGroups = Math.Max(1, a.NumMultiprocessors) * 16,
        Chunked = false,
        GemmMaxThreads = Math.Min(256, a.MaxNumThreadsPerGroup),
        GemmMaxGroupX = 16,
        GemmMaxGroupY = 64,
        GemmMaxGroups = 65535,
        GemmTileK = 16,
        MaxSharedFloats = (int)Math.Min(int.MaxValue, a.MaxSharedMemoryPerGroup / sizeof(float)),
    };

    /// <summary>ILGPU's CPU accelerator: one-thread groups, one per simulated multiprocessor, contiguous chunks.</summary>
    public static LaunchPolicy ForCpu(Accelerator a)
    {
        int threads = a.MaxNumThreadsPerGroup;
        if (threads <= 2)
        {
            return new()
            {
                LinearGroupSize = 1,
                MaxGroups = Math.Max(1, a.NumMultiprocessors),
                Chunked = true,
                GemmMaxThreads = 1,
                GemmMaxGroupX = 1,
                GemmMaxGroupY = 1,
                GemmMaxGroups = Math.Max(1, a.NumMultiprocessors),
                GemmTileK = 64,
                GemmMaxSubX = 16,
                GemmMaxSubY = 4,
                MaxSharedFloats = 1 << 22,
            };
        }
        // A CPU device shaped like a small GPU (tests): multi-thread groups and grid-stride loops, so that the
        // cooperative loads, barriers and tile edges of the GPU code paths run for real.
        int side = Math.Max(1, (int)Math.Sqrt(threads));
        return new()
        {
            LinearGroupSize = threads,
            MaxGroups = 3,
            Chunked = false,
            GemmMaxThreads = threads,
            GemmMaxGroupX = side,
            GemmMaxGroupY = threads,
            GemmMaxGroups = 3,
            GemmTileK = 8,
            MaxSharedFloats = 1 << 20,
        };
    }

    /// <summary>
    /// Threads of a GEMM group for an output <paramref name="n"/> channels wide: as many columns of 4 as cover n
    /// (a power of two up to <see cref="GemmMaxGroupX"/>), the rest of the threads along the pixels.
    /// </summary>
    public (int X, int Y) GemmGroup(int n)
    {
        int x = 1;
        while (x < GemmMaxGroupX && x * 4 < n) x *= 2;
        x = Math.Min(x, GemmMaxThreads);
        int y = Math.Max(1, Math.Min(GemmMaxGroupY, GemmMaxThreads / x));
        return (x, y);
    }

    /// <summary>
    /// The GEMM tiling for C[rows, cols] with depth K: group shape, register blocks per thread, output tile and
    /// shared-memory step. Register blocks above 1 x 1 make one step hold all of K.
    /// </summary>
    public GemmTiling GemmTile(int rows, int cols, int depth)
    {
        var (gx, gy) = GemmGroup(cols);
        int tk = GemmTileK, subX = 1, subY = 1;
        if (GemmMaxSubX > 1 || GemmMaxSubY > 1)
        {
            subX = Math.Clamp((cols + 4 * gx - 1) / (4 * gx), 1, GemmMaxSubX);
            subY = Math.Clamp((rows + 4 * gy - 1) / (4 * gy), 1, GemmMaxSubY);
            while ((subX > 1 || subY > 1) && (long)depth * 4 * (gy * subY + gx * subX) > MaxSharedFloats)
            {
                if (subX >= subY) subX = Math.Max(1, subX / 2);
                else subY = Math.Max(1, subY / 2);
            }
            if (subX * subY > 1) tk = Math.Max(1, depth);
        }
        int tm = 4 * gy * subY, tn = 4 * gx * subX;
        while (tk > 1 && (long)tk * (tm + tn) > MaxSharedFloats) tk /= 2;
        return new GemmTiling(gx, gy, subX, subY, tm, tn, tk);
    }

    /// <summary>Groups and per-thread chunk of an element-wise kernel over <paramref name="count"/> items.</summary>
    public (int Groups, int Chunk) Linear(long count)
    {
        if (count <= 0) return (1, 1);
        long groupsNeeded = (count + LinearGroupSize - 1) / LinearGroupSize;
        int groups = (int)Math.Max(1, Math.Min(MaxGroups, groupsNeeded));
        if (!Chunked) return (groups, 1);
        long threads = (long)groups * LinearGroupSize;
        return (groups, (int)Math.Max(1, (count + threads - 1) / threads));
    }
}

/// <summary>Tiling of one GEMM: group GX x GY threads, SubX x SubY register blocks each, TM x TN output tile, TK-deep steps.</summary>
internal readonly record struct GemmTiling(int GroupX, int GroupY, int SubX, int SubY, int TileM, int TileN, int TileK);
