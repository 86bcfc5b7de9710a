using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.SignalComplex;

/// <summary>
/// RFFT2D (TFLite's rfft2d.cc): float32 input of rank &gt;= 2 and fft_length, int32 [2] (fft_height, fft_width, each a
/// power of two) -> complex64 [..., fft_height, fft_width / 2 + 1]: the 2-D real FFT of every innermost slice,
/// cropped or zero-padded to the FFT size. When fft_length is not known at preparation the output is dynamic.
/// </summary>
internal sealed class Rfft2dOp : IOpKernel
{
    /// <summary>Largest FFT side accepted (2^24): the scratch and output are also bounded by ModelLimits.MaxTensorBytes.</summary>
    public const int MaxFftLength = 1 << 24;

    private bool _dynamic;
    private int _scratch;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        var input = ctx.Input(0);
        var length = ctx.Input(1);
        ExpectType(ctx, input, "input", TensorType.Float32);
        ExpectRank(ctx, input, "input", 2);
        ExpectType(ctx, length, "fft_length", TensorType.Int32);
        if (length.Rank != 1 || length.Dim(0) != 2)
            throw ctx.Fail($"fft_length {Describe(length)} must have shape [2] (fft_height, fft_width)");
        ExpectType(ctx, ctx.Output(0), "output", TensorType.Complex64);
        _dynamic = !length.IsKnownAtPrepare;
        if (_dynamic)
        {
            ctx.MarkOutputDynamic(0);
            // The FFT size is only known in Eval: the scratch is allocated there.
            _scratch = -1;
            return;
        }
        var (h, w) = ReadLengths(ctx);
        Resize(ctx, h, w);
        _scratch = ctx.RequestScratch(ScratchBytes(ctx, h, w));
    }

    private static (int Height, int Width) ReadLengths(OpContext ctx)
    {
        var t = ctx.Input(1);
        var v = t.GetData<int>();
        for (int i = 0; i < 2; i++)
            if (!Ref.Rfft2d.IsPowerOfTwo(v[i]) || v[i] > MaxFftLength)
                throw ctx.Fail($"fft_length {Describe(t)} value {i} is {v[i]}: it must be a power of two in [1, {MaxFftLength}]");
        return (v[0], v[1]);
    }

    private static int ScratchBytes(OpContext ctx, int h, int w)
    {
        long bytes = Ref.Rfft2d.ScratchDoubles(h, w) * sizeof(double);
        if (bytes > ctx.MaxTensorBytes || bytes > int.MaxValue)
            throw ctx.Fail($"fft_length {h}x{w} needs {bytes} bytes of scratch, over ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes})");
        return (int)bytes;
    }

    private static void Resize(OpContext ctx, int h, int w)
    {
        var input = ctx.Input(0);
        Span<int> shape = stackalloc int[input.Rank];
        input.Shape.CopyTo(shape);
        shape[^2] = h;
        shape[^1] = w / 2 + 1;
        ctx.ResizeOutput(0, shape);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        var (h, w) = ReadLengths(ctx);
        Span<double> scratch;
        if (_dynamic)
        {
            Resize(ctx, h, w);
            scratch = new double[ScratchBytes(ctx, h, w) / sizeof(double)];
        }
        else scratch = MemoryMarshal.Cast<byte, double>(ctx.GetScratch(_scratch));
        int rank = input.Rank;
        int slices = CheckedProduct(ctx, input.Shape, 0, rank - 2, "the slice count");
        Ref.Rfft2d.Run(input.GetData<float>(), slices, input.Dim(rank - 2), input.Dim(rank - 1), h, w,
            MemoryMarshal.Cast<byte, float>(ctx.Output(0).WritableBytes), scratch);
    }

    /// <summary>Work: per slice, fft_height x fft_width x log2 of it (rows and columns), plus the data.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var output = ctx.Output(0);
        var input = ctx.Input(0);
        if (output.Rank < 2 || input.Rank < 2) return OpWork.Linear(ctx);
        long slices = Product(input.Shape, 0, input.Rank - 2);
        long h = output.Dim(output.Rank - 2), w = Math.Max(1, 2L * (output.Dim(output.Rank - 1) - 1));
        long logs = 2 + (long)Math.Log2(Math.Max(2, h)) + (long)Math.Log2(Math.Max(2, w));
        return OpWork.Add(OpWork.Mul(OpWork.Mul(slices, OpWork.Mul(h, w)), logs), OpWork.Linear(ctx));
    }
}
