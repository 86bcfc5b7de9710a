using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>MAX_POOL_2D: the maximum of the in-bounds part of each window; float32, int8, uint8 and int16.</summary>
internal sealed class MaxPool2DOp : Pool2DOp
{
    public MaxPool2DOp(KernelFlavor flavor) : base(flavor) { }

    protected override bool IsAverage => false;

    public override void Eval(OpContext ctx)
    {
        var inputT = ctx.Input(0);
        var outputT = ctx.Output(0);
        switch (ElementType)
        {
            case TensorType.Int8:
                if (_reference) Ref.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<sbyte>(), outputT.GetWritableData<sbyte>());
                else Opt.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<sbyte>(), outputT.GetWritableData<sbyte>());
                break;
            case TensorType.UInt8:
                if (_reference) Ref.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<byte>(), outputT.GetWritableData<byte>());
                else Opt.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<byte>(), outputT.GetWritableData<byte>());
                break;
            case TensorType.Int16:
                if (_reference) Ref.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<short>(), outputT.GetWritableData<short>());
                else Opt.Quantized.MaxPool2DQuantized.Run(QuantizedParams, inputT.GetData<short>(), outputT.GetWritableData<short>());
                break;
            default:
                var input = inputT.GetData<float>();
                var output = outputT.GetWritableData<float>();
                if (_reference) Ref.Pooling.MaxPool(Params, input, output);
                else EvalFloatOptimized(ctx);
                break;
        }
    }
}
