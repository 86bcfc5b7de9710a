namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// TILE by block copies (TFLite's TileOneDimension): the innermost dimension is copied once and replicated, then
/// each outer dimension replicates the tiled block it produced. Exact; same contract as the reference.
/// </summary>
public static class Tile
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, ReadOnlySpan<int> multiples, Span<T> output)
        where T : unmanaged
    {
        int rank = inputShape.Length;
        Span<int> outShape = stackalloc int[rank];
        Reference.Tile.Validate(inputShape, input.Length, multiples, output.Length, outShape);
        if (output.Length == 0) return;
        if (rank == 0)
        {
            output[0] = input[0];
            return;
        }
        TileDimension(inputShape, input, multiples, output, 0);
    }

    /// <summary>Tiles dimension <paramref name="dim"/> and the ones inside it; returns (input, output) elements consumed/written.</summary>
    private static (int In, int Out) TileDimension<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<int> multiples,
                                                      Span<T> output, int dim) where T : unmanaged
    {
        int size = shape[dim];
        int inCount, outCount;
        if (dim == shape.Length - 1)
        {
            input.Slice(0, size).CopyTo(output);
            inCount = size;
            outCount = size;
        }
        else
        {
            inCount = 0;
            outCount = 0;
            for (int i = 0; i < size; i++)
            {
                var (a, b) = TileDimension(shape, input.Slice(inCount), multiples, output.Slice(outCount), dim + 1);
                inCount += a;
                outCount += b;
            }
        }
        Replicate(output, outCount, multiples[dim]);
        return (inCount, outCount * multiples[dim]);
    }

    /// <summary>Copies output[0, block) into the next count - 1 blocks, doubling the copied span each time.</summary>
    private static void Replicate<T>(Span<T> output, int block, int count) where T : unmanaged
    {
        int total = block * count;
        int done = block;
        while (done < total)
        {
            int n = Math.Min(done, total - done);
            output.Slice(0, n).CopyTo(output.Slice(done, n));
            done += n;
        }
    }
}
