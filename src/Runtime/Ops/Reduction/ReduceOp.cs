using System.Runtime.InteropServices;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops.Reduction;

/// <summary>Which reduction a <see cref="ReduceOp"/> computes.</summary>
internal enum ReduceKind { Mean, Sum, Max, Min, Prod, Any, All }

/// <summary>
/// MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD, REDUCE_ANY and REDUCE_ALL (TFLite's reduce.cc, reference paths).
/// Types: float32, int32, int64 for all but ANY/ALL; bool for SUM, MAX, MIN, PROD (an OR or an AND), ANY and ALL;
/// int8, uint8 and int16 for MEAN and SUM (int32 sums of the stored values rescaled by inScale / outScale, MEAN with
/// 1/count folded in; TFLite's reference SUM reads int8 data as uint8, and int16 data as bytes too, so int16 SUM follows
/// TFLite's builtin kernel, which rescales in float), MAX and MIN (stored values; input and output
/// share quantization) and PROD (unquantized: wrapping products; quantized int8/int16: each step rescaled).
/// The axis tensor (int32, or int64 as an extension: TFLite takes int32 only) may hold negative and duplicate axes or
/// none; a scalar input ignores it. When the axis is not known at preparation the output is dynamic and resized in Eval.
/// </summary>
internal sealed class ReduceOp : IOpKernel
{
    private readonly ReduceKind _kind;
    private readonly bool _reference;
    private TensorType _type;
    private bool[] _reduced = [];
    private bool _dynamic, _quantizedProd, _keepDims;
    private int _multiplier, _shift, _inputZeroPoint, _outputZeroPoint;
    private double _inputScale, _outputScale;
    private int[] _tempInt = [];
    private long[] _tempLong = [];

    public ReduceOp(ReduceKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    private static readonly TensorType[] NumericTypes =
        [TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.UInt8, TensorType.Int8, TensorType.Int16, TensorType.Bool];

    private TensorType[] AcceptedTypes => _kind switch
    {
        ReduceKind.Mean => [TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.UInt8, TensorType.Int8, TensorType.Int16],
        ReduceKind.Any or ReduceKind.All => [TensorType.Bool],
        _ => NumericTypes,
    };

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var axis = context.Input(1);
        var output = context.Output(0);
        ExpectType(context, input, "input", AcceptedTypes);
        ExpectSameType(context, input, output, "output");
        ExpectType(context, axis, "axis", TensorType.Int32, TensorType.Int64);
        _type = input.DataType;
        _keepDims = context.GetOptions<ReducerOptions>().KeepDims;
        PrepareQuantization(context, input, output);
        _reduced = new bool[input.Rank];
        _dynamic = !axis.IsKnownAtPrepare;
        if (_dynamic)
        {
            context.MarkOutputDynamic(0);
            return;
        }
        ResolveAndResize(context, input, axis);
    }

    private void PrepareQuantization(OpContext context, LiteTensor input, LiteTensor output)
    {
        _quantizedProd = false;
        if (_type is not (TensorType.Int8 or TensorType.UInt8 or TensorType.Int16)) return;
        var (si, zi) = ParamsOrZero(input);
        var (so, zo) = ParamsOrZero(output);
        if (_type == TensorType.Int16 && (zi != 0 || zo != 0))
            throw context.Fail($"int16 input {ModelText.Quote(input.Name)} (zero point {zi}) and output {ModelText.Quote(output.Name)} (zero point {zo}) need zero point 0");
        _inputZeroPoint = zi;
        _outputZeroPoint = zo;
        _inputScale = si;
        _outputScale = so;
        switch (_kind)
        {
            case ReduceKind.Mean:
            case ReduceKind.Sum:
                if (!IsQuantized(input) || !IsQuantized(output))
                    throw context.Fail($"{TensorTypes.Name(_type)} input {ModelText.Quote(input.Name)} and output {ModelText.Quote(output.Name)} need quantization parameters");
                if (!(si > 0) || !(so > 0) || !double.IsFinite((double)si / so))
                    throw context.Fail($"input scale {si} / output scale {so} is not a usable rescale factor");
                QuantizedMultiplier.Quantize((double)si / so, out _multiplier, out _shift);
                break;
            case ReduceKind.Prod when IsQuantized(input):
                if (_type == TensorType.UInt8)
                    throw context.Fail($"quantized uint8 input {ModelText.Quote(input.Name)} is not supported by REDUCE_PROD (TFLite takes quantized int8 and int16 only)");
                if (!IsQuantized(output) || !(si > 0) || !(so > 0))
                    throw context.Fail($"quantized input {ModelText.Quote(input.Name)} needs a quantized output with a positive scale, got output {ModelText.Quote(output.Name)} scale {so}");
                _quantizedProd = true;
                break;
            case ReduceKind.Max:
            case ReduceKind.Min:
                if (si != so || zi != zo)
                    throw context.Fail($"output {ModelText.Quote(output.Name)} (scale {so}, zero point {zo}) must have the quantization of input {ModelText.Quote(input.Name)} (scale {si}, zero point {zi})");
                break;
        }
    }

    /// <summary>Reads the axes into <see cref="_reduced"/>, sets the output shape and sizes the scratch.</summary>
    private void ResolveAndResize(OpContext context, LiteTensor input, LiteTensor axis)
    {
        int rank = input.Rank;
        Array.Clear(_reduced);
        long count = axis.ElementCount;
        if (rank > 0)
        {
            for (long i = 0; i < count; i++)
            {
                long a = axis.DataType == TensorType.Int32 ? axis.GetData<int>()[(int)i] : axis.GetData<long>()[(int)i];
                long r = a < 0 ? a + rank : a;
                if (r < 0 || r >= rank)
                    throw context.Fail($"axis {a} (element {i} of {Describe(axis)}) is out of range for input {Describe(input)}");
                _reduced[r] = true;
            }
        }
        Span<int> shape = stackalloc int[rank];
        int n = 0;
        long outCount = 1;
        for (int d = 0; d < rank; d++)
        {
            if (!_reduced[d]) { shape[n++] = input.Dim(d); outCount *= input.Dim(d); }
            else if (_keepDims) shape[n++] = 1;
        }
        context.ResizeOutput(0, shape.Slice(0, n));
        if (_quantizedProd)
        {
            long inCount = input.ElementCount;
            if (inCount != 0 && outCount != 0)
            {
                long reducedSize = inCount / outCount;
                double scaling = RefQ.ReduceProdQuantized.Scaling(_inputScale, _outputScale, (int)Math.Min(reducedSize, int.MaxValue));
                if (!double.IsFinite(scaling) || scaling <= 0)
                    throw context.Fail($"REDUCE_PROD scale {_inputScale} / {_outputScale}^(1/{reducedSize}) is not a usable rescale factor");
                QuantizedMultiplier.Quantize(scaling, out _multiplier, out _shift);
                if (_shift > 7)
                    throw context.Fail($"REDUCE_PROD per-step scale {scaling} (input scale {_inputScale}, output scale {_outputScale}, {reducedSize} elements) is too large for TFLite's int64 rescaling (at most 2^7)");
            }
        }
        bool needsInt = _type is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16;
        bool needsLong = _kind == ReduceKind.Mean && _type is TensorType.Int32 or TensorType.Int64;
        if (needsInt && _tempInt.Length < outCount) _tempInt = new int[outCount];
        if (needsLong && _tempLong.Length < outCount) _tempLong = new long[outCount];
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        if (_dynamic) ResolveAndResize(context, input, context.Input(1));
        var output = context.Output(0);
        ReadOnlySpan<int> shape = input.Shape;
        if (_kind == ReduceKind.Mean && input.ElementCount == 0)
        {
            // TFLite's MEAN of an empty input: quiet NaN (0 for the integer types).
            if (_type == TensorType.Float32) output.GetWritableData<float>().Fill(float.NaN);
            else output.WritableBytes.Clear();
            return;
        }
        switch (_type)
        {
            case TensorType.Float32: EvalFloat(shape, input.GetData<float>(), output.GetWritableData<float>()); break;
            case TensorType.Int32: EvalInteger(shape, input.GetData<int>(), output.GetWritableData<int>()); break;
            case TensorType.Int64: EvalInteger(shape, input.GetData<long>(), output.GetWritableData<long>()); break;
            case TensorType.Bool: EvalBool(shape, input.GetData<byte>(), output.GetWritableData<byte>()); break;
            case TensorType.Int8:
                if (_kind == ReduceKind.Sum)
                {
                    // TFLite's reference SUM hands int8 data to its uint8 kernel: bytes read and written as uint8.
                    EvalSmall(shape, MemoryMarshal.Cast<sbyte, byte>(input.GetData<sbyte>()), MemoryMarshal.Cast<sbyte, byte>(output.GetWritableData<sbyte>()));
                }
                else EvalSmall(shape, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
                break;
            case TensorType.UInt8: EvalSmall(shape, input.GetData<byte>(), output.GetWritableData<byte>()); break;
            case TensorType.Int16: EvalSmall(shape, input.GetData<short>(), output.GetWritableData<short>()); break;
            default: throw context.Fail($"{TensorTypes.Name(_type)} is not supported");
        }
    }

    private bool AllReduced
    {
        get
        {
            foreach (bool r in _reduced) if (!r) return false;
            return true;
        }
    }

    private void EvalFloat(ReadOnlySpan<int> shape, ReadOnlySpan<float> x, Span<float> y)
    {
        bool r = _reference;
        switch (_kind)
        {
            case ReduceKind.Mean:
                if (r) Ref.Reduce.Mean(shape, x, _reduced, y); else Opt.Reduce.Mean(shape, x, _reduced, y);
                break;
            case ReduceKind.Sum:
                if (r && AllReduced) Ref.ReduceGeneric.Run<float, Ref.ReduceGeneric.SumOf<float>>(shape, x, _reduced, y);
                else if (r) Ref.Reduce.Sum(shape, x, _reduced, y);
                else Opt.Reduce.Sum(shape, x, _reduced, y);
                break;
            case ReduceKind.Max:
                if (r && AllReduced) Ref.ReduceGeneric.Run<float, Ref.ReduceGeneric.MaxOf<float>>(shape, x, _reduced, y);
                else if (r) Ref.Reduce.Max(shape, x, _reduced, y);
                else Opt.Reduce.Max(shape, x, _reduced, y);
                break;
            case ReduceKind.Min: Ref.ReduceGeneric.Run<float, Ref.ReduceGeneric.MinOf<float>>(shape, x, _reduced, y); break;
            case ReduceKind.Prod: Ref.ReduceGeneric.Run<float, Ref.ReduceGeneric.ProdOf<float>>(shape, x, _reduced, y); break;
        }
    }

    private void EvalInteger<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        switch (_kind)
        {
            case ReduceKind.Mean: Ref.ReduceGeneric.MeanInteger(shape, x, _reduced, y, _tempLong); break;
            case ReduceKind.Sum: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.SumOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Max when !_reference: OptQ.ReduceMaxMin.Max(shape, x, _reduced, y); break;
            case ReduceKind.Min when !_reference: OptQ.ReduceMaxMin.Min(shape, x, _reduced, y); break;
            case ReduceKind.Max: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MaxOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Min: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MinOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Prod: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.ProdOf<T>>(shape, x, _reduced, y); break;
        }
    }

    private void EvalBool(ReadOnlySpan<int> shape, ReadOnlySpan<byte> x, Span<byte> y)
    {
        if (_kind is ReduceKind.Sum or ReduceKind.Max or ReduceKind.Any)
            Ref.ReduceGeneric.Run<byte, Ref.ReduceGeneric.AnyOf>(shape, x, _reduced, y);
        else
            Ref.ReduceGeneric.Run<byte, Ref.ReduceGeneric.AllOf>(shape, x, _reduced, y);
    }

    private void EvalSmall<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        switch (_kind)
        {
            case ReduceKind.Max when !_reference: OptQ.ReduceMaxMin.Max(shape, x, _reduced, y); break;
            case ReduceKind.Min when !_reference: OptQ.ReduceMaxMin.Min(shape, x, _reduced, y); break;
            case ReduceKind.Max: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MaxOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Min: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.MinOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Prod when _quantizedProd:
                RefQ.ReduceProdQuantized.Run(shape, x, _reduced, y, _inputZeroPoint, _outputZeroPoint, _multiplier, _shift, _tempInt);
                break;
            case ReduceKind.Prod: Ref.ReduceGeneric.Run<T, Ref.ReduceGeneric.ProdOf<T>>(shape, x, _reduced, y); break;
            case ReduceKind.Sum when typeof(T) == typeof(short):
                RefQ.ReduceQuantized.SumRescaledInFloat(shape, x, _reduced, y, _inputZeroPoint, (float)_inputScale, _outputZeroPoint, (float)_outputScale, _tempInt);
                break;
            default:
                if (_reference) RefQ.ReduceQuantized.MeanOrSum(shape, x, _reduced, y, _inputZeroPoint, _multiplier, _shift, _outputZeroPoint,
                    computeSum: _kind == ReduceKind.Sum, _tempInt);
                else OptQ.ReduceQuantized.MeanOrSum(shape, x, _reduced, y, _inputZeroPoint, _multiplier, _shift, _outputZeroPoint,
                    computeSum: _kind == ReduceKind.Sum, _tempInt);
                break;
        }
    }
}
