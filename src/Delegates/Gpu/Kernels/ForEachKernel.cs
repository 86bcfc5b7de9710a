using ILGPU;

namespace ManagedLite.Delegates.Gpu.Kernels;

/// <summary>The work of one output element (or row) of an element-wise kernel: a struct carrying its views and sizes.</summary>
internal interface IElementBody
{
    void Run(int index);
}

/// <summary>Items [0, Count) of a <see cref="ForEachKernel"/> launch, Chunk consecutive items per thread visit.</summary>
internal struct LinearRange
{
    public int Count;
    public int Chunk;
}

/// <summary>
/// Runs a body over [0, Count): on GPUs a grid-stride loop with Chunk = 1 (neighbouring threads, neighbouring
/// items: coalesced); on ILGPU's CPU accelerator each thread takes one contiguous chunk. Every element-wise
/// operator of the delegate is this kernel with its own body type.
/// </summary>
internal static class ForEachKernel
{
    public static void Run<TBody>(TBody body, LinearRange range) where TBody : struct, IElementBody
    {
        int thread = Grid.IdxX * Group.DimX + Group.IdxX;
        int threads = Grid.DimX * Group.DimX;
        int chunk = range.Chunk;
        for (int start = thread * chunk; start < range.Count; start += threads * chunk)
        {
            int end = start + chunk < range.Count ? start + chunk : range.Count;
            for (int i = start; i < end; i++) body.Run(i);
        }
    }
}
