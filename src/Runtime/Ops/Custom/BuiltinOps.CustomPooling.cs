using ManagedLite.Ops.Custom;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>MediaPipe's pooling custom operators: MaxPoolingWithArgmax2D and MaxUnpooling2D (options: raw TfLitePoolParams).</summary>
    static partial void RegisterCustomPooling(OpResolver r, KernelFlavor f)
    {
        // Pure functions of their inputs: not stateful, so constant folding may evaluate them.
        r.AddCustom("MaxPoolingWithArgmax2D", () => new MaxPoolingWithArgmax2DOp(), traits: new OpTraits { EstimateWork = MaxPoolWork });
        r.AddCustom("MaxUnpooling2D", () => new MaxUnpooling2DOp(), traits: OpTraits.Default);
    }

    /// <summary>Output elements x the filter window (read from the custom options).</summary>
    private static long MaxPoolWork(OpContext ctx)
    {
        var b = ctx.CustomOptions;
        if (b.Length < MediaPipePoolOptions.Length) return OpWork.Linear(ctx);
        long window = Math.Max(1, (long)System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b.Slice(12, 4))) *
                      Math.Max(1, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b.Slice(16, 4)));
        return OpWork.Add(OpWork.Mul(ctx.Output(0).ElementCount, window), OpWork.Linear(ctx));
    }
}
