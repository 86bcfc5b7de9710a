using ManagedLite.Ops.Convolution;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Convolution family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV, pools, BATCH_MATMUL, and MediaPipe's Convolution2DTransposeBias.</summary>
    static partial void RegisterConvolution(OpResolver r)
    {
        r.AddBuiltin(BuiltinOperator.CONV_2D, () => new Conv2DOp(), 1, 8);
        r.AddBuiltin(BuiltinOperator.DEPTHWISE_CONV_2D, () => new DepthwiseConv2DOp(), 1, 7);
        r.AddBuiltin(BuiltinOperator.FULLY_CONNECTED, () => new FullyConnectedOp(), 1, 13);
        r.AddBuiltin(BuiltinOperator.TRANSPOSE_CONV, () => new TransposeConvOp(), 1, 5);
        r.AddBuiltin(BuiltinOperator.AVERAGE_POOL_2D, () => new AveragePool2DOp(), 1, 4);
        r.AddBuiltin(BuiltinOperator.MAX_POOL_2D, () => new MaxPool2DOp(), 1, 4);
        r.AddBuiltin(BuiltinOperator.BATCH_MATMUL, () => new BatchMatMulOp(), 1, 4);
        r.AddCustom("Convolution2DTransposeBias", () => new TransposeConvBiasOp());
    }
}
