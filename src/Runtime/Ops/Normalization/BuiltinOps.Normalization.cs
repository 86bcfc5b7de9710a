using ManagedLite.Ops.Convolution;
using ManagedLite.Ops.Normalization;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Normalization, pooling and 3-D convolution: L2_NORMALIZATION, LOCAL_RESPONSE_NORMALIZATION, L2_POOL_2D, CONV_3D, CONV_3D_TRANSPOSE.</summary>
    static partial void RegisterNormalization(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.L2_NORMALIZATION, () => new L2NormalizationOp(f), 1, 2,
            new OpTraits { Types = [TensorType.Float32, TensorType.UInt8, TensorType.Int8] });
        r.AddBuiltin(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION, () => new LocalResponseNormalizationOp(), 1, 1,
            new OpTraits { EstimateWork = LocalResponseNormalizationOp.EstimateWork, Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.L2_POOL_2D, () => new L2Pool2DOp(), 1, 1,
            new OpTraits { AcceptsFusedActivation = true, EstimateWork = OpWork.Pool, Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.CONV_3D, () => new Conv3DOp(f), 1, 1,
            new OpTraits { AcceptsFusedActivation = true, EstimateWork = Conv3DOp.EstimateWork, Types = [TensorType.Float32] });
        r.AddBuiltin(BuiltinOperator.CONV_3D_TRANSPOSE, () => new Conv3DTransposeOp(), 1, 1,
            new OpTraits { AcceptsFusedActivation = true, EstimateWork = Conv3DTransposeOp.EstimateWork, Types = [TensorType.Float32] });
    }
}
