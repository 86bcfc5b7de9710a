using ManagedLite.Ops.Convolution;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Convolution family: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV, pools, BATCH_MATMUL, and MediaPipe's Convolution2DTransposeBias.</summary>
    static partial void RegisterConvolution(OpResolver r, KernelFlavor f)
    {
        var weighted = new OpTraits { AcceptsFusedActivation = true, EstimateWork = OpWork.Weighted };
        var pool = new OpTraits { AcceptsFusedActivation = true, EstimateWork = OpWork.Pool };
        r.AddBuiltin(BuiltinOperator.CONV_2D, () => new Conv2DOp(f), 1, 8, weighted with { AcceptsResidualAdd = true, AcceptsExplicitPadding = true });
        r.AddBuiltin(BuiltinOperator.DEPTHWISE_CONV_2D, () => new DepthwiseConv2DOp(f), 1, 7, weighted with { AcceptsExplicitPadding = true });
        r.AddBuiltin(BuiltinOperator.FULLY_CONNECTED, () => new FullyConnectedOp(f), 1, 13, weighted);
        r.AddBuiltin(BuiltinOperator.TRANSPOSE_CONV, () => new TransposeConvOp(f), 1, 5, weighted);
        r.AddBuiltin(BuiltinOperator.AVERAGE_POOL_2D, () => new AveragePool2DOp(f), 1, 4, pool);
        r.AddBuiltin(BuiltinOperator.MAX_POOL_2D, () => new MaxPool2DOp(f), 1, 4, pool);
        r.AddBuiltin(BuiltinOperator.BATCH_MATMUL, () => new BatchMatMulOp(f), 1, 4, new OpTraits { EstimateWork = OpWork.BatchMatMul });
        r.AddCustom("Convolution2DTransposeBias", () => new TransposeConvBiasOp(f), traits: new OpTraits { EstimateWork = OpWork.Weighted });
    }
}
