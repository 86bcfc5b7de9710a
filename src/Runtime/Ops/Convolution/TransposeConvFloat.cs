using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Kernels.Threading;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// The float path shared by TRANSPOSE_CONV and MediaPipe's Convolution2DTransposeBias: microkernel choice, weight
/// packing (once, shared by the model's interpreters, when the weights are constant), scratch, and the split of output
/// rows across the interpreter's threads (<see cref="Opt.TransposeConv.SplitRow"/>; each task has its own column
/// scratch and adds in the order of one thread, so the bits do not depend on the thread count).
/// </summary>
internal sealed class TransposeConvFloat : IParallelWork
{
    private readonly int _inputIndex, _weightsIndex, _biasIndex;

    /// <summary>Input positions of the operator: data, weights [OC, KH, KW, IC], and bias [OC] (optional input).</summary>
    public TransposeConvFloat(int input, int weights, int bias) => (_inputIndex, _weightsIndex, _biasIndex) = (input, weights, bias);

    /// <summary>
    /// Multiply-adds per thread below which the node stays on one thread: about 20 microseconds of this kernel when the
    /// scatter of few output channels dominates (selfie_segmentation's 1M-MAC upsampling takes 0.2 ms), a few when the
    /// GEMM does; a dispatch costs one or two.
    /// </summary>
    private const long MinMacsPerTask = 100_000;

    private OpContext? _ctx;
    private TransposeConvParams _p;
    private F32GemmMicrokernel? _uk;
    private AlignedArray<float>? _packed;
    private int _packScratch = -1;
    private int _colScratch = -1;
    private int _colLength;
    private int _tasks = 1;

    public void Prepare(OpContext ctx, bool reference, in TransposeConvParams p, LiteTensor weights)
    {
        _ctx = ctx;
        _p = p;
        _uk = reference ? null : Opt.TransposeConv.SelectMicrokernel(p);
        _packed = null;
        _packScratch = _colScratch = -1;
        _tasks = 1;
        if (_uk is null) return;
        int length = Opt.TransposeConv.PackedWeightsLength(p, _uk);
        if (weights.IsConstant)
        {
            var (pp, kernel) = (p, _uk);
            _packed = ctx.GetSharedWeights(("f32-transpose-conv", kernel.Id, pp with { Batches = 0, InputHeight = 0, InputWidth = 0, OutputHeight = 0, OutputWidth = 0 }), () =>
            {
                var a = new AlignedArray<float>(length);
                Opt.TransposeConv.PackWeights(pp, kernel, weights.GetData<float>(), a.Span);
                return a;
            }, w => w?.ByteSize ?? 0);
        }
        else
        {
            _packScratch = ctx.RequestScratch(checked(length * sizeof(float)));
        }
        long macsPerInputRow = (long)p.InputWidth * p.InputChannels * p.FilterHeight * p.FilterWidth * p.OutputChannels;
        _tasks = ParallelSplit.Tasks(ctx.Parallel.Concurrency, (long)p.Batches * p.InputHeight, macsPerInputRow, MinMacsPerTask);
        _colLength = Opt.TransposeConv.ScratchLength(p);
        _colScratch = ctx.RequestScratch(checked(_colLength * _tasks * sizeof(float)));
    }

    /// <summary>Runs the reference or optimized kernel without allocating.</summary>
    public void Run(OpContext ctx)
    {
        if (_uk is null)
        {
            var bias = ctx.OptionalInput(_biasIndex);
            Ref.TransposeConv.Run(_p, ctx.Input(_inputIndex).GetData<float>(), ctx.Input(_weightsIndex).GetData<float>(),
                                  bias is null ? default : bias.GetData<float>(), ctx.Output(0).GetWritableData<float>());
            return;
        }
        if (_packed is null)
            Opt.TransposeConv.PackWeights(_p, _uk, ctx.Input(_weightsIndex).GetData<float>(), MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_packScratch)));
        if (_tasks > 1) ctx.Parallel.For(_tasks, this);
        else Execute(0);
    }

    /// <summary>One task: the output rows between two split points, with its own slice of the column scratch.</summary>
    public void Execute(int task)
    {
        var ctx = _ctx!;
        var bias = ctx.OptionalInput(_biasIndex);
        ReadOnlySpan<float> packed = _packed is not null ? _packed.Span : MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_packScratch));
        var scratch = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(_colScratch)).Slice(task * _colLength, _colLength);
        Opt.TransposeConv.RunPackedRows(_p, _uk!, ctx.Input(_inputIndex).GetData<float>(), packed, bias is null ? default : bias.GetData<float>(),
                                        ctx.Output(0).GetWritableData<float>(), scratch,
                                        Opt.TransposeConv.SplitRow(_p, task, _tasks), Opt.TransposeConv.SplitRow(_p, task + 1, _tasks));
    }
}
