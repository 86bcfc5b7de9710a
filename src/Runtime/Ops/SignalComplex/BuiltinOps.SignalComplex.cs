using ManagedLite.Ops.SignalComplex;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Signal and complex operators: RFFT2D, COMPLEX_ABS, REAL, IMAG (version 1 in TFLite's register.cc).</summary>
    static partial void RegisterSignalComplex(OpResolver r, KernelFlavor f)
    {
        r.AddBuiltin(BuiltinOperator.RFFT2D, () => new Rfft2dOp(), 1, 1, new OpTraits
        {
            Types = [TensorType.Float32],
            EstimateWork = Rfft2dOp.EstimateWork,
        });
        var parts = new OpTraits { Types = [TensorType.Complex64, TensorType.Complex128] };
        r.AddBuiltin(BuiltinOperator.COMPLEX_ABS, () => new ComplexAbsOp(), 1, 1, parts);
        r.AddBuiltin(BuiltinOperator.REAL, () => new RealOp(), 1, 1, parts);
        r.AddBuiltin(BuiltinOperator.IMAG, () => new ImagOp(), 1, 1, parts);
    }
}
