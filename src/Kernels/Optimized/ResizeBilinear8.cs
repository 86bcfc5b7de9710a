using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ManagedLite.Kernels.Optimized.Quantized.Gemm;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// 8-bit RESIZE_BILINEAR, bit-exact with <see cref="Reference.ResizeBilinear"/>: uint8 through the reference's float
/// formula (<c>((v00*fy0)*fx0 + (v10*fy1)*fx0 + (v01*fy0)*fx1 + (v11*fy1)*fx1) + 0.5</c>, truncated and clamped), int8
/// through its 10-bit fixed-point formula. A <see cref="Plan"/> made once holds the source rows, columns and weights of
/// every output row and column. Each output row first runs a vertical pass over the two source rows into a per-thread
/// scratch row (uint8: the two products <c>v*fy0</c>, <c>v*fy1</c> as floats, the very values the reference multiplies
/// next; int8: the exact integer <c>v0*wy0 + v1*wy1</c>), then a horizontal pass vectorized over channels (AVX2, 16 then 8
/// channels, the last few as one overlapping vector; 16-channel blocks in AVX-512 where present). Rows of fewer than 8
/// channels gather their sources 8 output elements at a time; without AVX2 the same formulas run scalar.
/// </summary>
public static class ResizeBilinear8
{
    /// <summary>Source rows, columns and weights of one resize, made once (at preparation) and shared by all threads.</summary>
    public sealed class Plan
    {
        internal int Batch, InH, InW, Depth, OutH, OutW;
        internal bool Integer;
        internal int[] Y0 = [], Y1 = [];            // [outH] source rows
        internal int[] X0 = [], X1 = [];            // [outW] source element offsets (column * depth)
        internal float[] Fy0 = [], Fy1 = [];        // [outH] uint8: 1 - (inY - y0), inY - y0
        internal float[] Fx0 = [], Fx1 = [];        // [outW]
        internal int[] Wy0 = [], Wy1 = [];          // [outH] int8: weights in 1/1024
        internal int[] Wx0 = [], Wx1 = [];          // [outW]
        internal int[]? Columns;                   // source columns the output reads, when not all of them
        // Fewer than 8 channels: per output element of a row ([outW * depth]) its two source elements and weights,
        // gathered 8 at a time.
        internal int[]? FlatA, FlatB;
        internal float[]? FlatF0, FlatF1;
        internal int[]? FlatW0, FlatW1;

        /// <summary>
        /// False when the reference must run instead: a source index the reference computes outside the input (its
        /// fixed-point coordinates can overshoot the last row for large upscales) or int8 sums that might leave int32.
        /// </summary>
        public bool Covered { get; internal set; }

        /// <summary>Scratch elements (float for uint8, int for int8) one thread needs for <see cref="RunRows(Plan, ReadOnlySpan{byte}, Span{byte}, int, int, Span{float})"/>.</summary>
        public int ScratchLength => (Integer ? 1 : 2) * InW * Depth;

        /// <summary>Output rows in batch-major order (batch * outH); the unit of <c>RunRows</c>.</summary>
        public int Rows => Batch * OutH;
    }

    /// <summary>
    /// The plan of resizing <paramref name="inputShape"/> [b, h, w, c] to <paramref name="outHeight"/> x
    /// <paramref name="outWidth"/>: <paramref name="integer"/> for int8 (fixed-point), false for uint8 (float formula).
    /// </summary>
    public static Plan CreatePlan(ReadOnlySpan<int> inputShape, int outHeight, int outWidth, bool alignCorners, bool halfPixelCenters, bool integer)
    {
        int outputLength = ShapeMath.FlatSize([inputShape[0], outHeight, outWidth, inputShape[3]], "output shape");
        var (batch, inH, inW, depth) = Reference.ResizeBilinear.Validate(inputShape, ShapeMath.FlatSize(inputShape, "input shape"),
            outHeight, outWidth, alignCorners, halfPixelCenters, outputLength);
        var p = new Plan { Batch = batch, InH = inH, InW = inW, Depth = depth, OutH = outHeight, OutW = outWidth, Integer = integer };
        if (outputLength == 0) return p;   // nothing to compute (the reference runs); no tables for a huge empty size
        p.Y0 = new int[outHeight]; p.Y1 = new int[outHeight];
        p.X0 = new int[outWidth]; p.X1 = new int[outWidth];
        bool covered = inH > 0 && inW > 0;
        if (!covered) return p;
        if (integer)
        {
            int max = Reference.ResizeBilinear.MaxIntegerSize;
            if (inH > max || inW > max || outHeight > max || outWidth > max) return p;
            p.Wy0 = new int[outHeight]; p.Wy1 = new int[outHeight];
            p.Wx0 = new int[outWidth]; p.Wx1 = new int[outWidth];
            long sumY = 0, sumX = 0;
            int hs = Reference.ResizeBilinear.Scale10(inH, outHeight, alignCorners);
            for (int y = 0; y < outHeight; y++)
            {
                Reference.ResizeBilinear.Interpolation10(y, hs, halfPixelCenters, inH, out int inY, out int y0, out int y1);
                covered &= y0 < inH && y1 >= 0;
                p.Y0[y] = y0; p.Y1[y] = y1;
                p.Wy1[y] = inY - (1 << 10) * y0; p.Wy0[y] = (1 << 10) - p.Wy1[y];
                sumY = Math.Max(sumY, Math.Abs((long)p.Wy0[y]) + Math.Abs((long)p.Wy1[y]));
            }
            int ws = Reference.ResizeBilinear.Scale10(inW, outWidth, alignCorners);
            for (int x = 0; x < outWidth; x++)
            {
                Reference.ResizeBilinear.Interpolation10(x, ws, halfPixelCenters, inW, out int inX, out int x0, out int x1);
                covered &= x0 < inW && x1 >= 0;
                p.X0[x] = x0 * depth; p.X1[x] = x1 * depth;
                p.Wx1[x] = inX - (1 << 10) * x0; p.Wx0[x] = (1 << 10) - p.Wx1[x];
                sumX = Math.Max(sumX, Math.Abs((long)p.Wx0[x]) + Math.Abs((long)p.Wx1[x]));
            }
            // |v0*wy0 + v1*wy1| <= 128*sumY and the horizontal sum <= 128*sumY*sumX must stay in int32.
            covered &= 128 * sumY * sumX < int.MaxValue - (1 << 19);
        }
        else
        {
            p.Fy0 = new float[outHeight]; p.Fy1 = new float[outHeight];
            p.Fx0 = new float[outWidth]; p.Fx1 = new float[outWidth];
            float hs = Reference.ResizeBilinear.Scale(inH, outHeight, alignCorners);
            for (int y = 0; y < outHeight; y++)
            {
                Reference.ResizeBilinear.Interpolation(y, hs, halfPixelCenters, inH, out float inY, out int y0, out int y1);
                covered &= y0 < inH && y1 >= 0;
                p.Y0[y] = y0; p.Y1[y] = y1;
                p.Fy1[y] = inY - y0; p.Fy0[y] = 1 - (inY - y0);
            }
            float ws = Reference.ResizeBilinear.Scale(inW, outWidth, alignCorners);
            for (int x = 0; x < outWidth; x++)
            {
                Reference.ResizeBilinear.Interpolation(x, ws, halfPixelCenters, inW, out float inX, out int x0, out int x1);
                covered &= x0 < inW && x1 >= 0;
                p.X0[x] = x0 * depth; p.X1[x] = x1 * depth;
                p.Fx1[x] = inX - x0; p.Fx0[x] = 1 - (inX - x0);
            }
        }
        if (covered)
        {
            var used = new bool[inW];
            for (int x = 0; x < outWidth; x++) { used[p.X0[x] / Math.Max(depth, 1)] = true; used[p.X1[x] / Math.Max(depth, 1)] = true; }
            int count = used.Count(u => u);
            // Skipping unread columns pays only when each is a long run (per-column calls cost more than short runs).
            if (count < inW && depth >= 16)
            {
                p.Columns = new int[count];
                for (int c = 0, k = 0; c < inW; c++) if (used[c]) p.Columns[k++] = c;
            }
        }
        int flat = outWidth * depth;
        if (covered && Avx2.IsSupported && depth < 8 && flat >= 8 && flat <= MaxFlatRow)
        {
            p.FlatA = new int[flat]; p.FlatB = new int[flat];
            if (integer) { p.FlatW0 = new int[flat]; p.FlatW1 = new int[flat]; }
            else { p.FlatF0 = new float[flat]; p.FlatF1 = new float[flat]; }
            for (int x = 0, j = 0; x < outWidth; x++)
                for (int c = 0; c < depth; c++, j++)
                {
                    p.FlatA[j] = p.X0[x] + c; p.FlatB[j] = p.X1[x] + c;
                    if (integer) { p.FlatW0![j] = p.Wx0[x]; p.FlatW1![j] = p.Wx1[x]; }
                    else { p.FlatF0![j] = p.Fx0[x]; p.FlatF1![j] = p.Fx1[x]; }
                }
        }
        p.Covered = covered;
        return p;
    }

    /// <summary>Longest output row ([outW * depth]) that gets gather tables when it has fewer than 8 channels.</summary>
    private const int MaxFlatRow = 1 << 16;

    /// <summary>uint8 resize with the same signature as the reference (makes its plan and scratch on each call).</summary>
    public static void Run(ReadOnlySpan<int> inputShape, ReadOnlySpan<byte> input, int outHeight, int outWidth,
                           bool alignCorners, bool halfPixelCenters, Span<byte> output)
    {
        var plan = CreatePlan(inputShape, outHeight, outWidth, alignCorners, halfPixelCenters, integer: false);
        if (!plan.Covered || output.Length == 0)
        {
            Reference.ResizeBilinear.Run(inputShape, input, outHeight, outWidth, alignCorners, halfPixelCenters, output);
            return;
        }
        RunRows(plan, input, output, 0, plan.Rows, new float[plan.ScratchLength]);
    }

    /// <summary>int8 resize with the same signature as the reference (makes its plan and scratch on each call).</summary>
    public static void Run(ReadOnlySpan<int> inputShape, ReadOnlySpan<sbyte> input, int outHeight, int outWidth,
                           bool alignCorners, bool halfPixelCenters, Span<sbyte> output)
    {
        var plan = CreatePlan(inputShape, outHeight, outWidth, alignCorners, halfPixelCenters, integer: true);
        if (!plan.Covered || output.Length == 0)
        {
            Reference.ResizeBilinear.RunInteger(inputShape, input, outHeight, outWidth, alignCorners, halfPixelCenters, output);
            return;
        }
        RunRows(plan, input, output, 0, plan.Rows, new int[plan.ScratchLength]);
    }

    private static void CheckRun(Plan plan, int inputLength, int outputLength, int rowStart, int rowEnd, int scratchLength, bool integer)
    {
        if (!plan.Covered) throw new ArgumentException("the plan is not covered by the optimized kernel; run the reference");
        if (plan.Integer != integer) throw new ArgumentException($"the plan was made for {(plan.Integer ? "int8" : "uint8")}");
        ShapeMath.CheckLength(inputLength, plan.Batch * plan.InH * plan.InW * plan.Depth, "input");
        ShapeMath.CheckLength(outputLength, plan.Batch * plan.OutH * plan.OutW * plan.Depth, "output");
        if ((uint)rowStart > (uint)rowEnd || rowEnd > plan.Rows)
            throw new ArgumentOutOfRangeException(nameof(rowEnd), $"rows [{rowStart}, {rowEnd}) outside [0, {plan.Rows})");
        if (scratchLength < plan.ScratchLength) throw new ArgumentException($"scratch has {scratchLength} elements, needs {plan.ScratchLength}");
    }

    /// <summary>
    /// uint8 output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) (row = batch * outH + y); each row is
    /// computed on its own, so disjoint ranges may run on different threads (each with its own scratch).
    /// </summary>
    public static void RunRows(Plan plan, ReadOnlySpan<byte> input, Span<byte> output, int rowStart, int rowEnd, Span<float> scratch)
    {
        CheckRun(plan, input.Length, output.Length, rowStart, rowEnd, scratch.Length, integer: false);
        int depth = plan.Depth, rowLen = plan.InW * depth, outRowLen = plan.OutW * depth;
        if (outRowLen == 0) return;
        Span<float> t0 = scratch[..rowLen], t1 = scratch.Slice(rowLen, rowLen);   // [inW, depth] v*fy0, v*fy1
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / plan.OutH, y = row % plan.OutH;
            var r0 = input.Slice((b * plan.InH + plan.Y0[y]) * rowLen, rowLen);
            var r1 = input.Slice((b * plan.InH + plan.Y1[y]) * rowLen, rowLen);
            float fy0 = plan.Fy0[y], fy1 = plan.Fy1[y];
            if (plan.Columns is null)
            {
                ScaleU8(r0, fy0, t0);
                ScaleU8(r1, fy1, t1);
            }
            else
                foreach (int c in plan.Columns)
                {
                    ScaleU8(r0.Slice(c * depth, depth), fy0, t0.Slice(c * depth, depth));
                    ScaleU8(r1.Slice(c * depth, depth), fy1, t1.Slice(c * depth, depth));
                }
            HorizontalU8(plan, t0, t1, output.Slice(row * outRowLen, outRowLen));
        }
    }

    /// <summary>int8 output rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>), as the uint8 overload.</summary>
    public static void RunRows(Plan plan, ReadOnlySpan<sbyte> input, Span<sbyte> output, int rowStart, int rowEnd, Span<int> scratch)
    {
        CheckRun(plan, input.Length, output.Length, rowStart, rowEnd, scratch.Length, integer: true);
        int depth = plan.Depth, rowLen = plan.InW * depth, outRowLen = plan.OutW * depth;
        if (outRowLen == 0) return;
        Span<int> col = scratch[..rowLen];   // [inW, depth] v0*wy0 + v1*wy1
        for (int row = rowStart; row < rowEnd; row++)
        {
            int b = row / plan.OutH, y = row % plan.OutH;
            var r0 = input.Slice((b * plan.InH + plan.Y0[y]) * rowLen, rowLen);
            var r1 = input.Slice((b * plan.InH + plan.Y1[y]) * rowLen, rowLen);
            int wy0 = plan.Wy0[y], wy1 = plan.Wy1[y];
            if (plan.Columns is null)
                VerticalI8(r0, r1, wy0, wy1, col);
            else
                foreach (int c in plan.Columns)
                    VerticalI8(r0.Slice(c * depth, depth), r1.Slice(c * depth, depth), wy0, wy1, col.Slice(c * depth, depth));
            HorizontalI8(plan, col, output.Slice(row * outRowLen, outRowLen));
        }
    }

    /// <summary>dst[i] = src[i] * f, the reference's first product (byte to float is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleU8(ReadOnlySpan<byte> src, float f, Span<float> dst)
    {
        int n = src.Length, i = 0;
        if (Avx2.IsSupported && n >= 8)
        {
            ref byte s = ref MemoryMarshal.GetReference(src);
            ref float d = ref MemoryMarshal.GetReference(dst);
            if (Avx512F.IsSupported)
            {
                var wf = Vector512.Create(f);
                for (; i <= n - 16; i += 16)
                {
                    var w = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref s, (nuint)i));
                    (Avx512F.ConvertToVector512Single(w) * wf).StoreUnsafe(ref d, (nuint)i);
                }
                if (i == n) return;
            }
            var vf = Vector256.Create(f);
            for (; ; i += 8)
            {
                if (i > n - 8) i = n - 8;   // the last vector overlaps the previous one
                var v = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref s, i))).AsByte());
                (Avx.ConvertToVector256Single(v) * vf).StoreUnsafe(ref d, (nuint)i);
                if (i == n - 8) return;
            }
        }
        for (; i < n; i++) dst[i] = src[i] * f;
    }

    /// <summary>dst[i] = v0[i]*wy0 + v1[i]*wy1 (exact in int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VerticalI8(ReadOnlySpan<sbyte> r0, ReadOnlySpan<sbyte> r1, int wy0, int wy1, Span<int> dst)
    {
        int n = r0.Length, i = 0;
        if (Avx2.IsSupported && n >= 8)
        {
            ref byte s0 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(r0));
            ref byte s1 = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(r1));
            ref int d = ref MemoryMarshal.GetReference(dst);
            if (Avx512F.IsSupported)
            {
                var v0 = Vector512.Create(wy0);
                var v1 = Vector512.Create(wy1);
                for (; i <= n - 16; i += 16)
                {
                    var a = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref s0, (nuint)i).AsSByte());
                    var c = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref s1, (nuint)i).AsSByte());
                    Avx512F.Add(Avx512F.MultiplyLow(a, v0), Avx512F.MultiplyLow(c, v1)).StoreUnsafe(ref d, (nuint)i);
                }
                if (i == n) return;
            }
            var w0 = Vector256.Create(wy0);
            var w1 = Vector256.Create(wy1);
            for (; ; i += 8)
            {
                if (i > n - 8) i = n - 8;
                var a = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref s0, i))).AsSByte());
                var c = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref s1, i))).AsSByte());
                Avx2.Add(Avx2.MultiplyLow(a, w0), Avx2.MultiplyLow(c, w1)).StoreUnsafe(ref d, (nuint)i);
                if (i == n - 8) return;
            }
        }
        for (; i < n; i++) dst[i] = r0[i] * wy0 + r1[i] * wy1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> BlendU8(ref float t0, ref float t1, int a, int b, Vector256<float> fx0, Vector256<float> fx1)
    {
        var s = Vector256.LoadUnsafe(ref t0, (nuint)a) * fx0 + Vector256.LoadUnsafe(ref t1, (nuint)a) * fx0 +
                Vector256.LoadUnsafe(ref t0, (nuint)b) * fx1 + Vector256.LoadUnsafe(ref t1, (nuint)b) * fx1 + Vector256.Create(0.5f);
        var v = Avx.ConvertToVector256Int32WithTruncation(s);
        return Avx2.Min(Avx2.Max(v, Vector256<int>.Zero), Vector256.Create(255));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalU8(Plan plan, Span<float> t0s, Span<float> t1s, Span<byte> dst)
    {
        int depth = plan.Depth, outW = plan.OutW;
        int[] xs0 = plan.X0, xs1 = plan.X1;
        float[] fs0 = plan.Fx0, fs1 = plan.Fx1;
        if (plan.FlatA is not null)
        {
            GatherU8(plan, t0s, t1s, dst);
            return;
        }
        if (!Avx2.IsSupported || depth < 8)
        {
            ref float s0 = ref MemoryMarshal.GetReference(t0s);
            ref float s1 = ref MemoryMarshal.GetReference(t1s);
            for (int x = 0, o = 0; x < outW; x++)
            {
                int a = xs0[x], b = xs1[x];
                float fx0 = fs0[x], fx1 = fs1[x];
                for (int c = 0; c < depth; c++)
                {
                    float v = Unsafe.Add(ref s0, a + c) * fx0 + Unsafe.Add(ref s1, a + c) * fx0 +
                              Unsafe.Add(ref s0, b + c) * fx1 + Unsafe.Add(ref s1, b + c) * fx1 + 0.5f;
                    dst[o++] = (byte)Math.Clamp((int)v, 0, 255);
                }
            }
            return;
        }
        ref float t0 = ref MemoryMarshal.GetReference(t0s);
        ref float t1 = ref MemoryMarshal.GetReference(t1s);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        for (int x = 0, o = 0; x < outW; x++, o += depth)
        {
            int a = xs0[x], b = xs1[x];
            var fx0 = Vector256.Create(fs0[x]);
            var fx1 = Vector256.Create(fs1[x]);
            int c = 0;
            if (Avx512F.IsSupported)
            {
                var gx0 = Vector512.Create(fs0[x]);
                var gx1 = Vector512.Create(fs1[x]);
                for (; c <= depth - 16; c += 16)
                {
                    var sum = Vector512.LoadUnsafe(ref t0, (nuint)(a + c)) * gx0 + Vector512.LoadUnsafe(ref t1, (nuint)(a + c)) * gx0 +
                              Vector512.LoadUnsafe(ref t0, (nuint)(b + c)) * gx1 + Vector512.LoadUnsafe(ref t1, (nuint)(b + c)) * gx1 +
                              Vector512.Create(0.5f);
                    var v = Avx512F.Min(Avx512F.Max(Avx512F.ConvertToVector512Int32WithTruncation(sum), Vector512<int>.Zero), Vector512.Create(255));
                    Avx512F.ConvertToVector128Byte(v).StoreUnsafe(ref d, (nuint)(o + c));
                }
            }
            for (; c <= depth - 16; c += 16)
            {
                var lo = BlendU8(ref t0, ref t1, a + c, b + c, fx0, fx1);
                var hi = BlendU8(ref t0, ref t1, a + c + 8, b + c + 8, fx0, fx1);
                VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref d, (nuint)(o + c));
            }
            for (; c < depth; c += 8)
            {
                if (c > depth - 8) c = depth - 8;   // the last vector overlaps the previous one
                var v = BlendU8(ref t0, ref t1, a + c, b + c, fx0, fx1);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, o + c), VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar());
            }
        }
    }

    /// <summary>The reference's rounding: sign(s) * ((|s| + 2^19) >> 20), i.e. (s ± 2^19) / 2^20 truncated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> BlendI8(ref int col, int a, int b, Vector256<int> wx0, Vector256<int> wx1)
    {
        var s = Avx2.Add(Avx2.MultiplyLow(Vector256.LoadUnsafe(ref col, (nuint)a), wx0), Avx2.MultiplyLow(Vector256.LoadUnsafe(ref col, (nuint)b), wx1));
        var sign = Avx2.ShiftRightArithmetic(s, 31);
        var q = Avx2.ShiftRightLogical(Avx2.Add(Avx2.Abs(s).AsInt32(), Vector256.Create(1 << 19)), 20);
        return Avx2.Subtract(Avx2.Xor(q, sign), sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalI8(Plan plan, Span<int> cols, Span<sbyte> dst)
    {
        int depth = plan.Depth, outW = plan.OutW;
        int[] xs0 = plan.X0, xs1 = plan.X1;
        int[] ws0 = plan.Wx0, ws1 = plan.Wx1;
        if (plan.FlatA is not null)
        {
            GatherI8(plan, cols, dst);
            return;
        }
        if (!Avx2.IsSupported || depth < 8)
        {
            ref int cs = ref MemoryMarshal.GetReference(cols);
            for (int x = 0, o = 0; x < outW; x++)
            {
                int a = xs0[x], b = xs1[x], wx0 = ws0[x], wx1 = ws1[x];
                for (int c = 0; c < depth; c++)
                {
                    int s = Unsafe.Add(ref cs, a + c) * wx0 + Unsafe.Add(ref cs, b + c) * wx1;
                    int sign = s >> 31;   // branch-free: the signs of random data defeat the predictor
                    int q = (((s ^ sign) - sign) + (1 << 19)) >> 20;
                    dst[o++] = (sbyte)((q ^ sign) - sign);
                }
            }
            return;
        }
        ref int col = ref MemoryMarshal.GetReference(cols);
        ref byte d = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(dst));
        for (int x = 0, o = 0; x < outW; x++, o += depth)
        {
            int a = xs0[x], b = xs1[x];
            var wx0 = Vector256.Create(ws0[x]);
            var wx1 = Vector256.Create(ws1[x]);
            int c = 0;
            if (Avx512F.IsSupported)
            {
                var gx0 = Vector512.Create(ws0[x]);
                var gx1 = Vector512.Create(ws1[x]);
                for (; c <= depth - 16; c += 16)
                {
                    var sum = Avx512F.Add(Avx512F.MultiplyLow(Vector512.LoadUnsafe(ref col, (nuint)(a + c)), gx0),
                                          Avx512F.MultiplyLow(Vector512.LoadUnsafe(ref col, (nuint)(b + c)), gx1));
                    var sign = Avx512F.ShiftRightArithmetic(sum, 31);
                    var q = Avx512F.ShiftRightLogical(Avx512F.Add(Avx512F.Abs(sum).AsInt32(), Vector512.Create(1 << 19)), 20);
                    Avx512F.ConvertToVector128SByte(Avx512F.Subtract(Avx512F.Xor(q, sign), sign)).AsByte().StoreUnsafe(ref d, (nuint)(o + c));
                }
            }
            for (; c <= depth - 16; c += 16)
            {
                var lo = BlendI8(ref col, a + c, b + c, wx0, wx1);
                var hi = BlendI8(ref col, a + c + 8, b + c + 8, wx0, wx1);
                VectorRequantize.NarrowToInt8(lo, hi).AsByte().StoreUnsafe(ref d, (nuint)(o + c));
            }
            for (; c < depth; c += 8)
            {
                if (c > depth - 8) c = depth - 8;
                var v = BlendI8(ref col, a + c, b + c, wx0, wx1);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, o + c), VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar());
            }
        }
    }

    /// <summary>A row of fewer than 8 channels: 8 output elements at a time, their sources gathered (the last 8 overlap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GatherU8(Plan plan, Span<float> t0s, Span<float> t1s, Span<byte> dst)
    {
        int n = dst.Length;
        ref int ia = ref MemoryMarshal.GetArrayDataReference(plan.FlatA!);
        ref int ib = ref MemoryMarshal.GetArrayDataReference(plan.FlatB!);
        ref float f0 = ref MemoryMarshal.GetArrayDataReference(plan.FlatF0!);
        ref float f1 = ref MemoryMarshal.GetArrayDataReference(plan.FlatF1!);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        fixed (float* t0 = t0s, t1 = t1s)
        {
            for (int j = 0; ; j += 8)
            {
                if (j > n - 8) j = n - 8;
                var a = Vector256.LoadUnsafe(ref ia, (nuint)j);
                var b = Vector256.LoadUnsafe(ref ib, (nuint)j);
                var fx0 = Vector256.LoadUnsafe(ref f0, (nuint)j);
                var fx1 = Vector256.LoadUnsafe(ref f1, (nuint)j);
                var sum = Avx2.GatherVector256(t0, a, 4) * fx0 + Avx2.GatherVector256(t1, a, 4) * fx0 +
                          Avx2.GatherVector256(t0, b, 4) * fx1 + Avx2.GatherVector256(t1, b, 4) * fx1 + Vector256.Create(0.5f);
                var v = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32WithTruncation(sum), Vector256<int>.Zero), Vector256.Create(255));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, j), VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar());
                if (j == n - 8) return;
            }
        }
    }

    /// <summary>The int8 counterpart of <see cref="GatherU8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GatherI8(Plan plan, Span<int> cols, Span<sbyte> dst)
    {
        int n = dst.Length;
        ref int ia = ref MemoryMarshal.GetArrayDataReference(plan.FlatA!);
        ref int ib = ref MemoryMarshal.GetArrayDataReference(plan.FlatB!);
        ref int w0 = ref MemoryMarshal.GetArrayDataReference(plan.FlatW0!);
        ref int w1 = ref MemoryMarshal.GetArrayDataReference(plan.FlatW1!);
        ref byte d = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(dst));
        fixed (int* col = cols)
        {
            for (int j = 0; ; j += 8)
            {
                if (j > n - 8) j = n - 8;
                var s = Avx2.Add(Avx2.MultiplyLow(Avx2.GatherVector256(col, Vector256.LoadUnsafe(ref ia, (nuint)j), 4), Vector256.LoadUnsafe(ref w0, (nuint)j)),
                                 Avx2.MultiplyLow(Avx2.GatherVector256(col, Vector256.LoadUnsafe(ref ib, (nuint)j), 4), Vector256.LoadUnsafe(ref w1, (nuint)j)));
                var sign = Avx2.ShiftRightArithmetic(s, 31);
                var q = Avx2.ShiftRightLogical(Avx2.Add(Avx2.Abs(s).AsInt32(), Vector256.Create(1 << 19)), 20);
                var v = Avx2.Subtract(Avx2.Xor(q, sign), sign);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, j), VectorRequantize.NarrowToInt8(v, v).AsInt64().ToScalar());
                if (j == n - 8) return;
            }
        }
    }
}
