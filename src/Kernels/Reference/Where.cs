using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// WHERE with one input (reference_ops::SelectTrueCoords): the row-major coordinates of every non-zero element of the
/// condition, as int64 rows of rank values ([count, rank]). Float conditions compare with != 0 (NaN counts as true,
/// -0 as false).
/// </summary>
public static class Where
{
    /// <summary>Number of non-zero elements: the output's first dimension.</summary>
    public static int CountTrue<T>(ReadOnlySpan<T> condition) where T : unmanaged, INumberBase<T>
    {
        int n = 0;
        foreach (T v in condition) if (v != T.Zero) n++;
        return n;
    }

    /// <param name="shape">Condition shape (rank &gt;= 1).</param>
    /// <param name="output">[CountTrue, rank] coordinates.</param>
    public static void Run<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> condition, Span<long> output) where T : unmanaged, INumberBase<T>
    {
        int rank = shape.Length;
        if ((long)CountTrue(condition) * rank != output.Length)
            throw new ArgumentException($"output needs {CountTrue(condition)} rows of {rank} coordinates, has {output.Length} elements");
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int row = 0;
        for (int flat = 0; flat < condition.Length; flat++)
        {
            if (condition[flat] != T.Zero)
            {
                for (int d = 0; d < rank; d++) output[row * rank + d] = index[d];
                row++;
            }
            ReduceGeneric.Next(shape, index);
        }
    }
}
