using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ManagedLite.Kernels.Elementwise;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Kernels.Optimized.Quantized;

/// <summary>
/// MAXIMUM / MINIMUM on int8, uint8 and int16 over a precomputed broadcast plan. The reference compares the stored
/// values (input and output share one quantization, no rescaling), so the int8 / uint8 / int16 paths run lane-wise
/// vector Max / Min (widest accelerated width, overlapping last vector, scalar below one vector) over the plan's flat
/// pass, scalar operand or rows of the innermost merged dimension: bit-identical with the reference's a &gt; b ? a : b.
/// The last vector of a row is computed before the row is written, so the output may alias an input exactly.
/// </summary>
public static class MaximumMinimumQuantized
{
    public static void Maximum<T>(BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (Vectorized<T>()) MinMaxVector.Run<T, MinMaxVector.MaxTag>(plan, input1, input2, output);
        else QuantizedBinaryDriver.Run(default(Ref.MaximumMinimumQuantized.MaxOperator), plan, input1, input2, output);
    }

    public static void Minimum<T>(BroadcastPlan plan, ReadOnlySpan<T> input1, ReadOnlySpan<T> input2, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (Vectorized<T>()) MinMaxVector.Run<T, MinMaxVector.MinTag>(plan, input1, input2, output);
        else QuantizedBinaryDriver.Run(default(Ref.MaximumMinimumQuantized.MinOperator), plan, input1, input2, output);
    }

    private static bool Vectorized<T>() => typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short);
}

/// <summary>
/// Lane-wise integer max / min rows (sbyte, byte, short, int): <c>a &gt; b ? a : b</c> and <c>a &lt; b ? a : b</c>
/// element by element, which integer vector Max / Min equal exactly. Shared by MAXIMUM / MINIMUM and REDUCE_MAX / REDUCE_MIN.
/// </summary>
internal static class MinMaxVector
{
    internal interface ITag { static abstract bool IsMax { get; } }
    internal readonly struct MaxTag : ITag { public static bool IsMax => true; }
    internal readonly struct MinTag : ITag { public static bool IsMax => false; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Op<T, TM>(T a, T b) where T : unmanaged, IBinaryInteger<T> where TM : ITag
        => TM.IsMax ? (a > b ? a : b) : (a < b ? a : b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<T> Op<T, TM>(Vector128<T> a, Vector128<T> b) where TM : ITag
        => TM.IsMax ? Vector128.Max(a, b) : Vector128.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> Op<T, TM>(Vector256<T> a, Vector256<T> b) where TM : ITag
        => TM.IsMax ? Vector256.Max(a, b) : Vector256.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Op<T, TM>(Vector512<T> a, Vector512<T> b) where TM : ITag
        => TM.IsMax ? Vector512.Max(a, b) : Vector512.Min(a, b);

    /// <summary>The plan's walk (as <see cref="QuantizedBinaryDriver"/>), each row vectorized.</summary>
    public static void Run<T, TM>(BroadcastPlan plan, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TM : ITag
    {
        if (a.Length != plan.CountA || b.Length != plan.CountB || y.Length != plan.OutputLength)
            throw new ArgumentException($"broadcast operands have {a.Length}, {b.Length} -> {y.Length} elements; the plan expects {plan.CountA}, {plan.CountB} -> {plan.OutputLength}");
        if (plan.OutputLength == 0) return;
        switch (plan.Kind)
        {
            case BroadcastKind.SameShape: Rows<T, TM>(a, b, y); return;
            // max / min are symmetric: a scalar first operand is the same row as a scalar second one.
            case BroadcastKind.ScalarA: RowScalar<T, TM>(b, a[0], y); return;
            case BroadcastKind.ScalarB: RowScalar<T, TM>(a, b[0], y); return;
        }

        int[] dims = plan.Dims, sa = plan.StrideA, sb = plan.StrideB;
        int r = dims.Length;
        int inner = dims[r - 1];
        int innerA = sa[r - 1], innerB = sb[r - 1];
        int outer = y.Length / inner;
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        int offA = 0, offB = 0;
        for (int o = 0; o < outer; o++)
        {
            var yRow = y.Slice(o * inner, inner);
            if (innerA == 0) RowScalar<T, TM>(b.Slice(offB, inner), a[offA], yRow);
            else if (innerB == 0) RowScalar<T, TM>(a.Slice(offA, inner), b[offB], yRow);
            else Rows<T, TM>(a.Slice(offA, inner), b.Slice(offB, inner), yRow);
            plan.NextRow(idx, ref offA, ref offB);
        }
    }

    /// <summary>y[i] = op(a[i], b[i]) over y.Length elements; y may alias a or b exactly.</summary>
    internal static void Rows<T, TM>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TM : ITag
    {
        int n = y.Length;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int v = Vector512<T>.Count, i = 0;
            var last = Op<T, TM>(Vector512.LoadUnsafe(ref ar, (nuint)(n - v)), Vector512.LoadUnsafe(ref br, (nuint)(n - v)));
            for (; i <= n - v; i += v)
                Op<T, TM>(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int v = Vector256<T>.Count, i = 0;
            var last = Op<T, TM>(Vector256.LoadUnsafe(ref ar, (nuint)(n - v)), Vector256.LoadUnsafe(ref br, (nuint)(n - v)));
            for (; i <= n - v; i += v)
                Op<T, TM>(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int v = Vector128<T>.Count, i = 0;
            var last = Op<T, TM>(Vector128.LoadUnsafe(ref ar, (nuint)(n - v)), Vector128.LoadUnsafe(ref br, (nuint)(n - v)));
            for (; i <= n - v; i += v)
                Op<T, TM>(Vector128.LoadUnsafe(ref ar, (nuint)i), Vector128.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        for (int i = 0; i < n; i++) y[i] = Op<T, TM>(a[i], b[i]);
    }

    /// <summary>y[i] = op(a[i], s) over y.Length elements; y may alias a exactly.</summary>
    internal static void RowScalar<T, TM>(ReadOnlySpan<T> a, T s, Span<T> y)
        where T : unmanaged, IBinaryInteger<T> where TM : ITag
    {
        int n = y.Length;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int v = Vector512<T>.Count, i = 0;
            var vs = Vector512.Create(s);
            var last = Op<T, TM>(Vector512.LoadUnsafe(ref ar, (nuint)(n - v)), vs);
            for (; i <= n - v; i += v) Op<T, TM>(Vector512.LoadUnsafe(ref ar, (nuint)i), vs).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int v = Vector256<T>.Count, i = 0;
            var vs = Vector256.Create(s);
            var last = Op<T, TM>(Vector256.LoadUnsafe(ref ar, (nuint)(n - v)), vs);
            for (; i <= n - v; i += v) Op<T, TM>(Vector256.LoadUnsafe(ref ar, (nuint)i), vs).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int v = Vector128<T>.Count, i = 0;
            var vs = Vector128.Create(s);
            var last = Op<T, TM>(Vector128.LoadUnsafe(ref ar, (nuint)(n - v)), vs);
            for (; i <= n - v; i += v) Op<T, TM>(Vector128.LoadUnsafe(ref ar, (nuint)i), vs).StoreUnsafe(ref yr, (nuint)i);
            if (i != n) last.StoreUnsafe(ref yr, (nuint)(n - v));
            return;
        }
        for (int i = 0; i < n; i++) y[i] = Op<T, TM>(a[i], s);
    }

    /// <summary>op over a contiguous run of at least one element (vector lanes folded, then reduced across lanes).</summary>
    internal static T Fold<T, TM>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryInteger<T> where TM : ITag
    {
        int n = x.Length;
        ref T xr = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int v = Vector512<T>.Count;
            var m = Vector512.LoadUnsafe(ref xr, (nuint)(n - v));
            for (int i = 0; i <= n - v; i += v) m = Op<T, TM>(m, Vector512.LoadUnsafe(ref xr, (nuint)i));
            var h = Op<T, TM>(m.GetLower(), m.GetUpper());
            return Lanes<T, TM>(Op<T, TM>(h.GetLower(), h.GetUpper()));
        }
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int v = Vector256<T>.Count;
            var m = Vector256.LoadUnsafe(ref xr, (nuint)(n - v));
            for (int i = 0; i <= n - v; i += v) m = Op<T, TM>(m, Vector256.LoadUnsafe(ref xr, (nuint)i));
            return Lanes<T, TM>(Op<T, TM>(m.GetLower(), m.GetUpper()));
        }
        if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
        {
            int v = Vector128<T>.Count;
            var m = Vector128.LoadUnsafe(ref xr, (nuint)(n - v));
            for (int i = 0; i <= n - v; i += v) m = Op<T, TM>(m, Vector128.LoadUnsafe(ref xr, (nuint)i));
            return Lanes<T, TM>(m);
        }
        T acc = x[0];
        for (int i = 1; i < n; i++) acc = Op<T, TM>(acc, x[i]);
        return acc;
    }

    private static readonly Vector128<byte> Down8 = Vector128.Create((byte)8, 9, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255);
    private static readonly Vector128<byte> Down4 = Vector128.Create((byte)4, 5, 6, 7, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
    private static readonly Vector128<byte> Down2 = Vector128.Create((byte)2, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
    private static readonly Vector128<byte> Down1 = Vector128.Create((byte)1, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);

    /// <summary>op across the lanes: each step folds lane i + s into lane i (lanes past the valid ones are ignored).</summary>
    private static T Lanes<T, TM>(Vector128<T> m) where T : unmanaged, IBinaryInteger<T> where TM : ITag
    {
        if (Vector128.IsHardwareAccelerated)
        {
            m = Op<T, TM>(m, Vector128.Shuffle(m.AsByte(), Down8).As<byte, T>());
            if (Unsafe.SizeOf<T>() <= 4) m = Op<T, TM>(m, Vector128.Shuffle(m.AsByte(), Down4).As<byte, T>());
            if (Unsafe.SizeOf<T>() <= 2) m = Op<T, TM>(m, Vector128.Shuffle(m.AsByte(), Down2).As<byte, T>());
            if (Unsafe.SizeOf<T>() == 1) m = Op<T, TM>(m, Vector128.Shuffle(m.AsByte(), Down1).As<byte, T>());
            return m.ToScalar();
        }
        T acc = m.GetElement(0);
        for (int l = 1; l < Vector128<T>.Count; l++) acc = Op<T, TM>(acc, m.GetElement(l));
        return acc;
    }
}
