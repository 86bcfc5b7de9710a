using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// RESIZE_NEAREST_NEIGHBOR for any element type, identical to <see cref="Reference.ResizeNearestNeighbor"/> (a pure copy).
/// A <see cref="Plan"/> made once holds the source row of every output row and the source element offset of every output
/// column (<see cref="Reference.ResizeNearestNeighbor.Source"/>). An output row whose source row is the previous row's is
/// one span copy of that row; otherwise each output pixel copies its channel run (a per-element gather for few channels).
/// </summary>
public static class ResizeNearest
{
    /// <summary>Source rows and columns of one resize, made once (at preparation) and shared by all threads.</summary>
    public sealed class Plan
    {
        internal int Batch, InH, InW, Depth, OutH, OutW;
        internal int[] Y = [];   // [outH] source row
        internal int[] X = [];   // [outW] source element offset in the row (column * depth)

        /// <summary>Output rows in batch-major order (batch * outH); the unit of <see cref="RunRows"/>.</summary>
        public int Rows => Batch * OutH;
    }

    /// <summary>Channel runs shorter than this are copied element by element rather than with a span copy.</summary>
    private const int MinSpanCopy = 16;

    public static Plan CreatePlan(ReadOnlySpan<int> inputShape, int outHeight, int outWidth, bool alignCorners, bool halfPixelCenters)
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (outHeight <= 0 || outWidth <= 0) throw new ArgumentException($"output size must be positive, got {outHeight}x{outWidth}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], depth = inputShape[3];
        ShapeMath.FlatSize(inputShape, "input shape");
        int outputLength = ShapeMath.FlatSize([batch, outHeight, outWidth, depth], "output shape");
        if (outputLength > 0 && (inH <= 0 || inW <= 0)) throw new ArgumentException($"input height and width must be positive, got {inH}x{inW}");
        // An empty output (no batch or no channels) gets no rows and no tables, however large the size.
        if (outputLength == 0) return new Plan { InH = inH, InW = inW, Depth = depth, OutH = outHeight, OutW = outWidth };
        var p = new Plan { Batch = batch, InH = inH, InW = inW, Depth = depth, OutH = outHeight, OutW = outWidth };
        p.Y = new int[outHeight];
        p.X = new int[outWidth];
        for (int y = 0; y < outHeight; y++) p.Y[y] = Reference.ResizeNearestNeighbor.Source(y, inH, outHeight, alignCorners, halfPixelCenters);
        for (int x = 0; x < outWidth; x++) p.X[x] = Reference.ResizeNearestNeighbor.Source(x, inW, outWidth, alignCorners, halfPixelCenters) * depth;
        return p;
    }

    /// <summary>Same signature as the reference (makes its plan on each call).</summary>
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int outHeight, int outWidth,
                              bool alignCorners, bool halfPixelCenters, Span<T> output) where T : unmanaged
    {
        var plan = CreatePlan(inputShape, outHeight, outWidth, alignCorners, halfPixelCenters);
        RunRows(plan, input, output, 0, plan.Rows);
    }

    /// <summary>
    /// Output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of the batch-major row sequence; disjoint
    /// ranges may run on different threads (a row is only copied from an earlier row of the same range).
    /// </summary>
    public static void RunRows<T>(Plan plan, ReadOnlySpan<T> input, Span<T> output, int rowStart, int rowEnd) where T : unmanaged
    {
        int depth = plan.Depth, rowLen = plan.InW * depth, outRowLen = plan.OutW * depth;
        ShapeMath.CheckLength(input.Length, plan.Batch * plan.InH * rowLen, "input");
        ShapeMath.CheckLength(output.Length, plan.Batch * plan.OutH * outRowLen, "output");
        if ((uint)rowStart > (uint)rowEnd || rowEnd > plan.Rows)
            throw new ArgumentOutOfRangeException(nameof(rowEnd), $"rows [{rowStart}, {rowEnd}) outside [0, {plan.Rows})");
        if (outRowLen == 0) return;
        int[] xs = plan.X;
        int outW = plan.OutW;
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / plan.OutH, y = row % plan.OutH;
            var dst = output.Slice(row * outRowLen, outRowLen);
            if (row > rowStart && y > 0 && plan.Y[y] == plan.Y[y - 1])
            {
                output.Slice((row - 1) * outRowLen, outRowLen).CopyTo(dst);
                continue;
            }
            var src = input.Slice((b * plan.InH + plan.Y[y]) * rowLen, rowLen);
            if (depth == 1)
            {
                for (int x = 0; x < outW; x++) dst[x] = src[xs[x]];
            }
            else if (depth < MinSpanCopy)
            {
                for (int x = 0, o = 0; x < outW; x++, o += depth)
                {
                    var s = src.Slice(xs[x], depth);
                    var d = dst.Slice(o, depth);
                    for (int c = 0; c < s.Length; c++) d[c] = s[c];
                }
            }
            else
            {
                for (int x = 0, o = 0; x < outW; x++, o += depth)
                {
                    // Runs of output pixels reading consecutive source pixels (downscale by 1, plain copies) go in one copy.
                    int start = x;
                    while (x + 1 < outW && xs[x + 1] == xs[x] + depth) x++;
                    int n = (x - start + 1) * depth;
                    CopyRun(src.Slice(xs[start], n), dst.Slice(o, n));
                    o += n - depth;
                }
            }
        }
    }

    /// <summary>
    /// Copies one channel run: short runs (a few cache lines) with inline 64-byte vectors, the last one overlapping,
    /// which beats a memmove call at these sizes; long ones with a span copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged
    {
        int bytes = src.Length * Unsafe.SizeOf<T>();
        if (!Vector512.IsHardwareAccelerated || bytes < 64 || bytes > 2048)
        {
            src.CopyTo(dst);
            return;
        }
        ref byte s = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(src));
        ref byte d = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(dst));
        for (int i = 0; ; i += 64)
        {
            if (i > bytes - 64) i = bytes - 64;
            Vector512.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref d, (nuint)i);
            if (i == bytes - 64) return;
        }
    }
}
