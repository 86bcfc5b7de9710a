namespace ManagedLite.Kernels;

/// <summary>Shape arithmetic shared by the data-movement kernels (flat sizes, row-major strides, argument checks).</summary>
internal static class ShapeMath
{
    /// <summary>Product of the dimensions; throws on negative dimensions or overflow past int.MaxValue.</summary>
    public static int FlatSize(ReadOnlySpan<int> shape, string name)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"{name} has a negative dimension in {Format(shape)}", name);
            n *= d;
            if (n > int.MaxValue) throw new ArgumentException($"{name} {Format(shape)} has more than int.MaxValue elements", name);
        }
        return (int)n;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> into <paramref name="strides"/> (same length).</summary>
    public static void Strides(ReadOnlySpan<int> shape, Span<int> strides)
    {
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
    }

    /// <summary>Throws unless <paramref name="length"/> equals <paramref name="expected"/>.</summary>
    public static void CheckLength(int length, int expected, string name)
    {
        if (length != expected)
            throw new ArgumentException($"{name} has {length} elements, expected {expected}", name);
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";
}
