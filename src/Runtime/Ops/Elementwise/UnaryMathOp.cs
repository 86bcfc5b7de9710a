using System.Runtime.InteropServices;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference.UnaryMath;
using Opt = ManagedLite.Kernels.Optimized.UnaryMath;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>Which math function a <see cref="UnaryMathOp"/> computes.</summary>
internal enum UnaryMathKind { Exp, Sqrt, Rsqrt, Abs, Neg, Square, Floor, Ceil, Log, Sin, Cos }

/// <summary>
/// EXP, SQRT, RSQRT, ABS, NEG, SQUARE, FLOOR, CEIL, LOG, SIN, COS on float32, and the other types TFLite's kernels
/// (elementwise.cc, exp.cc, neg.cc, floor.cc) accept: EXP and LOG on int8 / int16 through lookup tables; SQRT on
/// int8 / int16 (float math, truncated); RSQRT on int8 (fixed-point inverse square root) and int16 (table); ABS on
/// int8 / quantized int16 (rescaled), unquantized int16 and int32 (wrapping); NEG on int8 / int16 / int32 / int64
/// (wrapping, not rescaled) and float16 / bfloat16 (sign flip); FLOOR on float16 / bfloat16; SIN / COS on float16.
/// Quantized int16 inputs need zero points 0. Negative inputs to quantized SQRT / RSQRT fail the invoke, as in TFLite.
/// </summary>
internal sealed class UnaryMathOp : IOpKernel
{
    private readonly UnaryMathKind _kind;
    private readonly bool _reference;
    private TensorType _type = TensorType.Float32;
    private bool _quantized;
    private float _inScale, _outScale;
    private int _inZero, _outZero;
    private RefQ.AbsQuantized.Operator _abs;
    private RefQ.RsqrtQuantized.Operator _rsqrt;
    private byte[]? _lut8;
    private short[]? _lut16;

    public UnaryMathOp(UnaryMathKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    private string Accepted => _kind switch
    {
        UnaryMathKind.Exp or UnaryMathKind.Log or UnaryMathKind.Sqrt or UnaryMathKind.Rsqrt => "float32, quantized int8 / int16",
        UnaryMathKind.Abs => "float32, int32, int16, quantized int8",
        UnaryMathKind.Neg => "float32, float16, bfloat16, int8, int16, int32, int64",
        UnaryMathKind.Floor => "float32, float16, bfloat16",
        UnaryMathKind.Sin or UnaryMathKind.Cos => "float32, float16",
        _ => "float32",
    };

    private bool Supports(TensorType t) => t switch
    {
        TensorType.Float32 => true,
        TensorType.Float16 => _kind is UnaryMathKind.Neg or UnaryMathKind.Floor or UnaryMathKind.Sin or UnaryMathKind.Cos,
        TensorType.BFloat16 => _kind is UnaryMathKind.Neg or UnaryMathKind.Floor,
        TensorType.Int8 or TensorType.Int16 => _kind is UnaryMathKind.Exp or UnaryMathKind.Log or UnaryMathKind.Sqrt or UnaryMathKind.Rsqrt
            or UnaryMathKind.Abs or UnaryMathKind.Neg,
        TensorType.Int32 => _kind is UnaryMathKind.Abs or UnaryMathKind.Neg,
        TensorType.Int64 => _kind == UnaryMathKind.Neg,
        _ => false,
    };

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        _type = input.DataType;
        if (!Supports(_type))
            throw context.Fail($"input '{input.Name}' is {TensorTypes.Name(_type)}: {TensorTypes.Name(_type)} is not supported by {context.OperatorName} (accepts {Accepted})");
        if (output.DataType != _type)
            throw context.Fail($"output '{output.Name}' is {TensorTypes.Name(output.DataType)}, input '{input.Name}' {TensorTypes.Name(_type)}; they must match");
        // Quantized paths: int8 always (except NEG), int16 when it carries quantization (always for the tables and SQRT).
        _quantized = _kind != UnaryMathKind.Neg && (_type == TensorType.Int8
            || (_type == TensorType.Int16 && (_kind != UnaryMathKind.Abs || ComparisonOpHelpers.IsQuantized(input))));
        if (_quantized) PrepareQuantized(context, input, output);
        context.ResizeOutput(0, input.Shape);
    }

    private void PrepareQuantized(OpContext context, LiteTensor input, LiteTensor output)
    {
        (_inScale, _inZero) = QuantizedOpHelpers.Params(context, input, "input");
        (_outScale, _outZero) = QuantizedOpHelpers.Params(context, output, "output");
        bool int16 = _type == TensorType.Int16;
        if (int16)
        {
            QuantizedOpHelpers.ExpectZeroPointZero(context, input, _inZero, "input");
            QuantizedOpHelpers.ExpectZeroPointZero(context, output, _outZero, "output");
        }
        else
        {
            QuantizedOpHelpers.ExpectZeroPointInRange(context, input, _inZero, "input");
            QuantizedOpHelpers.ExpectZeroPointInRange(context, output, _outZero, "output");
        }
        var (tmin, tmax) = QuantizedOpHelpers.TypeRange(_type);
        switch (_kind)
        {
            case UnaryMathKind.Abs:
                _abs = QuantizedOpHelpers.Guard(context, "abs multiplier", () => RefQ.AbsQuantized.Create(_inScale, _inZero, _outScale, _outZero, tmin, tmax));
                break;
            case UnaryMathKind.Rsqrt when !int16:
                _rsqrt = QuantizedOpHelpers.Guard(context, "rsqrt multiplier", () => RefQ.RsqrtQuantized.CreateInt8(_inScale, _inZero, _outScale, _outZero));
                break;
            case UnaryMathKind.Rsqrt:
                _lut16 ??= new short[Kernels.Quantization.LookupTables.Int16LutSize];
                RefQ.RsqrtQuantized.PopulateInt16Table(_inScale, _inZero, _outScale, _outZero, _lut16);
                break;
            case UnaryMathKind.Exp or UnaryMathKind.Log when !int16:
                _lut8 ??= new byte[256];
                if (_kind == UnaryMathKind.Exp) RefQ.ExpLogQuantized.PopulateExpInt8(_inScale, _inZero, _outScale, _outZero, _lut8);
                else RefQ.ExpLogQuantized.PopulateLogInt8(_inScale, _inZero, _outScale, _outZero, _lut8);
                break;
            case UnaryMathKind.Exp or UnaryMathKind.Log:
                _lut16 ??= new short[Kernels.Quantization.LookupTables.Int16LutSize];
                if (_kind == UnaryMathKind.Exp) RefQ.ExpLogQuantized.PopulateExpInt16(_inScale, _inZero, _outScale, _outZero, _lut16);
                else RefQ.ExpLogQuantized.PopulateLogInt16(_inScale, _inZero, _outScale, _outZero, _lut16);
                break;
        }
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (_type)
        {
            case TensorType.Float32: EvalFloat(input.GetData<float>(), output.GetWritableData<float>()); return;
            case TensorType.Float16: EvalHalf(input.GetData<Half>(), output.GetWritableData<Half>()); return;
            case TensorType.BFloat16: EvalBFloat16(input.GetData<ushort>(), output.GetWritableData<ushort>()); return;
            case TensorType.Int32:
                if (_kind == UnaryMathKind.Abs) Ref.AbsInteger(input.GetData<int>(), output.GetWritableData<int>());
                else Ref.NegInteger(input.GetData<int>(), output.GetWritableData<int>());
                return;
            case TensorType.Int64: Ref.NegInteger(input.GetData<long>(), output.GetWritableData<long>()); return;
        }
        if (!_quantized)
        {
            if (_type == TensorType.Int8) Ref.NegInteger(input.GetData<sbyte>(), output.GetWritableData<sbyte>());
            else if (_kind == UnaryMathKind.Abs) Ref.AbsInteger(input.GetData<short>(), output.GetWritableData<short>());
            else Ref.NegInteger(input.GetData<short>(), output.GetWritableData<short>());
            return;
        }
        if (_type == TensorType.Int8) EvalQuantized(context, input, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
        else EvalQuantized(context, input, input.GetData<short>(), output.GetWritableData<short>());
    }

    private void EvalQuantized<T>(OpContext context, LiteTensor input, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        switch (_kind)
        {
            case UnaryMathKind.Abs:
                RefQ.AbsQuantized.Run(_abs, x, y);
                return;
            case UnaryMathKind.Sqrt:
                if (!RefQ.SqrtQuantized.Run(x, y, _inScale, _inZero, _outScale, _outZero))
                    throw context.Fail($"SQRT is only defined for non-negative values; input '{input.Name}' holds a negative one");
                return;
            case UnaryMathKind.Rsqrt:
                if (RefQ.RsqrtQuantized.BelowZeroPoint(x, _inZero))
                    throw context.Fail($"RSQRT is only defined for positive values; input '{input.Name}' holds one below its zero point {_inZero}");
                if (typeof(T) == typeof(sbyte)) RefQ.RsqrtQuantized.Run(_rsqrt, MemoryMarshal.Cast<T, sbyte>(x), MemoryMarshal.Cast<T, sbyte>(y));
                else RefQ.ExpLogQuantized.Lookup(MemoryMarshal.Cast<T, short>(x), MemoryMarshal.Cast<T, short>(y), _lut16);
                return;
            default: // EXP, LOG: tables
                if (typeof(T) == typeof(sbyte)) RefQ.ExpLogQuantized.Lookup(MemoryMarshal.Cast<T, sbyte>(x), MemoryMarshal.Cast<T, sbyte>(y), _lut8);
                else RefQ.ExpLogQuantized.Lookup(MemoryMarshal.Cast<T, short>(x), MemoryMarshal.Cast<T, short>(y), _lut16);
                return;
        }
    }

    private void EvalFloat(ReadOnlySpan<float> x, Span<float> y)
    {
        bool r = _reference;
        switch (_kind)
        {
            case UnaryMathKind.Exp: if (r) Ref.Exp(x, y); else Opt.Exp(x, y); break;
            case UnaryMathKind.Sqrt: if (r) Ref.Sqrt(x, y); else Opt.Sqrt(x, y); break;
            case UnaryMathKind.Rsqrt: if (r) Ref.Rsqrt(x, y); else Opt.Rsqrt(x, y); break;
            case UnaryMathKind.Abs: if (r) Ref.Abs(x, y); else Opt.Abs(x, y); break;
            case UnaryMathKind.Neg: if (r) Ref.Neg(x, y); else Opt.Neg(x, y); break;
            case UnaryMathKind.Square: if (r) Ref.Square(x, y); else Opt.Square(x, y); break;
            case UnaryMathKind.Floor: if (r) Ref.Floor(x, y); else Opt.Floor(x, y); break;
            case UnaryMathKind.Ceil: if (r) Ref.Ceil(x, y); else Opt.Ceil(x, y); break;
            case UnaryMathKind.Log: if (r) Ref.Log(x, y); else Opt.Log(x, y); break;
            case UnaryMathKind.Sin: if (r) Ref.Sin(x, y); else Opt.Sin(x, y); break;
            case UnaryMathKind.Cos: if (r) Ref.Cos(x, y); else Opt.Cos(x, y); break;
        }
    }

    private void EvalHalf(ReadOnlySpan<Half> x, Span<Half> y)
    {
        switch (_kind)
        {
            case UnaryMathKind.Neg: Ref.NegBits(MemoryMarshal.Cast<Half, ushort>(x), MemoryMarshal.Cast<Half, ushort>(y)); break;
            case UnaryMathKind.Floor: Ref.MapHalf<FloorOperator>(x, y); break;
            case UnaryMathKind.Sin: Ref.MapHalf<SinOperator>(x, y); break;
            default: Ref.MapHalf<CosOperator>(x, y); break;
        }
    }

    private void EvalBFloat16(ReadOnlySpan<ushort> x, Span<ushort> y)
    {
        if (_kind == UnaryMathKind.Neg) Ref.NegBits(x, y);
        else Ref.MapBFloat16<FloorOperator>(x, y);
    }
}
