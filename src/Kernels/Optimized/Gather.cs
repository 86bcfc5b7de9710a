using System.Numerics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>GATHER with one <see cref="Span{T}.CopyTo"/> per gathered slice. Exact; same contract as the reference.</summary>
public static class Gather
{
    public static bool TryRun<T, TIndex>(ReadOnlySpan<T> input, ReadOnlySpan<TIndex> indices, int batch, int outer,
                                         int axisSize, int inner, Span<T> output, out long badIndex, out int badPosition)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int coords = Reference.Gather.Validate(input.Length, indices.Length, batch, outer, axisSize, inner, output.Length);
        int dst = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<TIndex> batchIndices = indices.Slice(b * coords, coords);
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> slab = input.Slice((b * outer + o) * axisSize * inner, axisSize * inner);
                for (int i = 0; i < coords; i++)
                {
                    long index = long.CreateTruncating(batchIndices[i]);
                    if ((ulong)index >= (ulong)axisSize)
                    {
                        badIndex = index;
                        badPosition = b * coords + i;
                        return false;
                    }
                    slab.Slice((int)index * inner, inner).CopyTo(output.Slice(dst, inner));
                    dst += inner;
                }
            }
        }
        badIndex = 0;
        badPosition = -1;
        return true;
    }
}
