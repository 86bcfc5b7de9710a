using ManagedLite.Ops.Convolution;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

/// <summary>
/// DEQUANTIZE to float32 from float16 (IEEE half), int8, uint8, int16 and constant int4 (per tensor, or per channel
/// along the quantized dimension): real = scale * (q - zero_point). A constant int4 input (weight-only int4 models) is
/// unpacked to int8 once (<see cref="Int4Weights.UnpackAsInt8"/>), as TFLite's dequantize unpacks it.
/// </summary>
internal sealed class DequantizeOp : IOpKernel
{
    private readonly bool _reference;

    public DequantizeOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private float[] _scales = Array.Empty<float>();
    private long[] _zeroPoints = Array.Empty<long>();
    private int _axis;
    private bool _perChannel;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        ElementwiseOpHelpers.ExpectFloat(context, output, "output");
        if (input.DataType == TensorType.Int4) input = Int4Weights.UnpackAsInt8(context, 0, "input");
        switch (input.DataType)
        {
            case TensorType.Float16:
                break;
            case TensorType.Int8:
            case TensorType.UInt8:
            case TensorType.Int16:
                var q = input.Quantization;
                if (q is null || q.Scales.Count == 0)
                    throw context.Fail($"input '{input.Name}' ({TensorTypes.Name(input.DataType)}) has no quantization parameters");
                _scales = q.Scales.ToArray();
                _zeroPoints = q.ZeroPoints.Count == _scales.Length ? q.ZeroPoints.ToArray()
                            : q.ZeroPoints.Count == 0 ? new long[_scales.Length]
                            : throw context.Fail($"input '{input.Name}' has {_scales.Length} scales but {q.ZeroPoints.Count} zero points");
                _perChannel = _scales.Length > 1;
                _axis = q.QuantizedDimension;
                if (_perChannel && ((uint)_axis >= (uint)input.Rank || input.Dim(_axis) != _scales.Length))
                    throw context.Fail($"input '{input.Name}' {ElementwiseOpHelpers.ShapeText(input.Shape)} has {_scales.Length} scales along dimension {_axis}, which does not match");
                break;
            default:
                throw context.Fail($"input '{input.Name}' is {TensorTypes.Name(input.DataType)}: {TensorTypes.Name(input.DataType)} not supported yet (float16, int8, uint8, int16, constant int4)");
        }
        context.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var y = context.Output(0).GetWritableData<float>();
        bool r = _reference;
        switch (input.DataType)
        {
            case TensorType.Float16:
                if (r) Kernels.Reference.Dequantize.Float16(input.GetData<Half>(), y);
                else Kernels.Optimized.Dequantize.Float16(input.GetData<Half>(), y);
                break;
            case TensorType.Int8: Run(input.GetData<sbyte>(), input.Shape, y, r); break;
            case TensorType.UInt8: Run(input.GetData<byte>(), input.Shape, y, r); break;
            case TensorType.Int16: Run(input.GetData<short>(), input.Shape, y, r); break;
        }
    }

    private void Run<T>(ReadOnlySpan<T> q, ReadOnlySpan<int> shape, Span<float> y, bool reference)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (_perChannel)
        {
            if (reference) Kernels.Reference.Dequantize.PerChannel(q, y, shape, _axis, _scales, _zeroPoints);
            else Kernels.Optimized.Dequantize.PerChannel(q, y, shape, _axis, _scales, _zeroPoints);
        }
        else if (reference) Kernels.Reference.Dequantize.PerTensor(q, y, _scales[0], (int)_zeroPoints[0]);
        else Kernels.Optimized.Dequantize.PerTensor(q, y, _scales[0], (int)_zeroPoints[0]);
    }
}
