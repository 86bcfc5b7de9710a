using ManagedLite.Kernels.Reference;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using ManagedLite.Schema;
using RefQ = ManagedLite.Kernels.Reference.Quantized;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.BinaryElementwise;
using Opt = ManagedLite.Kernels.Optimized.BinaryElementwise;

namespace ManagedLite.Ops;

/// <summary>Which broadcasting binary operator a <see cref="BinaryArithmeticOp"/> computes.</summary>
internal enum BinaryArithmeticKind { Add, Sub, Mul, Div, Maximum, Minimum, SquaredDifference, Pow }

/// <summary>
/// ADD, SUB, MUL, DIV (with fused activation), MAXIMUM, MINIMUM, SQUARED_DIFFERENCE and POW on float32
/// tensors with NumPy broadcasting up to rank 6; ADD, SUB, MUL, MAXIMUM and MINIMUM also on int8, uint8 and int16
/// (TFLite's quantized paths: general rescaling, and for int16 ADD / SUB the power-of-two path when pot_scale_int16
/// is set and every scale is a power of two), and DIV on uint8 (reciprocal-based reference; TFLite has no int8 DIV).
/// </summary>
internal sealed class BinaryArithmeticOp : IOpKernel
{
    private readonly BinaryArithmeticKind _kind;
    private BroadcastPlan? _plan;
    private float _lo = float.NegativeInfinity, _hi = float.PositiveInfinity;
    private TensorType _type = TensorType.Float32;
    private QuantizedAddSubParams _addSub;
    private RefQ.MulQuantized.Operator _mul;
    private RefQ.DivQuantized.Operator _div;

    private readonly bool _reference;

    public BinaryArithmeticOp(BinaryArithmeticKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        _type = a.DataType;
        bool quantized = QuantizedOpHelpers.IsQuantizedType(_type) && _kind is BinaryArithmeticKind.Add or BinaryArithmeticKind.Sub
            or BinaryArithmeticKind.Mul or BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum
            || _kind == BinaryArithmeticKind.Div && _type == TensorType.UInt8;
        if (_kind == BinaryArithmeticKind.Div && _type is TensorType.Int8 or TensorType.Int16)
            throw context.Fail($"input '{a.Name}' is {TensorTypes.Name(_type)}: quantized DIV is only supported on uint8 (as in TFLite)");
        bool integer = _type is TensorType.Int32 or TensorType.Int64 && _kind != BinaryArithmeticKind.Pow;
        if (integer)
        {
            if (b.DataType != _type || output.DataType != _type)
                throw context.Fail($"inputs '{a.Name}' ({TensorTypes.Name(a.DataType)}), '{b.Name}' ({TensorTypes.Name(b.DataType)}) and output '{output.Name}' ({TensorTypes.Name(output.DataType)}) must share one type");
        }
        else if (quantized)
        {
            if (b.DataType != _type || output.DataType != _type)
                throw context.Fail($"inputs '{a.Name}' ({QuantizedOpHelpers.TypeText(a)}), '{b.Name}' ({QuantizedOpHelpers.TypeText(b)}) and output '{output.Name}' ({QuantizedOpHelpers.TypeText(output)}) must share one type");
        }
        else
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.ExpectFloat(context, a, "input 0");
            ElementwiseOpHelpers.ExpectFloat(context, b, "input 1");
            ElementwiseOpHelpers.ExpectFloat(context, output, "output");
        }
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

        bool pot = true;
        ActivationFunctionType act = ActivationFunctionType.None;
        switch (_kind)
        {
            case BinaryArithmeticKind.Add: { var o = context.GetOptions<AddOptions>(); act = o.FusedActivation; pot = o.PotScaleInt16; break; }
            case BinaryArithmeticKind.Sub: { var o = context.GetOptions<SubOptions>(); act = o.FusedActivation; pot = o.PotScaleInt16; break; }
            case BinaryArithmeticKind.Mul: act = context.GetOptions<MulOptions>().FusedActivation; break;
            case BinaryArithmeticKind.Div: act = context.GetOptions<DivOptions>().FusedActivation; break;
        }
        if (integer) (_intMin, _intMax) = IntegerActivationRange(context, act);
        else if (quantized) PrepareQuantized(context, a, b, output, act, pot);
        else (_lo, _hi) = context.ActivationRange(act);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    private void PrepareQuantized(OpContext context, LiteTensor a, LiteTensor b, LiteTensor output, ActivationFunctionType act, bool potScaleInt16)
    {
        if (_kind is BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum) return;   // plain comparison
        var (s1, z1) = QuantizedOpHelpers.Params(context, a, "input 0");
        var (s2, z2) = QuantizedOpHelpers.Params(context, b, "input 1");
        var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
        bool int16 = _type == TensorType.Int16;
        if (int16)
        {
            QuantizedOpHelpers.ExpectZeroPointZero(context, a, z1, "input 0");
            QuantizedOpHelpers.ExpectZeroPointZero(context, b, z2, "input 1");
            QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
        }
        else
        {
            QuantizedOpHelpers.ExpectZeroPointInRange(context, a, z1, "input 0");
            QuantizedOpHelpers.ExpectZeroPointInRange(context, b, z2, "input 1");
            QuantizedOpHelpers.ExpectZeroPointInRange(context, output, zo, "output");
        }
        var (lo, hi) = QuantizedOpHelpers.ActivationRange(context, act, output, so, zo);
        if (_kind == BinaryArithmeticKind.Mul)
        {
            QuantizedOpHelpers.Guard(context, "output multiplier", () =>
            {
                RefQ.MulQuantized.OutputMultiplier(s1, s2, so, out int m, out int s);
                _mul = new RefQ.MulQuantized.Operator(-z1, -z2, zo, m, s, lo, hi);
                return 0;
            });
            return;
        }
        if (_kind == BinaryArithmeticKind.Div)
        {
            QuantizedOpHelpers.Guard(context, "output multiplier", () =>
            {
                RefQ.DivQuantized.OutputMultiplier(s1, s2, so, out int m, out int s);
                _div = new RefQ.DivQuantized.Operator(-z1, -z2, zo, m, s, lo, hi);
                return 0;
            });
            return;
        }
        bool usePot = int16 && potScaleInt16 && QuantizedAddSubParams.TryLog2(s1, out _) &&
                      QuantizedAddSubParams.TryLog2(s2, out _) && QuantizedAddSubParams.TryLog2(so, out _);
        bool sub = _kind == BinaryArithmeticKind.Sub;
        _addSub = usePot
            ? QuantizedOpHelpers.Guard(context, "power-of-two int16 scales", () => QuantizedAddSubParams.PowerOfTwoInt16(s1, s2, so, lo, hi))
            : QuantizedOpHelpers.Guard(context, $"scales {s1}, {s2} -> {so}",
                () => QuantizedAddSubParams.General(s1, z1, s2, z2, so, zo, int16, lo, hi, allowOutputAboveOne: sub));
    }

    private long _intMin, _intMax;

    /// <summary>Fused activation of integer (unquantized) ADD/SUB/MUL/DIV, as TFLite's CalculateActivationRange for ints.</summary>
    private static (long Min, long Max) IntegerActivationRange(OpContext context, ActivationFunctionType act) => act switch
    {
        ActivationFunctionType.None => (long.MinValue, long.MaxValue),
        ActivationFunctionType.Relu => (0, long.MaxValue),
        ActivationFunctionType.Relu6 => (0, 6),
        ActivationFunctionType.ReluN1To1 => (-1, 1),
        _ => throw context.Fail($"fused activation {act} is not supported on integer tensors"),
    };

    private static IntegerArithmeticKind IntegerKind(BinaryArithmeticKind k) => k switch
    {
        BinaryArithmeticKind.Add => IntegerArithmeticKind.Add,
        BinaryArithmeticKind.Sub => IntegerArithmeticKind.Sub,
        BinaryArithmeticKind.Mul => IntegerArithmeticKind.Mul,
        BinaryArithmeticKind.Div => IntegerArithmeticKind.Div,
        BinaryArithmeticKind.Maximum => IntegerArithmeticKind.Maximum,
        BinaryArithmeticKind.Minimum => IntegerArithmeticKind.Minimum,
        _ => IntegerArithmeticKind.SquaredDifference,
    };

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        bool ok = true;
        switch (_type)
        {
            case TensorType.Int32:
                ok = IntegerArithmetic.Run(IntegerKind(_kind), a.Shape, a.GetData<int>(), b.Shape, b.GetData<int>(), output.Shape,
                    output.GetWritableData<int>(), (int)Math.Max(_intMin, int.MinValue), (int)Math.Min(_intMax, int.MaxValue));
                if (!ok) throw context.Fail($"division by zero in input '{b.Name}'");
                return;
            case TensorType.Int64:
                ok = IntegerArithmetic.Run(IntegerKind(_kind), a.Shape, a.GetData<long>(), b.Shape, b.GetData<long>(), output.Shape,
                    output.GetWritableData<long>(), _intMin, _intMax);
                if (!ok) throw context.Fail($"division by zero in input '{b.Name}'");
                return;
            case TensorType.Int8: EvalQuantized(context, a.GetData<sbyte>(), b.GetData<sbyte>(), output.GetWritableData<sbyte>()); return;
            case TensorType.UInt8: EvalQuantized(context, a.GetData<byte>(), b.GetData<byte>(), output.GetWritableData<byte>()); return;
            case TensorType.Int16: EvalQuantized(context, a.GetData<short>(), b.GetData<short>(), output.GetWritableData<short>()); return;
        }
        var x = a.GetData<float>();
        var y = b.GetData<float>();
        var z = output.GetWritableData<float>();
        if (_reference)
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

    private void EvalQuantized<T>(OpContext context, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (_reference || _kind == BinaryArithmeticKind.Div)
        {
            ReadOnlySpan<int> sa = context.Input(0).Shape, sb = context.Input(1).Shape, so = context.Output(0).Shape;
            switch (_kind)
            {
                case BinaryArithmeticKind.Add: RefQ.AddQuantized.Run(_addSub, sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Sub: RefQ.SubQuantized.Run(_addSub, sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Mul: RefQ.MulQuantized.Run(_mul, sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Div: RefQ.DivQuantized.Run(_div, sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Maximum: RefQ.MaximumMinimumQuantized.Maximum(sa, x, sb, y, so, z); break;
                case BinaryArithmeticKind.Minimum: RefQ.MaximumMinimumQuantized.Minimum(sa, x, sb, y, so, z); break;
            }
            return;
        }
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        switch (_kind)
        {
            case BinaryArithmeticKind.Add: OptQ.AddQuantized.Run(_addSub, plan, x, y, z); break;
            case BinaryArithmeticKind.Sub: OptQ.SubQuantized.Run(_addSub, plan, x, y, z); break;
            case BinaryArithmeticKind.Mul: OptQ.MulQuantized.Run(_mul, plan, x, y, z); break;
            case BinaryArithmeticKind.Maximum: OptQ.MaximumMinimumQuantized.Maximum(plan, x, y, z); break;
            case BinaryArithmeticKind.Minimum: OptQ.MaximumMinimumQuantized.Minimum(plan, x, y, z); break;
        }
    }
}
