using ManagedLite.Schema;
using OptQ = ManagedLite.Kernels.Optimized.Quantized;
using RefQ = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Ops;

/// <summary>
/// LEAKY_RELU: float32 x &gt; 0 ? x : alpha * x; int8, uint8 and int16 (zero point 0) rescale the two branches with
/// their own multipliers (TFLite's QuantizeLeakyRelu); the optimized 8-bit path looks each byte up in the table of
/// that reference kernel over all 256 input bytes.
/// </summary>
internal sealed class LeakyReluOp : IOpKernel
{
    private readonly bool _reference;

    public LeakyReluOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private float _alpha;
    private TensorType _type;
    private RefQ.LeakyReluQuantized.Operator _op;
    private readonly byte[] _table = new byte[256];

    public void Prepare(OpContext context)
    {
        ElementwiseOpHelpers.ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        _alpha = context.GetOptions<LeakyReluOptions>().Alpha;
        _type = input.DataType;
        if (QuantizedOpHelpers.IsQuantizedType(_type))
        {
            if (output.DataType != _type)
                throw context.Fail($"output '{output.Name}' is {QuantizedOpHelpers.TypeText(output)}, input '{input.Name}' {QuantizedOpHelpers.TypeText(input)}; they must match");
            var (si, zi) = QuantizedOpHelpers.Params(context, input, "input");
            var (so, zo) = QuantizedOpHelpers.Params(context, output, "output");
            if (_type == TensorType.Int16)
            {
                QuantizedOpHelpers.ExpectZeroPointZero(context, input, zi, "input");
                QuantizedOpHelpers.ExpectZeroPointZero(context, output, zo, "output");
            }
            var (tmin, tmax) = QuantizedOpHelpers.TypeRange(_type);
            _op = QuantizedOpHelpers.Guard(context, "leaky relu multipliers",
                () => RefQ.LeakyReluQuantized.Create(si, zi, so, zo, _alpha, tmin, tmax));
            // Optimized 8-bit: the reference kernel over all 256 input bytes is the table of the op.
            if (!_reference && _type == TensorType.Int8)
                RefQ.LeakyReluQuantized.Run(_op, OptQ.ByteTable.AllSBytes, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(_table.AsSpan()));
            else if (!_reference && _type == TensorType.UInt8)
                RefQ.LeakyReluQuantized.Run(_op, OptQ.ByteTable.AllBytes, _table);
            context.ResizeOutput(0, input.Shape);
            return;
        }
        ElementwiseOpHelpers.PrepareUnaryFloat(context);
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        switch (_type)
        {
            case TensorType.Int8 or TensorType.UInt8 when !_reference: OptQ.ByteTable.Lookup(input.RawBytes, output.WritableBytes, _table); return;
            case TensorType.Int8: RefQ.LeakyReluQuantized.Run(_op, input.GetData<sbyte>(), output.GetWritableData<sbyte>()); return;
            case TensorType.UInt8: RefQ.LeakyReluQuantized.Run(_op, input.GetData<byte>(), output.GetWritableData<byte>()); return;
            case TensorType.Int16: RefQ.LeakyReluQuantized.Run(_op, input.GetData<short>(), output.GetWritableData<short>()); return;
        }
        var x = input.GetData<float>();
        var y = output.GetWritableData<float>();
        if (_reference) Kernels.Reference.Activations.LeakyRelu(x, y, _alpha);
        else Kernels.Optimized.Activations.LeakyRelu(x, y, _alpha);
    }
}
