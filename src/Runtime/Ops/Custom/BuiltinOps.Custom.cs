using ManagedLite.Ops.Custom;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Custom operators TFLite itself ships: TFLite_Detection_PostProcess (SSD post-processing).</summary>
    static partial void RegisterCustom(OpResolver r, KernelFlavor f)
    {
        // A pure function of its inputs: not stateful, so constant folding may evaluate it.
        r.AddCustom("TFLite_Detection_PostProcess", () => new DetectionPostProcessOp(), traits: new OpTraits
        {
            Types = [TensorType.Float32, TensorType.UInt8],
            EstimateWork = DetectionPostProcessOp.EstimateWork,
        });
    }
}
