using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Normalization;

/// <summary>
/// L2_NORMALIZATION: each row along the last axis divided by its L2 norm. float32 (v1), uint8 and int8 (v2) with
/// the output quantized at scale 1/128 (zero point 128 for uint8, 0 for int8), as TFLite requires. The fused
/// activation must be NONE (TFLite's kernels implement none).
/// </summary>
internal sealed class L2NormalizationOp : IOpKernel
{
    private int _outer, _depth, _inputZeroPoint;
    private readonly bool _reference;

    public L2NormalizationOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 1) throw ctx.Fail($"expected 1 input, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        if (input.Rank < 1) throw ctx.Fail($"input {ModelText.Quote(input.Name)} must have rank 1 or more, got a scalar");
        if (input.DataType is not (TensorType.Float32 or TensorType.UInt8 or TensorType.Int8))
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} is {TensorTypes.Name(input.DataType)}: expected float32, uint8 or int8");
        if (output.DataType != input.DataType)
            throw ctx.Fail($"output {ModelText.Quote(output.Name)} must be {TensorTypes.Name(input.DataType)} like the input, got {TensorTypes.Name(output.DataType)}");
        var o = ctx.GetOptions<L2NormOptions>();
        if (o.FusedActivation != ActivationFunctionType.None)
            throw ctx.Fail($"fused activation {o.FusedActivation} is not supported (TFLite's L2_NORMALIZATION takes NONE only)");
        if (input.DataType != TensorType.Float32)
        {
            var iq = input.Quantization;
            var oq = output.Quantization;
            if (iq is null || iq.Scales.Count == 0) throw ctx.Fail($"quantized input {ModelText.Quote(input.Name)} has no quantization parameters");
            if (oq is null || oq.Scales.Count == 0) throw ctx.Fail($"quantized output {ModelText.Quote(output.Name)} has no quantization parameters");
            int expectedZp = input.DataType == TensorType.UInt8 ? 128 : 0;
            if (oq.Scale != 1f / 128f || oq.ZeroPoint != expectedZp)
                throw ctx.Fail($"output {ModelText.Quote(output.Name)} must have scale 1/128 and zero point {expectedZp}, got scale {oq.Scale} and zero point {oq.ZeroPoint}");
            _inputZeroPoint = iq.ZeroPoint;
        }
        _depth = input.Dim(input.Rank - 1);
        _outer = _depth == 0 ? 0 : checked((int)(input.ElementCount / _depth));
        ctx.ResizeOutput(0, input.Shape);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        switch (input.DataType)
        {
            case TensorType.Int8:
                if (_reference) L2Normalization.Int8(_outer, _depth, _inputZeroPoint, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
                else Kernels.Optimized.Quantized.L2NormalizationQuantized.Int8(_outer, _depth, _inputZeroPoint, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
                break;
            case TensorType.UInt8:
                if (_reference) L2Normalization.UInt8(_outer, _depth, _inputZeroPoint, input.GetData<byte>(), output.GetWritableData<byte>());
                else Kernels.Optimized.Quantized.L2NormalizationQuantized.UInt8(_outer, _depth, _inputZeroPoint, input.GetData<byte>(), output.GetWritableData<byte>());
                break;
            default:
                L2Normalization.Float(_outer, _depth, input.GetData<float>(), output.GetWritableData<float>());
                break;
        }
    }
}
