using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// STABLEHLO_REDUCE_WINDOW (TFLite's stablehlo_reduce_window.cc): input and one-element init value; options
/// window_dimensions (required), window_strides, base_dilations, window_dilations (default 1) and padding (2 per
/// dimension, default 0, negative crops). The reduction is read from the body subgraph, which must hold exactly one
/// operator: ADD / STABLEHLO_ADD, MUL / STABLEHLO_MULTIPLY, MAXIMUM / STABLEHLO_MAXIMUM, MINIMUM / STABLEHLO_MINIMUM,
/// LOGICAL_AND / STABLEHLO_AND, LOGICAL_OR / STABLEHLO_OR (TFLite never runs the body either).
/// </summary>
internal sealed class StableHloReduceWindowOp : IOpKernel
{
    private ReduceWindowRunner? _runner;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 2, 1);
        ReduceWindowRunner.CheckTensors(ctx);
        int rank = ctx.Input(0).Rank;
        var o = ctx.GetOptions<StablehloReduceWindowOptions>();
        if (o.WindowDimensions.Length == 0) throw ctx.Fail("window_dimensions is required and cannot be empty");
        _runner = new ReduceWindowRunner
        {
            Kind = BodyKind(ctx, o.BodySubgraphIndex),
            Window = ReduceWindowRunner.Param(ctx, o.WindowDimensions, rank, "window_dimensions", 1, null),
            Strides = ReduceWindowRunner.Param(ctx, o.WindowStrides, rank, "window_strides", 1, 1),
            BaseDilations = ReduceWindowRunner.Param(ctx, o.BaseDilations, rank, "base_dilations", 1, 1),
            WindowDilations = ReduceWindowRunner.Param(ctx, o.WindowDilations, rank, "window_dilations", 1, 1),
            Padding = ReduceWindowRunner.Param(ctx, o.Padding, 2 * rank, "padding", long.MinValue, 0),
        };
        _runner.Resize(ctx);
    }

    private static Ref.ReduceWindowKind BodyKind(OpContext ctx, int index)
    {
        var model = (ctx.Interpreter ?? throw ctx.Fail("STABLEHLO_REDUCE_WINDOW needs an interpreter")).Model.Definition;
        if ((uint)index >= (uint)model.SubGraphs.Count || index == ctx.SubgraphIndex)
            throw ctx.Fail($"body subgraph index {index} is out of range [0, {model.SubGraphs.Count}) or the calling subgraph");
        var body = model.SubGraphs[index];
        if (body.Operators.Count != 1)
            throw ctx.Fail($"body subgraph {index} has {body.Operators.Count} operators; exactly one is allowed");
        var code = model.OperatorCodes[body.Operators[0].OpcodeIndex].Code;
        return code switch
        {
            BuiltinOperator.ADD or BuiltinOperator.STABLEHLO_ADD => Ref.ReduceWindowKind.Add,
            BuiltinOperator.MUL or BuiltinOperator.STABLEHLO_MULTIPLY => Ref.ReduceWindowKind.Mul,
            BuiltinOperator.MAXIMUM or BuiltinOperator.STABLEHLO_MAXIMUM => Ref.ReduceWindowKind.Maximum,
            BuiltinOperator.MINIMUM or BuiltinOperator.STABLEHLO_MINIMUM => Ref.ReduceWindowKind.Minimum,
            BuiltinOperator.LOGICAL_AND or BuiltinOperator.STABLEHLO_AND => Ref.ReduceWindowKind.All,
            BuiltinOperator.LOGICAL_OR or BuiltinOperator.STABLEHLO_OR => Ref.ReduceWindowKind.Any,
            _ => throw ctx.Fail($"body subgraph {index} computes {code}, which is not a supported reduction"),
        };
    }

    public void Eval(OpContext ctx) => (_runner ?? throw ctx.Fail("Eval before Prepare")).Run(ctx);

    /// <summary>Output elements x window elements (from the options).</summary>
    public static long Work(OpContext ctx)
    {
        long window = 1;
        foreach (long w in ctx.GetOptions<StablehloReduceWindowOptions>().WindowDimensions) window = OpWork.Mul(window, Math.Clamp(w, 1, int.MaxValue));
        return OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, window), ctx.Input(0).ElementCount);
    }
}
