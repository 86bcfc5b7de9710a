using System.Runtime.InteropServices;
using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Indexing;

/// <summary>
/// EMBEDDING_LOOKUP (TFLite's embedding_lookup.cc): int32 ids [n] select rows of value [rows, ...]; output
/// [n, value.shape[1:]]. Same-type lookups copy rows of any fixed-size type. Hybrid lookups (int8, uint8 or packed int4
/// value with a float32 or float16 output) dequantize with zero point 0 and one scale per tensor or per row
/// (quantized_dimension 0); uint8 values are read as int8, as TFLite's kernel does. An id outside [0, rows) is an
/// <see cref="OperatorException"/> at Eval.
/// </summary>
internal sealed class EmbeddingLookupOp : IOpKernel
{
    private enum Mode { Copy, Hybrid8, HybridInt4 }

    private Mode _mode;
    private int _rows, _cols, _rowBytes;
    private float[] _scales = [];

    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 2, 1);
        var ids = context.Input(0);
        var value = context.Input(1);
        var output = context.Output(0);
        ExpectType(context, ids, "ids", TensorType.Int32);
        ExpectRank(context, ids, "ids", 1, 1);
        ExpectRank(context, value, "value", 2);
        var shape = value.Shape.ToArray();
        shape[0] = ids.Dim(0);
        _rows = value.Dim(0);
        _cols = CheckedProduct(context, value.Shape, 1, value.Rank, "the row size");
        bool floatOut = output.DataType is TensorType.Float32 or TensorType.Float16;
        if (value.DataType != output.DataType && floatOut)
            PrepareHybrid(context, value, output);
        else
        {
            ExpectSameType(context, value, output, "output");
            if (value.Quantization is { IsPerChannel: true })
                throw context.Fail($"value {Describe(value)} has per-row scales; those are only for dequantizing lookups (float32 or float16 output)");
            int size = TensorTypes.ElementSize(value.DataType);
            if (size == 0)
                throw context.Fail($"value {Describe(value)}: {TensorTypes.Name(value.DataType)} rows cannot be copied (no fixed element size)");
            _mode = Mode.Copy;
            _rowBytes = checked(_cols * size);
        }
        CheckedProduct(context, shape, 0, shape.Length, "the output size");
        context.ResizeOutput(0, shape);
    }

    private void PrepareHybrid(OpContext context, LiteTensor value, LiteTensor output)
    {
        _mode = value.DataType switch
        {
            TensorType.Int8 or TensorType.UInt8 => Mode.Hybrid8,
            TensorType.Int4 => Mode.HybridInt4,
            _ => throw context.Fail($"value {Describe(value)} cannot be dequantized into {TensorTypes.Name(output.DataType)} output {ModelText.Quote(output.Name)}; hybrid lookups take int8, uint8 or int4 values"),
        };
        var q = value.Quantization;
        if (q is null || q.Scales.Count == 0)
            throw context.Fail($"{TensorTypes.Name(value.DataType)} value {Describe(value)} needs quantization scales to be dequantized into {ModelText.Quote(output.Name)}");
        if (q.ZeroPoint != 0)
            throw context.Fail($"value {Describe(value)} has zero point {q.ZeroPoint}; dequantizing lookups need symmetric quantization (zero point 0)");
        if (q.IsPerChannel)
        {
            if (q.QuantizedDimension != 0 || q.Scales.Count != _rows)
                throw context.Fail($"value {Describe(value)} has {q.Scales.Count} scales along dimension {q.QuantizedDimension}; per-row scales need one scale per row along dimension 0");
            if (q.ZeroPoints.Count != 1 && q.ZeroPoints.Count != _rows)
                throw context.Fail($"value {Describe(value)} has {q.ZeroPoints.Count} zero points for {_rows} rows");
        }
        _scales = q.Scales.ToArray();
        if (_mode == Mode.HybridInt4)
        {
            long elements = (long)_rows * _cols;
            if (!value.IsConstant || value.RawBytes.Length != (elements + 1) / 2)
                throw context.Fail($"int4 value {Describe(value)} must be a constant packed two values a byte ({(elements + 1) / 2} bytes), got {(value.IsConstant ? value.RawBytes.Length.ToString() : "a non-constant tensor")}");
        }
    }

    public void Eval(OpContext context)
    {
        var ids = context.Input(0).GetData<int>();
        var value = context.Input(1);
        var output = context.Output(0);
        bool ok;
        int bad, at;
        switch (_mode)
        {
            case Mode.Copy:
                ok = Ref.EmbeddingLookup.TryCopyRows(value.RawBytes, _rows, _rowBytes, ids, output.WritableBytes, out bad, out at);
                break;
            case Mode.Hybrid8:
            {
                var q = MemoryMarshal.Cast<byte, sbyte>(value.RawBytes);
                ok = output.DataType == TensorType.Float32
                    ? Ref.EmbeddingLookup.TryDequantizeRows(q, _rows, _cols, _scales, ids, output.GetWritableData<float>(), out bad, out at)
                    : Ref.EmbeddingLookup.TryDequantizeRows(q, _rows, _cols, _scales, ids, MemoryMarshal.Cast<byte, Half>(output.WritableBytes), out bad, out at);
                break;
            }
            default:
                ok = output.DataType == TensorType.Float32
                    ? Ref.EmbeddingLookup.TryDequantizeInt4Rows(value.RawBytes, _rows, _cols, _scales, ids, output.GetWritableData<float>(), out bad, out at)
                    : Ref.EmbeddingLookup.TryDequantizeInt4Rows(value.RawBytes, _rows, _cols, _scales, ids, MemoryMarshal.Cast<byte, Half>(output.WritableBytes), out bad, out at);
                break;
        }
        if (!ok)
            throw context.Fail($"id {bad} at position {at} of ids {ModelText.Quote(context.Input(0).Name)} is out of range [0, {_rows}) for value {Describe(value)}");
    }
}
