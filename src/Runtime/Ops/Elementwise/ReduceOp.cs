using System.Runtime.InteropServices;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>Which reduction a <see cref="ReduceOp"/> computes.</summary>
internal enum ReduceKind { Mean, Sum, Max }

/// <summary>
/// MEAN, SUM and REDUCE_MAX on float32, int8, uint8 and int16 (TFLite's reference paths: MEAN and 8-bit SUM
/// rescale int32 sums by inScale / outScale; REDUCE_MAX and int16 SUM work on the stored values and need the
/// input's quantization on the output; int8 SUM reproduces TFLite's reference kernel, which reads the int8 data as
/// uint8). The axis tensor (int32 or int64; negative and duplicate axes allowed)
/// must be a constant or have its data when Prepare runs, since the output shape depends on it; a
/// non-constant axis is re-read in Eval and must not have changed.
/// </summary>
internal sealed class ReduceOp : IOpKernel
{
    private readonly ReduceKind _kind;
    private int[] _axes = Array.Empty<int>();
    private bool[] _reduced = Array.Empty<bool>();
    private TensorType _type = TensorType.Float32;
    private int _multiplier, _shift, _inputZeroPoint, _outputZeroPoint;
    private int[] _tempSum = Array.Empty<int>();

    private readonly bool _reference;

    public ReduceOp(ReduceKind kind, KernelFlavor flavor)
    {
        _kind = kind;
        _reference = flavor == KernelFlavor.Reference;
    }

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 2, 1);
        var input = context.Input(0);
        var axis = context.Input(1);
        var output = context.Output(0);
        _type = input.DataType;
        if (QuantizedOpHelpers.IsQuantizedType(_type))
        {
            if (output.DataType != _type)
                throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
            PrepareQuantized(context, input, output);
        }
        else
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.ExpectFloat(context, input, "input");
            ElementwiseOpHelpers.ExpectFloat(context, output, "output");
        }
        if (axis.DataType != TensorType.Int32 && axis.DataType != TensorType.Int64)
            throw context.Fail($"axis '{axis.Name}' must be int32 or int64, got {TensorTypes.Name(axis.DataType)}");
        if (!axis.HasData)
            throw context.Fail($"axis '{axis.Name}' has no data at preparation; only constant (or already computed) axes are supported");
        _axes = ReadAxes(axis);
        try
        {
            _reduced = ReduceAxes.Resolve(_axes, input.Rank);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw context.Fail($"axis '{axis.Name}' [{string.Join(",", _axes)}] is out of range for input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)}");
        }
        bool keepDims = context.GetOptions<ReducerOptions>().KeepDims;
        var outShape = ReduceAxes.OutputShape(input.Shape, _reduced, keepDims);
        context.ResizeOutput(0, outShape);
        long outCount = 1;
        foreach (int d in outShape) outCount *= d;
        if (_type != TensorType.Float32 && _tempSum.Length < outCount) _tempSum = new int[outCount];
    }

    private void PrepareQuantized(OpContext context, LiteTensor input, LiteTensor output)
    {
        var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
        var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
        if (_type == TensorType.Int16)
        {
            QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
            QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
        }
        _inputZeroPoint = zi;
        _outputZeroPoint = zo;
        bool rescales = _kind == ReduceKind.Mean || (_kind == ReduceKind.Sum && _type != TensorType.Int16);
        if (rescales)
        {
            QuantizedOpHelpers.Guard(context, $"scale {si} / {so}", () =>
            {
                QuantizedMultiplier.Quantize((double)si / so, out _multiplier, out _shift);
                return 0;
            });
        }
        else if (si != so || zi != zo)
        {
            throw context.Fail($"output '{output.Name}' (scale {so}, zero point {zo}) must have the quantization of input '{input.Name}' (scale {si}, zero point {zi})");
        }
    }

    private static int[] ReadAxes(LiteTensor axis)
    {
        if (axis.DataType == TensorType.Int32) return axis.GetData<int>().ToArray();
        var longs = axis.GetData<long>();
        var result = new int[longs.Length];
        for (int i = 0; i < longs.Length; i++)
            result[i] = (int)Math.Clamp(longs[i], int.MinValue, int.MaxValue);
        return result;
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var axis = context.Input(1);
        if (!axis.IsConstant && !SameAxes(axis))
            throw context.Fail($"axis '{axis.Name}' changed after Prepare; dynamic reduction axes are not supported");
        ReadOnlySpan<int> shape = input.Shape;
        var output = context.Output(0);
        bool noAxes = axis.ElementCount == 0;
        switch (_type)
        {
            case TensorType.Int8:
                if (_kind == ReduceKind.Sum)
                {
                    // TFLite's reference SUM hands int8 data to its uint8 kernel: bytes read and written as uint8.
                    EvalQuantized(shape, MemoryMarshal.Cast<sbyte, byte>(input.GetData<sbyte>()),
                                  MemoryMarshal.Cast<sbyte, byte>(output.GetWritableData<sbyte>()), noAxes);
                }
                else EvalQuantized(shape, input.GetData<sbyte>(), output.GetWritableData<sbyte>(), noAxes);
                return;
            case TensorType.UInt8: EvalQuantized(shape, input.GetData<byte>(), output.GetWritableData<byte>(), noAxes); return;
            case TensorType.Int16: EvalQuantized(shape, input.GetData<short>(), output.GetWritableData<short>(), noAxes); return;
        }
        var x = input.GetData<float>();
        var y = output.GetWritableData<float>();
        bool r = _reference;
        switch (_kind)
        {
            case ReduceKind.Mean: if (r) Kernels.Reference.Reduce.Mean(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Mean(shape, x, _reduced, y); break;
            case ReduceKind.Sum: if (r) Kernels.Reference.Reduce.Sum(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Sum(shape, x, _reduced, y); break;
            case ReduceKind.Max: if (r) Kernels.Reference.Reduce.Max(shape, x, _reduced, y); else Kernels.Optimized.Reduce.Max(shape, x, _reduced, y); break;
        }
    }

    private void EvalQuantized<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> x, Span<T> y, bool noAxes)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        switch (_kind)
        {
            case ReduceKind.Max:
                RefQ.ReduceQuantized.Max(shape, x, _reduced, y);
                break;
            case ReduceKind.Sum when typeof(T) == typeof(short):
                RefQ.ReduceQuantized.PlainSum(shape, x, _reduced, y);
                break;
            default:
                RefQ.ReduceQuantized.MeanOrSum(shape, x, _reduced, y, _inputZeroPoint, _multiplier, _shift, _outputZeroPoint,
                    computeSum: _kind == ReduceKind.Sum, noAxes, _tempSum);
                break;
        }
    }

    private bool SameAxes(LiteTensor axis)
    {
        if (axis.DataType == TensorType.Int32)
            return axis.GetData<int>().SequenceEqual(_axes);
        var longs = axis.GetData<long>();
        if (longs.Length != _axes.Length) return false;
        for (int i = 0; i < longs.Length; i++) if (longs[i] != _axes[i]) return false;
        return true;
    }
}
