using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference.BinaryElementwise;
using Opt = ManagedLite.Kernels.Optimized.BinaryElementwise;

namespace ManagedLite.Ops;

/// <summary>Which broadcasting binary operator a <see cref="BinaryArithmeticOp"/> computes.</summary>
internal enum BinaryArithmeticKind { Add, Sub, Mul, Div, Maximum, Minimum, SquaredDifference, Pow }

/// <summary>
/// ADD, SUB, MUL, DIV (with fused activation), MAXIMUM, MINIMUM, SQUARED_DIFFERENCE and POW on float32
/// tensors with NumPy broadcasting up to rank 6.
/// </summary>
internal sealed class BinaryArithmeticOp : IOpKernel
{
    private readonly BinaryArithmeticKind _kind;
    private BroadcastPlan? _plan;
    private float _lo = float.NegativeInfinity, _hi = float.PositiveInfinity;

    public BinaryArithmeticOp(BinaryArithmeticKind kind) => _kind = kind;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        ElementwiseOpHelpers.ExpectFloat(context, a, "input 0");
        ElementwiseOpHelpers.ExpectFloat(context, b, "input 1");
        ElementwiseOpHelpers.ExpectFloat(context, output, "output");
        if (a.Rank > ElementwiseOpHelpers.MaxBroadcastRank || b.Rank > ElementwiseOpHelpers.MaxBroadcastRank)
            throw context.Fail($"inputs '{a.Name}' {ElementwiseOpHelpers.ShapeText(a.Shape)} and '{b.Name}' {ElementwiseOpHelpers.ShapeText(b.Shape)}: rank above {ElementwiseOpHelpers.MaxBroadcastRank} is not supported");
        var outShape = BroadcastPlan.TryGetOutputShape(a.Shape, b.Shape)
            ?? throw context.Fail($"input shapes {ElementwiseOpHelpers.ShapeText(a.Shape)} ('{a.Name}') and {ElementwiseOpHelpers.ShapeText(b.Shape)} ('{b.Name}') cannot be broadcast");
        // [N,1] with [1,M] can exceed int32 elements even when both inputs are small.
        long count = 1;
        foreach (int d in outShape) count = Math.Min(count, 1L << 32) * d; // clamped: no long overflow, a later 0 still gives 0
        if (count > int.MaxValue)
            throw context.Fail($"broadcasting {ElementwiseOpHelpers.ShapeText(a.Shape)} ('{a.Name}') with {ElementwiseOpHelpers.ShapeText(b.Shape)} ('{b.Name}') gives {ElementwiseOpHelpers.ShapeText(outShape)}, too many elements");
        _plan = BroadcastPlan.Create(a.Shape, b.Shape);

        ActivationFunctionType act = _kind switch
        {
            BinaryArithmeticKind.Add => context.GetOptions<AddOptions>().FusedActivation,
            BinaryArithmeticKind.Sub => context.GetOptions<SubOptions>().FusedActivation,
            BinaryArithmeticKind.Mul => context.GetOptions<MulOptions>().FusedActivation,
            BinaryArithmeticKind.Div => context.GetOptions<DivOptions>().FusedActivation,
            _ => ActivationFunctionType.None,
        };
        (_lo, _hi) = OpHelpers.FloatActivationRange(act);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        var x = a.GetData<float>();
        var y = b.GetData<float>();
        var z = output.GetWritableData<float>();
        if (context.UseReferenceKernels)
        {
            ReadOnlySpan<int> sa = a.Shape, sb = b.Shape, so = output.Shape;
            switch (_kind)
            {
                case BinaryArithmeticKind.Add: Ref.Add(sa, x, sb, y, so, z, _lo, _hi); break;
                case BinaryArithmeticKind.Sub: Ref.Sub(sa, x, sb, y, so, z, _lo, _hi); break;
                case BinaryArithmeticKind.Mul: Ref.Mul(sa, x, sb, y, so, z, _lo, _hi); break;
                case BinaryArithmeticKind.Div: Ref.Div(sa, x, sb, y, so, z, _lo, _hi); break;
                case BinaryArithmeticKind.Maximum: Ref.Maximum(sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Minimum: Ref.Minimum(sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.SquaredDifference: Ref.SquaredDifference(sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Pow: Ref.Pow(sa, x, sb, y, so, z); break;
            }
            return;
        }
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        switch (_kind)
        {
            case BinaryArithmeticKind.Add: Opt.Add(plan, x, y, z, _lo, _hi); break;
            case BinaryArithmeticKind.Sub: Opt.Sub(plan, x, y, z, _lo, _hi); break;
            case BinaryArithmeticKind.Mul: Opt.Mul(plan, x, y, z, _lo, _hi); break;
            case BinaryArithmeticKind.Div: Opt.Div(plan, x, y, z, _lo, _hi); break;
            case BinaryArithmeticKind.Maximum: Opt.Maximum(plan, x, y, z); break;
            case BinaryArithmeticKind.Minimum: Opt.Minimum(plan, x, y, z); break;
            case BinaryArithmeticKind.SquaredDifference: Opt.SquaredDifference(plan, x, y, z); break;
            case BinaryArithmeticKind.Pow: Opt.Pow(plan, x, y, z); break;
        }
    }
}
