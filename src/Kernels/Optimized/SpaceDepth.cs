using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ManagedLite.Kernels.Optimized;

/// <summary>
/// SPACE_TO_DEPTH (NHWC) for any element type, identical to <see cref="Reference.SpaceToDepth"/> (a pure copy): input
/// row <c>y</c> holds, for every output column <c>ox</c>, the <c>block_size * depth</c> contiguous elements of input
/// columns <c>ox*bs .. ox*bs + bs - 1</c>, which land contiguously at depth offset <c>(y % bs) * bs * depth</c> of output
/// pixel <c>(y / bs, ox)</c>; each such run is one copy.
/// </summary>
public static class SpaceToDepth
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int blockSize, Span<T> output) where T : unmanaged
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (blockSize < 1) throw new ArgumentException($"block size must be >= 1, got {blockSize}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], inD = inputShape[3];
        if (inH % blockSize != 0 || inW % blockSize != 0)
            throw new ArgumentException($"input height {inH} and width {inW} must be divisible by block size {blockSize}");
        int outW = inW / blockSize, outD = checked(inD * blockSize * blockSize);
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, input.Length, "output");
        if (input.Length == 0) return;

        int size = Unsafe.SizeOf<T>();
        int run = blockSize * inD * size;              // bytes of one run
        int inRow = inW * inD * size, outPixel = outD * size, outRow = outW * outPixel;
        ref byte src = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(input));
        ref byte dst = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(output));
        int rows = batch * inH;
        for (int y = 0; y < rows; y++)
        {
            // Input row y (batch-major) is output row y / bs (also batch-major: outH = inH / bs per batch), depth block y % bs.
            ref byte s = ref Unsafe.Add(ref src, (nint)y * inRow);
            ref byte d = ref Unsafe.Add(ref dst, (nint)(y / blockSize) * outRow + (y % blockSize) * run);
            for (int ox = 0; ox < outW; ox++)
                ByteRuns.Copy(ref Unsafe.Add(ref s, (nint)ox * run), ref Unsafe.Add(ref d, (nint)ox * outPixel), run);
        }
    }
}

/// <summary>
/// DEPTH_TO_SPACE (NHWC) for any element type, identical to <see cref="Reference.DepthToSpace"/>: output row
/// <c>y</c>'s columns <c>ix*bs .. ix*bs + bs - 1</c> are the <c>block_size * outDepth</c> contiguous elements of input
/// pixel <c>(y / bs, ix)</c> from depth offset <c>(y % bs) * bs * outDepth</c>; each such run is one copy.
/// </summary>
public static class DepthToSpace
{
    public static void Run<T>(ReadOnlySpan<int> inputShape, ReadOnlySpan<T> input, int blockSize, Span<T> output) where T : unmanaged
    {
        if (inputShape.Length != 4) throw new ArgumentException($"input must be 4D, got {ShapeMath.Format(inputShape)}");
        if (blockSize < 1) throw new ArgumentException($"block size must be >= 1, got {blockSize}");
        int batch = inputShape[0], inH = inputShape[1], inW = inputShape[2], inD = inputShape[3];
        long bb = (long)blockSize * blockSize;
        if (inD % bb != 0) throw new ArgumentException($"input depth {inD} is not divisible by block size squared ({bb})");
        int outD = (int)(inD / bb);
        int outH = checked(inH * blockSize);
        checked { _ = inW * blockSize; }
        ShapeMath.CheckLength(input.Length, ShapeMath.FlatSize(inputShape, "input shape"), "input");
        ShapeMath.CheckLength(output.Length, input.Length, "output");
        if (input.Length == 0) return;

        int size = Unsafe.SizeOf<T>();
        int run = blockSize * outD * size;             // bytes of one run
        int inPixel = inD * size, inRow = inW * inPixel, outRow = inW * run;
        ref byte src = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(input));
        ref byte dst = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(output));
        int rows = batch * outH;
        for (int y = 0; y < rows; y++)
        {
            ref byte s = ref Unsafe.Add(ref src, (nint)(y / blockSize) * inRow + (y % blockSize) * run);
            ref byte d = ref Unsafe.Add(ref dst, (nint)y * outRow);
            for (int ix = 0; ix < inW; ix++)
                ByteRuns.Copy(ref Unsafe.Add(ref s, (nint)ix * inPixel), ref Unsafe.Add(ref d, (nint)ix * run), run);
        }
    }
}

/// <summary>Copies of short non-overlapping byte runs, inline for the sizes where a memmove call costs more than the copy.</summary>
internal static class ByteRuns
{
    /// <summary>
    /// Copies <paramref name="bytes"/> bytes (the source and destination do not overlap): up to 64 bytes as two
    /// possibly overlapping loads and stores of the widest size that fits, up to 2 KiB in 32- or 64-byte vectors (the last
    /// one overlapping), longer runs with a span copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref byte s, ref byte d, int bytes)
    {
        if (bytes <= 64 && Vector256.IsHardwareAccelerated)
        {
            if (bytes >= 32)
            {
                var a = Vector256.LoadUnsafe(ref s);
                var b = Vector256.LoadUnsafe(ref s, (nuint)(bytes - 32));
                a.StoreUnsafe(ref d);
                b.StoreUnsafe(ref d, (nuint)(bytes - 32));
            }
            else if (bytes >= 16)
            {
                var a = Vector128.LoadUnsafe(ref s);
                var b = Vector128.LoadUnsafe(ref s, (nuint)(bytes - 16));
                a.StoreUnsafe(ref d);
                b.StoreUnsafe(ref d, (nuint)(bytes - 16));
            }
            else if (bytes >= 8)
            {
                ulong a = Unsafe.ReadUnaligned<ulong>(ref s), b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, bytes - 8));
                Unsafe.WriteUnaligned(ref d, a);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, bytes - 8), b);
            }
            else if (bytes >= 4)
            {
                uint a = Unsafe.ReadUnaligned<uint>(ref s), b = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, bytes - 4));
                Unsafe.WriteUnaligned(ref d, a);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, bytes - 4), b);
            }
            else
            {
                for (int i = 0; i < bytes; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
            }
            return;
        }
        if (bytes <= 2048 && Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; ; i += 64)
            {
                if (i > bytes - 64) i = bytes - 64;
                Vector512.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref d, (nuint)i);
                if (i == bytes - 64) return;
            }
        }
        if (bytes <= 2048 && Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; ; i += 32)
            {
                if (i > bytes - 32) i = bytes - 32;
                Vector256.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref d, (nuint)i);
                if (i == bytes - 32) return;
            }
        }
        MemoryMarshal.CreateReadOnlySpan(ref s, bytes).CopyTo(MemoryMarshal.CreateSpan(ref d, bytes));
    }
}
