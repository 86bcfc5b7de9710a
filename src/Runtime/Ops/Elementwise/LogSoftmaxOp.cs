using ManagedLite.Schema;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// LOG_SOFTMAX over the last axis on float32, and on int8 / uint8 with TFLite's fixed-point reference algorithm
/// (output scale 16/256 and zero point 127 for int8, 255 for uint8, as TFLite requires).
/// </summary>
internal sealed class LogSoftmaxOp : IOpKernel
{
    private readonly bool _reference;

    public LogSoftmaxOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int _depth;
    private TensorType _type = TensorType.Float32;
    private RefQ.LogSoftmaxQuantized.Params _params;

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        _type = input.DataType;
        if (_type is TensorType.Int8 or TensorType.UInt8)
        {
            if (output.DataType != _type)
                throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
            var (si, _) = QuantizedOpHelpers.Params(context, input, "input");
            var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
            if (so != RefQ.LogSoftmaxQuantized.OutputScale)
                throw context.Fail($"output '{output.Name}' scale is {so}; quantized LOG_SOFTMAX needs 16/256 (0.0625)");
            int expectedZero = _type == TensorType.Int8 ? 127 : 255;
            if (zo != expectedZero)
                throw context.Fail($"output '{output.Name}' zero point is {zo}; {QuantizedOpHelpers.TypeText(output)} LOG_SOFTMAX needs {expectedZero}");
            if (!(si > 0) || float.IsInfinity(si))
                throw context.Fail($"input '{input.Name}' scale is {si}; it must be positive and finite");
            _params = RefQ.LogSoftmaxQuantized.Create(si);
            context.ResizeOutput(0, input.Shape);
        }
        else
        {
            _type = TensorType.Float32;
            ElementwiseOpHelpers.PrepareUnaryFloat(context);
        }
        if (input.Rank < 1) throw context.Fail($"input '{input.Name}' must have rank at least 1, got a scalar");
        _depth = input.Dim(input.Rank - 1);
    }

    public void Eval(OpContext context)
    {
        if (_depth == 0) return;
        switch (_type)
        {
            case TensorType.Int8:
                RefQ.LogSoftmaxQuantized.Eval(_params, context.Input(0).GetData<sbyte>(), context.Output(0).GetWritableData<sbyte>(), _depth);
                return;
            case TensorType.UInt8:
                RefQ.LogSoftmaxQuantized.Eval(_params, context.Input(0).GetData<byte>(), context.Output(0).GetWritableData<byte>(), _depth);
                return;
        }
        var x = context.Input(0).GetData<float>();
        var y = context.Output(0).GetWritableData<float>();
        if (_reference) Kernels.Reference.LogSoftmax.Eval(x, y, _depth);
        else Kernels.Optimized.LogSoftmax.Eval(x, y, _depth);
    }
}
