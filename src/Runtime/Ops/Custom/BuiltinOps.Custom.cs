using ManagedLite.Ops.Custom;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Custom operators TFLite itself ships: TFLite_Detection_PostProcess (SSD post-processing), AudioSpectrogram and Mfcc.</summary>
    static partial void RegisterCustom(OpResolver r, KernelFlavor f)
    {
        // A pure function of its inputs: not stateful, so constant folding may evaluate it.
        r.AddCustom("TFLite_Detection_PostProcess", () => new DetectionPostProcessOp(), traits: new OpTraits
        {
            Types = [TensorType.Float32, TensorType.UInt8],
            EstimateWork = DetectionPostProcessOp.EstimateWork,
        });
        r.AddCustom("AudioSpectrogram", () => new AudioSpectrogramOp(), traits: new OpTraits
        {
            Types = [TensorType.Float32],
            EstimateWork = AudioSpectrogramOp.EstimateWork,
        });
        r.AddCustom("Mfcc", () => new MfccOp(), traits: new OpTraits
        {
            Types = [TensorType.Float32],
            EstimateWork = MfccOp.EstimateWork,
        });
    }
}
