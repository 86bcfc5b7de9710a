using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// BROADCAST_ARGS (TFLite <c>reference_ops::BroadcastArgs</c>): the broadcast of two shapes, aligned at the right;
/// a missing dimension counts as 1, and two dimensions must be equal unless one of them is 1.
/// </summary>
public static class BroadcastArgs
{
    /// <summary>Writes the broadcast shape (length max(a, b)); returns false at the first incompatible pair (its index from the right).</summary>
    public static bool TryRun<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> output, out int badFromRight)
        where T : unmanaged, IBinaryInteger<T>
    {
        int n = Math.Max(a.Length, b.Length);
        ShapeMath.CheckLength(output.Length, n, "output");
        for (int i = 0; i < n; i++)
        {
            T x = i < a.Length ? a[a.Length - 1 - i] : T.One;
            T y = i < b.Length ? b[b.Length - 1 - i] : T.One;
            T r;
            if (x == T.One) r = y;
            else if (y == T.One) r = x;
            else if (x == y) r = x;
            else
            {
                badFromRight = i;
                return false;
            }
            output[n - 1 - i] = r;
        }
        badFromRight = -1;
        return true;
    }
}
