using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>
/// RANGE (TFLite <c>range.cc</c>): output[0] = start and output[i + 1] = output[i] + delta, accumulated (not
/// start + i * delta, which rounds differently for floats; integers wrap as two's complement).
/// </summary>
public static class Range
{
    /// <summary>
    /// Number of elements of [start, limit) by delta (TFLite's GetSize: integer ceiling division, float ceil(|(limit - start) / delta|));
    /// throws <see cref="ArgumentException"/> for delta 0, a delta pointing away from limit, or more than int.MaxValue elements.
    /// </summary>
    public static int Count<T>(T start, T limit, T delta) where T : unmanaged, INumber<T>
    {
        if (T.IsZero(delta)) throw new ArgumentException("delta must not be 0");
        bool ok = (start >= limit && T.IsNegative(delta)) || (start <= limit && T.IsPositive(delta));
        if (!ok) throw new ArgumentException($"delta {delta} does not lead from start {start} to limit {limit}");
        double count;
        if (typeof(T) == typeof(float))
        {
            // As TFLite: the division and ceiling happen in float.
            float s = float.CreateTruncating(start), l = float.CreateTruncating(limit), d = float.CreateTruncating(delta);
            count = MathF.Ceiling(MathF.Abs((l - s) / d));
            if (float.IsNaN((float)count)) throw new ArgumentException("start, limit and delta must be finite");
        }
        else
        {
            Int128 s = Int128.CreateTruncating(start), l = Int128.CreateTruncating(limit), d = Int128.CreateTruncating(delta);
            Int128 span = Int128.Abs(l - s), step = Int128.Abs(d);
            Int128 c = (span + step - 1) / step;
            count = c > int.MaxValue ? double.PositiveInfinity : (double)c;
        }
        if (count > int.MaxValue) throw new ArgumentException($"the range from {start} to {limit} by {delta} has more than int.MaxValue elements");
        return (int)count;
    }

    public static void Run<T>(T start, T delta, Span<T> output) where T : unmanaged, INumber<T>
    {
        T value = start;
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = value;
            value = unchecked(value + delta);
        }
    }
}
