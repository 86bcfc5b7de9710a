namespace ManagedLite.Ops;

/// <summary>
/// The builtin registry. Each operator family registers its kernels in its own file
/// (<c>Ops/&lt;Family&gt;/BuiltinOps.&lt;Family&gt;.cs</c>) by implementing one of these partial methods.
/// </summary>
internal static partial class BuiltinOps
{
    public static void RegisterAll(OpResolver r)
    {
        RegisterConvolution(r);
        RegisterElementwise(r);
        RegisterShape(r);
        RegisterQuantized(r);
        RegisterRecurrent(r);
        RegisterMisc(r);
    }

    static partial void RegisterConvolution(OpResolver r);
    static partial void RegisterElementwise(OpResolver r);
    static partial void RegisterShape(OpResolver r);
    static partial void RegisterQuantized(OpResolver r);
    static partial void RegisterRecurrent(OpResolver r);
    static partial void RegisterMisc(OpResolver r);
}
