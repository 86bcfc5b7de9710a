using System.Numerics;

namespace ManagedLite.Kernels.Reference;

/// <summary>One reduction step of <see cref="ReduceGeneric"/>: the initial value and current (+) input.</summary>
public interface IReducer<T> where T : unmanaged
{
    static abstract T Initial { get; }
    static abstract T Apply(T current, T input);
}

/// <summary>
/// TFLite's generic reducers (reference_ops::ReduceGeneric and reduce.cc's ReduceAllDims): SUM, PROD, REDUCE_MAX,
/// REDUCE_MIN, REDUCE_ANY and REDUCE_ALL on plain values, and MEAN of int32/int64. When every dimension is reduced
/// (a scalar input included) the single output starts from the first input element and folds the others in order;
/// otherwise every output starts from the reducer's initial value (a zero-sized input leaves it there) and the input
/// is walked in row-major order, each element folded into the output with its reduced indices dropped.
/// Integer arithmetic wraps, as TFLite's does. Bool tensors are 0/1 bytes reduced with <see cref="AnyOf"/> or
/// <see cref="AllOf"/> (TFLite's SUM and REDUCE_MAX of bool are an OR, PROD and REDUCE_MIN an AND).
/// </summary>
public static class ReduceGeneric
{
    /// <param name="shape">Input shape.</param>
    /// <param name="reduced">Per input dimension: reduced or kept (the resolved, de-duplicated axis list).</param>
    public static void Run<T, TReducer>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output)
        where T : unmanaged where TReducer : IReducer<T>
    {
        Check(shape, input.Length, reduced, output.Length, out bool all);
        if (all)
        {
            // [] <- [...]: TFLite's ReduceAllDims seeds the accumulator with the first element.
            T acc = input.Length > 0 ? input[0] : TReducer.Initial;
            for (int i = 1; i < input.Length; i++) acc = TReducer.Apply(acc, input[i]);
            output[0] = acc;
            return;
        }
        output.Fill(TReducer.Initial);
        if (input.Length == 0) return;
        Span<int> index = stackalloc int[shape.Length];
        index.Clear();
        for (int flat = 0; flat < input.Length; flat++)
        {
            int o = OutputIndex(shape, reduced, index);
            output[o] = TReducer.Apply(output[o], input[flat]);
            Next(shape, index);
        }
    }

    /// <summary>
    /// MEAN of int32 or int64 (reference_ops::Mean&lt;T, int64&gt;): wrapping int64 sums, divided (truncating toward
    /// zero) by the number of reduced elements when that is non-zero, then truncated to <typeparamref name="T"/>.
    /// </summary>
    public static void MeanInteger<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> input, ReadOnlySpan<bool> reduced, Span<T> output, Span<long> sums)
        where T : unmanaged, IBinaryInteger<T>
    {
        Check(shape, input.Length, reduced, output.Length, out _);
        if (sums.Length < output.Length) throw new ArgumentException($"sums needs {output.Length} elements, got {sums.Length}", nameof(sums));
        var acc = sums.Slice(0, output.Length);
        acc.Clear();
        output.Clear();
        Span<int> index = stackalloc int[shape.Length];
        index.Clear();
        for (int flat = 0; flat < input.Length; flat++)
        {
            int o = OutputIndex(shape, reduced, index);
            acc[o] = unchecked(acc[o] + long.CreateTruncating(input[flat]));
            Next(shape, index);
        }
        long count = 1;
        for (int d = 0; d < shape.Length; d++) if (reduced[d]) count *= shape[d];
        if (count == 0) return;
        for (int i = 0; i < output.Length; i++) output[i] = T.CreateTruncating(acc[i] / count);
    }

    internal static int OutputIndex(ReadOnlySpan<int> shape, ReadOnlySpan<bool> reduced, ReadOnlySpan<int> index)
    {
        int o = 0;
        for (int d = 0; d < shape.Length; d++)
            if (!reduced[d]) o = o * shape[d] + index[d];
        return o;
    }

    internal static void Next(ReadOnlySpan<int> shape, Span<int> index)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }

    private static void Check(ReadOnlySpan<int> shape, int inputLength, ReadOnlySpan<bool> reduced, int outputLength, out bool all)
    {
        if (reduced.Length != shape.Length) throw new ArgumentException("reduced mask rank differs from the shape's");
        long inCount = 1, outCount = 1;
        all = true;
        for (int d = 0; d < shape.Length; d++)
        {
            inCount *= shape[d];
            if (reduced[d]) continue;
            all = false;
            outCount *= shape[d];
        }
        if (inputLength != inCount || outputLength != outCount)
            throw new ArgumentException($"expected {inCount} input and {outCount} output elements, got {inputLength} and {outputLength}");
    }

    /// <summary>SUM: wrapping addition (float: plain addition).</summary>
    public readonly struct SumOf<T> : IReducer<T> where T : unmanaged, INumberBase<T>
    {
        public static T Initial => T.Zero;
        public static T Apply(T current, T input) => unchecked(current + input);
    }

    /// <summary>REDUCE_PROD: wrapping multiplication (float: plain multiplication).</summary>
    public readonly struct ProdOf<T> : IReducer<T> where T : unmanaged, INumberBase<T>
    {
        public static T Initial => T.One;
        public static T Apply(T current, T input) => unchecked(current * input);
    }

    /// <summary>REDUCE_MAX: starts from the lowest finite value, keeps input &gt; current ? input : current.</summary>
    public readonly struct MaxOf<T> : IReducer<T> where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        public static T Initial => T.MinValue;
        public static T Apply(T current, T input) => input > current ? input : current;
    }

    /// <summary>REDUCE_MIN: starts from the largest finite value, keeps input &lt; current ? input : current.</summary>
    public readonly struct MinOf<T> : IReducer<T> where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        public static T Initial => T.MaxValue;
        public static T Apply(T current, T input) => input < current ? input : current;
    }

    /// <summary>REDUCE_ANY on 0/1 bytes: false, then input || current.</summary>
    public readonly struct AnyOf : IReducer<byte>
    {
        public static byte Initial => 0;
        public static byte Apply(byte current, byte input) => input != 0 || current != 0 ? (byte)1 : (byte)0;
    }

    /// <summary>REDUCE_ALL on 0/1 bytes: true, then input &amp;&amp; current.</summary>
    public readonly struct AllOf : IReducer<byte>
    {
        public static byte Initial => 1;
        public static byte Apply(byte current, byte input) => input != 0 && current != 0 ? (byte)1 : (byte)0;
    }
}
