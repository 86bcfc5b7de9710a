using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// AVERAGE_POOL_2D: the average of the in-bounds part of each window. float32; int8, uint8 and int16 with TFLite's
/// rounded integer division (a window with no in-image tap fails, as in TFLite). The optimized flavor's quantized pools
/// (<see cref="Opt.Quantized.AveragePool2DQuantized"/>) are vectorized over channels and bit-exact with the reference.
/// </summary>
internal sealed class AveragePool2DOp : Pool2DOp
{
    public AveragePool2DOp(KernelFlavor flavor) : base(flavor) { }

    protected override bool IsAverage => true;

    public override void Eval(OpContext ctx)
    {
        var inputT = ctx.Input(0);
        var outputT = ctx.Output(0);
        bool ok = true;
        switch (ElementType)
        {
            case TensorType.Int8:
                ok = _reference
                    ? Ref.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<sbyte>(), outputT.GetWritableData<sbyte>())
                    : Opt.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<sbyte>(), outputT.GetWritableData<sbyte>());
                break;
            case TensorType.UInt8:
                ok = _reference
                    ? Ref.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<byte>(), outputT.GetWritableData<byte>())
                    : Opt.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<byte>(), outputT.GetWritableData<byte>());
                break;
            case TensorType.Int16:
                ok = _reference
                    ? Ref.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<short>(), outputT.GetWritableData<short>())
                    : Opt.Quantized.AveragePool2DQuantized.Run(QuantizedParams, inputT.GetData<short>(), outputT.GetWritableData<short>());
                break;
            default:
                var input = inputT.GetData<float>();
                var output = outputT.GetWritableData<float>();
                if (_reference) Ref.Pooling.AveragePool(Params, input, output);
                else EvalFloatOptimized(ctx);
                break;
        }
        if (!ok) throw ctx.Fail("a pooling window has no element inside the input (padding larger than the filter)");
    }
}
