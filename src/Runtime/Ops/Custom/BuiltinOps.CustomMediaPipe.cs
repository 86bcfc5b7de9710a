using ManagedLite.Ops.Custom;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>
    /// MediaPipe's geometry custom operators (face_landmark_with_attention and similar models): Landmarks2TransformMatrix,
    /// TransformTensorBilinear (and its version 1 name TransformTensor), TransformLandmarks. Options: FlexBuffers maps.
    /// </summary>
    static partial void RegisterCustomMediaPipe(OpResolver r, KernelFlavor f)
    {
        // Pure functions of their inputs: not stateful, so constant folding may evaluate them.
        OpTraits geometry = new() { Types = [TensorType.Float32] };
        r.AddCustom("Landmarks2TransformMatrix", () => new Landmarks2TransformMatrixOp(), minVersion: 1, maxVersion: 2, traits: geometry);
        r.AddCustom("TransformLandmarks", () => new TransformLandmarksOp(), minVersion: 1, maxVersion: 2, traits: geometry);
        var bilinear = new OpTraits { Types = [TensorType.Float32], EstimateWork = TransformTensorBilinearOp.EstimateWork };
        r.AddCustom("TransformTensorBilinear", () => new TransformTensorBilinearOp(legacyName: false), minVersion: 2, maxVersion: 2, traits: bilinear);
        r.AddCustom("TransformTensor", () => new TransformTensorBilinearOp(legacyName: true), minVersion: 1, maxVersion: 1, traits: bilinear);
    }
}
