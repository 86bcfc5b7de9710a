using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// BUCKETIZE (TFLite's bucketize.cc): output[i] = the number of boundaries b with !(input[i] &lt; b) before the first
/// that is greater, i.e. std::upper_bound over the sorted float boundaries. int32 and int64 inputs compare after
/// conversion to float, float64 inputs against the boundaries widened to double, as C++'s usual conversions do.
/// </summary>
public static class Bucketize
{
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> boundaries, Span<int> output)
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = UpperBound(boundaries, input[i]);
    }

    public static void Run(ReadOnlySpan<double> input, ReadOnlySpan<float> boundaries, Span<int> output)
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++)
        {
            double v = input[i];
            int first = 0, len = boundaries.Length;
            while (len > 0)
            {
                int half = len >> 1;
                if (v < boundaries[first + half]) len = half;
                else { first += half + 1; len -= half + 1; }
            }
            output[i] = first;
        }
    }

    public static void Run<T>(ReadOnlySpan<T> input, ReadOnlySpan<float> boundaries, Span<int> output) where T : unmanaged, IBinaryInteger<T>
    {
        Check(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++) output[i] = UpperBound(boundaries, (float)long.CreateTruncating(input[i]));
    }

    // std::upper_bound's halving search: the first position whose boundary is greater than v.
    private static int UpperBound(ReadOnlySpan<float> boundaries, float v)
    {
        int first = 0, len = boundaries.Length;
        while (len > 0)
        {
            int half = len >> 1;
            if (v < boundaries[first + half]) len = half;
            else { first += half + 1; len -= half + 1; }
        }
        return first;
    }

    /// <summary>std::is_sorted: no boundary is less than the one before it.</summary>
    public static bool IsSorted(ReadOnlySpan<float> boundaries)
    {
        for (int i = 1; i < boundaries.Length; i++) if (boundaries[i] < boundaries[i - 1]) return false;
        return true;
    }

    private static void Check(int input, int output)
    {
        if (input != output) throw new ArgumentException($"output has {output} elements, input {input}");
    }
}
