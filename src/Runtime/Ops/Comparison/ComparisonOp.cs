using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>
/// EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL with NumPy broadcasting to a bool output, on the types
/// TFLite's comparisons.cc accepts: float32, float16, int32, int64 for all six; bool for EQUAL / NOT_EQUAL; bfloat16
/// for LESS / GREATER; uint8 and int8 always quantized (each side rescaled by its own scale, so different
/// quantizations compare by real value); int16 quantized for EQUAL / NOT_EQUAL when the first input has quantization
/// parameters, otherwise (and always for the four orderings, as in TFLite) compared as stored integers. Strings for EQUAL /
/// NOT_EQUAL (TFLite's ComparisonString): byte-wise equality.
/// </summary>
internal sealed class ComparisonOp(ComparisonKind kind) : IOpKernel
{
    private BroadcastPlan? _plan;
    private ComparisonScaling _scaling;
    private bool _quantized;
    private bool _strings;

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var a = context.Input(0);
        var b = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, a, b);
        ExpectOutputType(context, output, TensorType.Bool);
        bool equality = kind is ComparisonKind.Equal or ComparisonKind.NotEqual;
        _strings = a.DataType == TensorType.String && equality;
        if (_strings)
        {
            _plan = Broadcast(context, a, b);
            context.ResizeOutput(0, _plan.OutputShape);
            return;
        }
        bool supported = a.DataType switch
        {
            TensorType.Float32 or TensorType.Float16 or TensorType.Int32 or TensorType.Int64 or TensorType.UInt8 or TensorType.Int8 or TensorType.Int16 => true,
            TensorType.Bool => equality,
            TensorType.BFloat16 => kind is ComparisonKind.Less or ComparisonKind.Greater,
            _ => false,
        };
        if (!supported)
            throw Unsupported(context, a, equality
                ? "bool, float32, float16, int16, int32, int64, string, and quantized uint8 / int8"
                : kind is ComparisonKind.Less or ComparisonKind.Greater
                    ? "float32, float16, bfloat16, int16, int32, int64, and quantized uint8 / int8"
                    : "float32, float16, int16, int32, int64, and quantized uint8 / int8");
        _quantized = a.DataType is TensorType.UInt8 or TensorType.Int8 || (a.DataType == TensorType.Int16 && equality && IsQuantized(a));
        if (_quantized)
        {
            var (s1, z1) = Quantization(context, a, "input");
            var (s2, z2) = Quantization(context, b, "input");
            try
            {
                _scaling = ComparisonScaling.Create(s1, z1, s2, z2);
            }
            catch (ArgumentException ex)
            {
                throw context.Fail($"quantized comparison of {Describe(a)} (scale {s1}) and {Describe(b)} (scale {s2}) needs both scales in (0, 1): {ex.Message}");
            }
        }
        _plan = Broadcast(context, a, b);
        context.ResizeOutput(0, _plan.OutputShape);
    }

    public void Eval(OpContext context)
    {
        var a = context.Input(0);
        var b = context.Input(1);
        var y = context.Output(0).GetWritableData<byte>();
        var plan = _plan ?? throw context.Fail("Eval before Prepare");
        if (_strings)
        {
            Ops.Strings.StringTensors.Compare(context, a, b, kind == ComparisonKind.NotEqual, y);
            return;
        }
        switch (a.DataType)
        {
            case TensorType.Float32: Comparison.Compare(kind, plan, a.GetData<float>(), b.GetData<float>(), y); break;
            case TensorType.Float16: Comparison.Compare(kind, plan, a.GetData<Half>(), b.GetData<Half>(), y); break;
            case TensorType.BFloat16: Comparison.CompareBFloat16(kind, plan, a.GetData<ushort>(), b.GetData<ushort>(), y); break;
            case TensorType.Int32: Comparison.Compare(kind, plan, a.GetData<int>(), b.GetData<int>(), y); break;
            case TensorType.Int64: Comparison.Compare(kind, plan, a.GetData<long>(), b.GetData<long>(), y); break;
            case TensorType.Bool: Comparison.CompareBool(kind, plan, a.RawBytes, b.RawBytes, y); break;
            case TensorType.UInt8: Comparison.CompareQuantized(kind, _scaling, plan, a.GetData<byte>(), b.GetData<byte>(), y); break;
            case TensorType.Int8: Comparison.CompareQuantized(kind, _scaling, plan, a.GetData<sbyte>(), b.GetData<sbyte>(), y); break;
            case TensorType.Int16:
                if (_quantized) Comparison.CompareQuantized(kind, _scaling, plan, a.GetData<short>(), b.GetData<short>(), y);
                else Comparison.Compare(kind, plan, a.GetData<short>(), b.GetData<short>(), y);
                break;
        }
    }
}
