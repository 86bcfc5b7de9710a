using ManagedLite.Schema;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// QUANTIZE: float32 to int8 / uint8 / int16 with per-tensor or per-channel (quantized_dimension) parameters
/// (TFLite's AffineQuantize / PerChannelQuantize), or integer to integer requantization (int8 / uint8 / int16 /
/// int32 in; int8 / uint8 / int16 out, plus int16 to int32) with multiplier QuantizeMultiplier(inScale / outScale)
/// (TFLite's Requantize). int16 to int16 needs zero points 0. Optimized: float to 8-bit per tensor in vector lanes
/// (<see cref="OptQ.QuantizeFloat8"/>), 8-bit to 8-bit through the table of the reference requantization.
/// </summary>
internal sealed class QuantizeOp : IOpKernel
{
    private readonly bool _reference;
    private byte[]? _table;

    public QuantizeOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private void FillTable<TIn>(ReadOnlySpan<TIn> all, TensorType outType) where TIn : unmanaged, System.Numerics.IBinaryInteger<TIn>
    {
        if (outType == TensorType.Int8)
            RefQ.Requantize.Run(all, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_table.AsSpan()), _multiplier, _shift, _inputZeroPoint, _zeroPoints[0]);
        else RefQ.Requantize.Run(all, _table.AsSpan(), _multiplier, _shift, _inputZeroPoint, _zeroPoints[0]);
    }

    private float[] _scales = [];
    private int[] _zeroPoints = [];
    private int _axis;
    private bool _perChannel;
    private int _multiplier, _shift, _inputZeroPoint;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        var q = output.Quantization;
        if (q is null || q.Scales.Count == 0)
            throw context.Fail($"output '{output.Name}' has no quantization parameters");
        var inType = input.DataType;
        var outType = output.DataType;
        if (inType == TensorType.Float32)
        {
            if (!QuantizedOpHelpers.IsQuantizedType(outType))
                throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}; quantizing float32 gives int8, uint8 or int16");
            _scales = q.Scales.ToArray();
            _zeroPoints = new int[_scales.Length];
            var zps = q.ZeroPoints;
            if (zps.Count != 0 && zps.Count != _scales.Length)
                throw context.Fail($"output '{output.Name}' has {_scales.Length} scales but {zps.Count} zero points");
            for (int i = 0; i < zps.Count; i++) _zeroPoints[i] = (int)zps[i];
            _perChannel = _scales.Length > 1;
            _axis = q.QuantizedDimension;
            if (_perChannel && ((uint)_axis >= (uint)input.Rank || input.Dim(_axis) != _scales.Length))
                throw context.Fail($"output '{output.Name}' has {_scales.Length} scales along dimension {_axis}, which does not match input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)}");
        }
        else
        {
            bool ok = inType switch
            {
                TensorType.Int16 => outType is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16 or TensorType.Int32,
                TensorType.Int32 => outType is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16,
                TensorType.Int8 or TensorType.UInt8 => outType is TensorType.Int8 or TensorType.UInt8 or TensorType.Int16,
                _ => false,
            };
            if (!ok)
                throw context.Fail($"requantizing {QuantizedOpHelpers.TypeText(input)} ('{input.Name}') to {QuantizedOpHelpers.TypeText(output)} ('{output.Name}') is not supported");
            var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
            float so = q.Scale;
            int zo = q.ZeroPoint;
            if (inType == TensorType.Int16 && outType == TensorType.Int16)
            {
                QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
                QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
            }
            QuantizedOpHelpers.Guard(context, $"requantize scale {si} / {so}", () =>
            {
                RefQ.Requantize.Multiplier(si, so, out _multiplier, out _shift);
                return 0;
            });
            _inputZeroPoint = zi;
            _scales = [so];
            _zeroPoints = [zo];
            _perChannel = false;
            // Optimized 8-bit to 8-bit: the reference requantization over all 256 input bytes is the table of the op.
            _table = null;
            if (!_reference && inType is TensorType.Int8 or TensorType.UInt8 && outType is TensorType.Int8 or TensorType.UInt8)
            {
                _table = new byte[256];
                if (inType == TensorType.Int8) FillTable(OptQ.ByteTable.AllSBytes, outType);
                else FillTable(OptQ.ByteTable.AllBytes, outType);
            }
        }
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (input.DataType)
        {
            case TensorType.Float32:
                var x = input.GetData<float>();
                switch (output.DataType)
                {
                    case TensorType.Int8: FromFloat(x, input.Shape, output.GetWritableData<sbyte>()); break;
                    case TensorType.UInt8: FromFloat(x, input.Shape, output.GetWritableData<byte>()); break;
                    case TensorType.Int16: FromFloat(x, input.Shape, output.GetWritableData<short>()); break;
                }
                break;
            case TensorType.Int8: FromInt(input.GetData<sbyte>(), output); break;
            case TensorType.UInt8: FromInt(input.GetData<byte>(), output); break;
            case TensorType.Int16: FromInt(input.GetData<short>(), output); break;
            case TensorType.Int32: FromInt(input.GetData<int>(), output); break;
        }
    }

    private void FromFloat<T>(ReadOnlySpan<float> x, ReadOnlySpan<int> shape, Span<T> y)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        if (!_reference && !_perChannel && typeof(T) == typeof(sbyte))
            OptQ.QuantizeFloat8.PerTensor(x, System.Runtime.InteropServices.MemoryMarshal.Cast<T, sbyte>(y), _scales[0], _zeroPoints[0]);
        else if (!_reference && !_perChannel && typeof(T) == typeof(byte))
            OptQ.QuantizeFloat8.PerTensor(x, System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(y), _scales[0], _zeroPoints[0]);
        else if (_perChannel) RefQ.Quantize.PerChannel(shape, x, y, _axis, _scales, _zeroPoints);
        else RefQ.Quantize.PerTensor(x, y, _scales[0], _zeroPoints[0]);
    }

    private void FromInt<TIn>(ReadOnlySpan<TIn> x, LiteTensor output) where TIn : unmanaged, System.Numerics.IBinaryInteger<TIn>
    {
        int zo = _zeroPoints[0];
        if (_table is not null)
        {
            OptQ.ByteTable.Lookup(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x), output.WritableBytes, _table);
            return;
        }
        switch (output.DataType)
        {
            case TensorType.Int8: RefQ.Requantize.Run(x, output.GetWritableData<sbyte>(), _multiplier, _shift, _inputZeroPoint, zo); break;
            case TensorType.UInt8: RefQ.Requantize.Run(x, output.GetWritableData<byte>(), _multiplier, _shift, _inputZeroPoint, zo); break;
            case TensorType.Int16: RefQ.Requantize.Run(x, output.GetWritableData<short>(), _multiplier, _shift, _inputZeroPoint, zo); break;
            case TensorType.Int32: RefQ.Requantize.Run(x, output.GetWritableData<int>(), _multiplier, _shift, _inputZeroPoint, zo); break;
        }
    }
}
