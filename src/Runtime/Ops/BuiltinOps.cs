namespace ManagedLite.Ops;

/// <summary>
/// The builtin registry. Each operator family registers its kernels in its own file
/// (<c>Ops/&lt;Family&gt;/BuiltinOps.&lt;Family&gt;.cs</c>) by implementing one of these partial methods, with the
/// flavor (reference or optimized) of the table being built and the traits passes need.
/// </summary>
internal static partial class BuiltinOps
{
    public static void RegisterAll(OpResolver r, KernelFlavor f)
    {
        RegisterConvolution(r, f);
        RegisterElementwise(r, f);
        RegisterShape(r, f);
        RegisterShapeExtra(r, f);
        RegisterRecurrent(r, f);
        RegisterSignal(r, f);
        RegisterComparison(r, f);
        RegisterIndexing(r, f);
        RegisterReduction(r, f);
        RegisterNormalization(r, f);
        RegisterSequence(r, f);
        RegisterImage(r, f);
        RegisterSignalComplex(r, f);
        RegisterStrings(r, f);
        RegisterRandom(r, f);
        RegisterControlFlow(r, f);
        RegisterVariables(r, f);
        RegisterStableHlo(r, f);
        RegisterCustom(r, f);
        RegisterCustomPooling(r, f);
        RegisterCustomMediaPipe(r, f);
    }

    static partial void RegisterConvolution(OpResolver r, KernelFlavor f);
    static partial void RegisterElementwise(OpResolver r, KernelFlavor f);
    static partial void RegisterShape(OpResolver r, KernelFlavor f);
    static partial void RegisterShapeExtra(OpResolver r, KernelFlavor f);
    static partial void RegisterRecurrent(OpResolver r, KernelFlavor f);
    static partial void RegisterSignal(OpResolver r, KernelFlavor f);
    static partial void RegisterComparison(OpResolver r, KernelFlavor f);
    static partial void RegisterIndexing(OpResolver r, KernelFlavor f);
    static partial void RegisterReduction(OpResolver r, KernelFlavor f);
    static partial void RegisterNormalization(OpResolver r, KernelFlavor f);
    static partial void RegisterSequence(OpResolver r, KernelFlavor f);
    static partial void RegisterImage(OpResolver r, KernelFlavor f);
    static partial void RegisterSignalComplex(OpResolver r, KernelFlavor f);
    static partial void RegisterStrings(OpResolver r, KernelFlavor f);
    static partial void RegisterRandom(OpResolver r, KernelFlavor f);
    static partial void RegisterControlFlow(OpResolver r, KernelFlavor f);
    static partial void RegisterVariables(OpResolver r, KernelFlavor f);
    static partial void RegisterStableHlo(OpResolver r, KernelFlavor f);
    static partial void RegisterCustom(OpResolver r, KernelFlavor f);
    static partial void RegisterCustomMediaPipe(OpResolver r, KernelFlavor f);
    static partial void RegisterCustomPooling(OpResolver r, KernelFlavor f);
}
