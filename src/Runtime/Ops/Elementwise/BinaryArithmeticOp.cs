using System.Numerics;
using System.Runtime.InteropServices;
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
/// ADD, SUB, MUL, DIV (with fused activation), MAXIMUM, MINIMUM, SQUARED_DIFFERENCE and POW with NumPy broadcasting,
/// on every type TFLite's kernels accept: float32 for all; int32 / int64 plain integers (wrapping; DIV truncates and
/// fails on a zero divisor); quantized uint8 / int8 / int16 for ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM (general
/// rescaling; for int16 ADD / SUB the power-of-two path when pot_scale_int16 is set and every scale is a power of two;
/// DIV fails on a divisor at its zero point) and int8 SQUARED_DIFFERENCE; unquantized int16 ADD / MUL (wrapping);
/// MUL on uint32 (wrapping), complex64 and int16 Q0.15 inputs to an int8 / uint8 output; float16 ADD / MUL (rounded
/// once per element, overflow clamped to 65504) and float16 / bfloat16 MAXIMUM / MINIMUM; int32 POW (negative
/// exponents fail, as in TFLite) and TFLite's repeated-squaring POW for a single integral exponent.
/// </summary>
internal sealed class BinaryArithmeticOp : IOpKernel
{
    private enum Path { Float, Integer, Quantized, Half, BFloat16, Complex, Int16ToNarrow, SquaredDifferenceInt8, PowFloat, PowInt }

    private readonly BinaryArithmeticKind _kind;
    private BroadcastPlan? _plan;
    private Path _path;
    private float _lo = float.NegativeInfinity, _hi = float.PositiveInfinity;
    private Half _halfLo, _halfHi;
    private TensorType _type = TensorType.Float32;
    private QuantizedAddSubParams _addSub;
    private RefQ.MulQuantized.Operator _mul;
    private RefQ.DivQuantized.Operator _div;
    private RefQ.SquaredDifferenceQuantized.Operator _squaredDifference;
    private int _divisorZeroPoint;
    private int _outputOffset, _actMin, _actMax;
    private bool _sameShapes;

    private readonly bool _reference;

    public BinaryArithmeticOp(BinaryArithmeticKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    private static bool IsQuantized(LiteTensor t) => ComparisonOpHelpers.IsQuantized(t);

    /// <summary>The evaluation path for the input type, or null when TFLite's kernel rejects the type.</summary>
    private Path? Choose(TensorType t, LiteTensor output) => (_kind, t) switch
    {
        (_, TensorType.Float32) => _kind == BinaryArithmeticKind.Pow ? Path.PowFloat : Path.Float,
        (BinaryArithmeticKind.Pow, TensorType.Int32) => Path.PowInt,
        (BinaryArithmeticKind.Pow, _) => null,
        (_, TensorType.Int32 or TensorType.Int64) => Path.Integer,
        (BinaryArithmeticKind.Add or BinaryArithmeticKind.Mul or BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum, TensorType.Float16) => Path.Half,
        (BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum, TensorType.BFloat16) => Path.BFloat16,
        (BinaryArithmeticKind.Mul, TensorType.UInt32) => Path.Integer,
        (BinaryArithmeticKind.Mul, TensorType.Complex64) => Path.Complex,
        (BinaryArithmeticKind.Mul, TensorType.Int16) when output.DataType is TensorType.Int8 or TensorType.UInt8 => Path.Int16ToNarrow,
        (BinaryArithmeticKind.Add or BinaryArithmeticKind.Mul, TensorType.Int16) when !IsQuantized(output) => Path.Integer,
        (BinaryArithmeticKind.SquaredDifference, TensorType.Int8) => Path.SquaredDifferenceInt8,
        (BinaryArithmeticKind.SquaredDifference, _) => null,
        (_, TensorType.Int8 or TensorType.UInt8 or TensorType.Int16) => Path.Quantized,
        _ => null,
    };

    private string Accepted => _kind switch
    {
        BinaryArithmeticKind.Add => "float32, float16, int32, int64, int16, quantized uint8 / int8 / int16",
        BinaryArithmeticKind.Sub => "float32, int32, int64, quantized uint8 / int8 / int16",
        BinaryArithmeticKind.Mul => "float32, float16, int32, uint32, int64, int16, complex64, quantized uint8 / int8 / int16",
        BinaryArithmeticKind.Div => "float32, int32, quantized uint8 / int8 / int16",
        BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum => "float32, float16, bfloat16, uint8, int8, int16, int32, int64",
        BinaryArithmeticKind.SquaredDifference => "float32, int32, quantized int8",
        _ => "float32, int32",
    };

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        _type = a.DataType;
        if (b.DataType != _type)
            throw context.Fail($"inputs '{a.Name}' ({TensorTypes.Name(a.DataType)}) and '{b.Name}' ({TensorTypes.Name(b.DataType)}) must have the same type");
        _path = Choose(_type, output)
            ?? throw context.Fail($"input '{a.Name}' is {TensorTypes.Name(_type)}: {TensorTypes.Name(_type)} is not supported by {context.OperatorName} (accepts {Accepted})");
        if (_path != Path.Int16ToNarrow && output.DataType != _type)
            throw context.Fail($"inputs '{a.Name}', '{b.Name}' ({TensorTypes.Name(_type)}) and output '{output.Name}' ({TensorTypes.Name(output.DataType)}) must share one type");
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
        _sameShapes = a.Shape.SequenceEqual(b.Shape);

        bool pot = true;
        ActivationFunctionType act = ActivationFunctionType.None;
        switch (_kind)
        {
            case BinaryArithmeticKind.Add: { var o = context.GetOptions<AddOptions>(); act = o.FusedActivation; pot = o.PotScaleInt16; break; }
            case BinaryArithmeticKind.Sub: { var o = context.GetOptions<SubOptions>(); act = o.FusedActivation; pot = o.PotScaleInt16; break; }
            case BinaryArithmeticKind.Mul: act = context.GetOptions<MulOptions>().FusedActivation; break;
            case BinaryArithmeticKind.Div: act = context.GetOptions<DivOptions>().FusedActivation; break;
        }
        switch (_path)
        {
            case Path.Integer:
                (_intMin, _intMax) = IntegerActivationRange(context, act);
                break;
            case Path.Quantized:
                PrepareQuantized(context, a, b, output, act, pot);
                break;
            case Path.Half:
            {
                var (lo, hi) = context.ActivationRange(act);
                _halfLo = (Half)Math.Max(lo, -65504f);
                _halfHi = (Half)Math.Min(hi, 65504f);
                break;
            }
            case Path.Complex:
                if (act != ActivationFunctionType.None || context.ActivationRange(act) != OpHelpers.FloatActivationRange(ActivationFunctionType.None))
                    throw context.Fail($"fused activation {act} is not allowed on complex64 MUL (as in TFLite)");
                break;
            case Path.Int16ToNarrow:
            {
                if (a.ElementCount != b.ElementCount || !a.Shape.SequenceEqual(outShape))
                    throw context.Fail($"int16 MUL to {TensorTypes.Name(output.DataType)} does not broadcast: '{a.Name}' {ElementwiseOpHelpers.ShapeText(a.Shape)} and '{b.Name}' {ElementwiseOpHelpers.ShapeText(b.Shape)} must have one shape");
                var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
                QuantizedOpHelpers.ExpectZeroPointInRange(context, output, zo, "output");
                (_actMin, _actMax) = QuantizedOpHelpers.ActivationRange(context, act, output, so, zo);
                _outputOffset = zo;
                break;
            }
            case Path.SquaredDifferenceInt8:
            {
                var (s1, z1) = QuantizedOpHelpers.Params(context, a, "input 0");
                var (s2, z2) = QuantizedOpHelpers.Params(context, b, "input 1");
                var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
                QuantizedOpHelpers.ExpectZeroPointInRange(context, a, z1, "input 0");
                QuantizedOpHelpers.ExpectZeroPointInRange(context, b, z2, "input 1");
                QuantizedOpHelpers.ExpectZeroPointInRange(context, output, zo, "output");
                _squaredDifference = QuantizedOpHelpers.Guard(context, $"scales {s1}, {s2} -> {so}",
                    () => RefQ.SquaredDifferenceQuantized.Create(s1, z1, s2, z2, so, zo));
                break;
            }
            case Path.Float:
                (_lo, _hi) = context.ActivationRange(act);
                break;
        }
        context.ResizeOutput(0, _plan.OutputShape);
        PrepareSplit(context);
    }

    /// <summary>Output elements per thread below which a float operation stays on one thread (a few microseconds of work).</summary>
    internal const int MinElementsPerTask = 16 * 1024;

    private int _tasks = 1;
    private int _units, _alignment;
    private FloatWork? _work;

    /// <summary>
    /// The optimized float path splits its output across the interpreter's threads, by element ranges (equal shapes,
    /// scalars) or ranges of broadcast rows, when every thread gets at least <see cref="MinElementsPerTask"/> elements.
    /// </summary>
    private void PrepareSplit(OpContext context)
    {
        _tasks = 1;
        if (_path != Path.Float || _reference || _kind == BinaryArithmeticKind.Pow) return;
        var plan = _plan!;
        _units = BroadcastDriver.Units(plan);
        _alignment = BroadcastDriver.UnitAlignment(plan);
        _tasks = ParallelSplit.Tasks(context.Parallel.Concurrency, _units, BroadcastDriver.UnitLength(plan), MinElementsPerTask, _alignment);
        if (_tasks > 1) _work ??= new FloatWork(this, context);
    }

    /// <summary>One task per thread: a contiguous range of the plan's units.</summary>
    private sealed class FloatWork(BinaryArithmeticOp op, OpContext context) : ManagedLite.Kernels.Threading.IParallelWork
    {
        public void Execute(int task)
            => op.EvalFloat(context, ParallelSplit.Start(op._units, task, op._tasks, op._alignment),
                            ParallelSplit.Start(op._units, task + 1, op._tasks, op._alignment));
    }

    /// <summary>The optimized float kernels on units [start, end) of the broadcast plan.</summary>
    private void EvalFloat(OpContext context, int start, int end)
    {
        var plan = _plan!;
        var x = context.Input(0).GetData<float>();
        var y = context.Input(1).GetData<float>();
        var z = context.Output(0).GetWritableData<float>();
        switch (_kind)
        {
            case BinaryArithmeticKind.Add: Opt.Add(plan, x, y, z, _lo, _hi, start, end); break;
            case BinaryArithmeticKind.Sub: Opt.Sub(plan, x, y, z, _lo, _hi, start, end); break;
            case BinaryArithmeticKind.Mul: Opt.Mul(plan, x, y, z, _lo, _hi, start, end); break;
            case BinaryArithmeticKind.Div: Opt.Div(plan, x, y, z, _lo, _hi, start, end); break;
            case BinaryArithmeticKind.Maximum: Opt.Maximum(plan, x, y, z, start, end); break;
            case BinaryArithmeticKind.Minimum: Opt.Minimum(plan, x, y, z, start, end); break;
            case BinaryArithmeticKind.SquaredDifference: Opt.SquaredDifference(plan, x, y, z, start, end); break;
        }
    }

    private void PrepareQuantized(OpContext context, LiteTensor a, LiteTensor b, LiteTensor output, ActivationFunctionType act, bool potScaleInt16)
    {
        if (_kind is BinaryArithmeticKind.Maximum or BinaryArithmeticKind.Minimum) return;   // plain comparison
        var (s1, z1) = QuantizedOpHelpers.Params(context, a, "input 0");
        var (s2, z2) = QuantizedOpHelpers.Params(context, b, "input 1");
        var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
        bool int16 = _type == TensorType.Int16;
        if (int16 && _kind != BinaryArithmeticKind.Div)
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
            if (b.Quantization is { ZeroPoints.Count: > 1 })
                throw context.Fail($"input 1 '{b.Name}' has {b.Quantization.ZeroPoints.Count} zero points; DIV supports per-tensor quantization only");
            _divisorZeroPoint = z2;
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
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        switch (_path)
        {
            case Path.Integer: EvalInteger(context, a, b, output); return;
            case Path.Quantized:
                switch (_type)
                {
                    case TensorType.Int8: EvalQuantized(context, a.GetData<sbyte>(), b.GetData<sbyte>(), output.GetWritableData<sbyte>()); return;
                    case TensorType.UInt8: EvalQuantized(context, a.GetData<byte>(), b.GetData<byte>(), output.GetWritableData<byte>()); return;
                    default: EvalQuantized(context, a.GetData<short>(), b.GetData<short>(), output.GetWritableData<short>()); return;
                }
            case Path.Half:
            {
                ReadOnlySpan<Half> x = a.GetData<Half>(), y = b.GetData<Half>();
                var z = output.GetWritableData<Half>();
                switch (_kind)
                {
                    case BinaryArithmeticKind.Add: HalfArithmetic.Add(plan, x, y, z, _halfLo, _halfHi); break;
                    case BinaryArithmeticKind.Mul: HalfArithmetic.Mul(plan, x, y, z, _halfLo, _halfHi); break;
                    case BinaryArithmeticKind.Maximum: HalfArithmetic.Maximum(plan, x, y, z); break;
                    default: HalfArithmetic.Minimum(plan, x, y, z); break;
                }
                return;
            }
            case Path.BFloat16:
                if (_kind == BinaryArithmeticKind.Maximum) HalfArithmetic.MaximumBFloat16(plan, a.GetData<ushort>(), b.GetData<ushort>(), output.GetWritableData<ushort>());
                else HalfArithmetic.MinimumBFloat16(plan, a.GetData<ushort>(), b.GetData<ushort>(), output.GetWritableData<ushort>());
                return;
            case Path.Complex:
                ComplexMul.Run(plan, MemoryMarshal.Cast<byte, Vector2>(a.RawBytes), MemoryMarshal.Cast<byte, Vector2>(b.RawBytes),
                    MemoryMarshal.Cast<byte, Vector2>(output.WritableBytes));
                return;
            case Path.Int16ToNarrow:
                if (output.DataType == TensorType.Int8)
                    RefQ.MulQuantized.RunInt16ToNarrow(a.GetData<short>(), b.GetData<short>(), output.GetWritableData<sbyte>(), _outputOffset, _actMin, _actMax);
                else
                    RefQ.MulQuantized.RunInt16ToNarrow(a.GetData<short>(), b.GetData<short>(), output.GetWritableData<byte>(), _outputOffset, _actMin, _actMax);
                return;
            case Path.SquaredDifferenceInt8:
                if (_reference)
                    RefQ.SquaredDifferenceQuantized.Run(_squaredDifference, a.Shape, a.GetData<sbyte>(), b.Shape, b.GetData<sbyte>(), output.Shape, output.GetWritableData<sbyte>());
                else
                    OptQ.SquaredDifferenceQuantized.Run(_squaredDifference, plan, a.GetData<sbyte>(), b.GetData<sbyte>(), output.GetWritableData<sbyte>());
                return;
            case Path.PowFloat:
                Pow.Run(plan, _sameShapes, a.GetData<float>(), b.GetData<float>(), output.GetWritableData<float>());
                return;
            case Path.PowInt:
                if (Pow.HasNegative(b.GetData<int>()))
                    throw context.Fail($"POW does not support negative int32 exponents; input '{b.Name}' holds one (as in TFLite)");
                Pow.Run(plan, _sameShapes, a.GetData<int>(), b.GetData<int>(), output.GetWritableData<int>());
                return;
        }
        var x32 = a.GetData<float>();
        var y32 = b.GetData<float>();
        var z32 = output.GetWritableData<float>();
        if (_reference)
        {
            ReadOnlySpan<int> sa = a.Shape, sb = b.Shape, so = output.Shape;
            switch (_kind)
            {
                case BinaryArithmeticKind.Add: Ref.Add(sa, x32, sb, y32, so, z32, _lo, _hi); break;
                case BinaryArithmeticKind.Sub: Ref.Sub(sa, x32, sb, y32, so, z32, _lo, _hi); break;
                case BinaryArithmeticKind.Mul: Ref.Mul(sa, x32, sb, y32, so, z32, _lo, _hi); break;
                case BinaryArithmeticKind.Div: Ref.Div(sa, x32, sb, y32, so, z32, _lo, _hi); break;
                case BinaryArithmeticKind.Maximum: Ref.Maximum(sa, x32, sb, y32, so, z32); break;
                case BinaryArithmeticKind.Minimum: Ref.Minimum(sa, x32, sb, y32, so, z32); break;
                case BinaryArithmeticKind.SquaredDifference: Ref.SquaredDifference(sa, x32, sb, y32, so, z32); break;
            }
            return;
        }
        if (_tasks > 1) context.Parallel.For(_tasks, _work!);
        else EvalFloat(context, 0, BroadcastDriver.Units(plan));
    }

    private void EvalInteger(OpContext context, LiteTensor a, LiteTensor b, LiteTensor output)
    {
        var k = IntegerKind(_kind);
        bool ok = _type switch
        {
            TensorType.Int32 => IntegerArithmetic.Run(k, a.Shape, a.GetData<int>(), b.Shape, b.GetData<int>(), output.Shape,
                output.GetWritableData<int>(), (int)Math.Max(_intMin, int.MinValue), (int)Math.Min(_intMax, int.MaxValue)),
            TensorType.Int64 => IntegerArithmetic.Run(k, a.Shape, a.GetData<long>(), b.Shape, b.GetData<long>(), output.Shape,
                output.GetWritableData<long>(), _intMin, _intMax),
            TensorType.Int16 => IntegerArithmetic.Run(k, a.Shape, a.GetData<short>(), b.Shape, b.GetData<short>(), output.Shape,
                output.GetWritableData<short>(), (short)Math.Max(_intMin, short.MinValue), (short)Math.Min(_intMax, short.MaxValue)),
            // uint32: TFLite's CalculateActivationRange<uint32_t> (RELU_N1_TO_1's -1 becomes 0xFFFFFFFF).
            _ => IntegerArithmetic.Run(k, a.Shape, a.GetData<uint>(), b.Shape, b.GetData<uint>(), output.Shape,
                output.GetWritableData<uint>(), _intMin == long.MinValue ? 0u : unchecked((uint)_intMin), (uint)Math.Min(_intMax, uint.MaxValue)),
        };
        if (!ok) throw context.Fail($"division by zero in input '{b.Name}'");
    }

    private void EvalQuantized<T>(OpContext context, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_kind == BinaryArithmeticKind.Div)
        {
            foreach (var v in y)
                if (int.CreateTruncating(v) == _divisorZeroPoint)
                    throw context.Fail($"division by zero: input '{context.Input(1).Name}' holds its zero point {_divisorZeroPoint}");
        }
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
