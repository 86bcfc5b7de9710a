using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// REDUCE_WINDOW (TFLite's stablehlo_reduce_window.cc, the TFLite form): input, one-element init value, and constant
/// int64 window shape, window strides and window dilations (one value per input dimension, each &gt;= 1); the
/// reduction comes from ReduceWindowOptions.reduce_function. No base dilation or padding.
/// </summary>
internal sealed class ReduceWindowOp : IOpKernel
{
    private ReduceWindowRunner? _runner;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 5, 1);
        ReduceWindowRunner.CheckTensors(ctx);
        int rank = ctx.Input(0).Rank;
        var fn = ctx.GetOptions<ReduceWindowOptions>().ReduceFunction;
        var kind = fn switch
        {
            ReduceWindowFunction.Add => Ref.ReduceWindowKind.Add,
            ReduceWindowFunction.Mul => Ref.ReduceWindowKind.Mul,
            ReduceWindowFunction.Minimum => Ref.ReduceWindowKind.Minimum,
            ReduceWindowFunction.Maximum => Ref.ReduceWindowKind.Maximum,
            ReduceWindowFunction.All => Ref.ReduceWindowKind.All,
            ReduceWindowFunction.Any => Ref.ReduceWindowKind.Any,
            _ => throw ctx.Fail($"reduce_function {fn} is not a reduction (ReduceWindowOptions)"),
        };
        _runner = new ReduceWindowRunner
        {
            Kind = kind,
            Window = Read(ctx, 2, "window_shape", rank),
            Strides = Read(ctx, 3, "window_strides", rank),
            WindowDilations = Read(ctx, 4, "window_dilations", rank),
            BaseDilations = Enumerable.Repeat(1L, rank).ToArray(),
            Padding = new long[2 * rank],
        };
        _runner.Resize(ctx);
    }

    private static long[] Read(OpContext ctx, int index, string name, int rank)
    {
        var t = ctx.Input(index);
        ExpectType(ctx, t, name, TensorType.Int64);
        if (!t.IsConstant) throw ctx.Fail($"{name} {Describe(t)} must be a constant tensor");
        if (t.Rank != 1) throw ctx.Fail($"{name} {Describe(t)} must be a vector");
        return ReduceWindowRunner.Param(ctx, t.GetData<long>().ToArray(), rank, name, 1, null);
    }

    public void Eval(OpContext ctx) => (_runner ?? throw ctx.Fail("Eval before Prepare")).Run(ctx);

    /// <summary>Output elements x window elements (from the window shape input).</summary>
    public static long Work(OpContext ctx)
    {
        var input = ctx.Input(0);
        long window = 1;
        if (ctx.InputCount > 2 && ctx.Input(2).DataType == TensorType.Int64)
            foreach (long w in ctx.Input(2).GetData<long>()) window = OpWork.Mul(window, Math.Max(w, 1));
        return OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, window), input.ElementCount);
    }
}
