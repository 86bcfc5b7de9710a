namespace ManagedLite;

/// <summary>
/// Which kernels a resolver registers, as TFLite registers <c>Register_CONV_2D_REF</c> and
/// <c>Register_CONV_2D_OPT</c>: the choice is made once, by the resolver, never by a flag tested per node.
/// </summary>
public enum KernelFlavor
{
    /// <summary>SIMD, packed-weight and multi-threaded kernels (same results as the reference for integers).</summary>
    Optimized,
    /// <summary>Scalar kernels with TFLite's exact reference semantics: the executable specification.</summary>
    Reference,
}
