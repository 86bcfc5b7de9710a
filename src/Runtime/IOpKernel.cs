namespace ManagedLite;

/// <summary>
/// The kernel of one operator node. One instance is made per node, so instance fields hold per-node
/// state (precomputed multipliers, packed weights). <see cref="Prepare"/> runs whenever input shapes change:
/// it checks types and shapes, sets output shapes with <see cref="OpContext.ResizeOutput"/>, precomputes
/// and requests scratch. <see cref="Eval"/> computes and must not allocate managed memory.
/// </summary>
public interface IOpKernel
{
    /// <summary>Checks types and shapes, sets output shapes, precomputes and requests scratch; runs whenever input shapes change.</summary>
    void Prepare(OpContext context);
    /// <summary>Computes the outputs; must not allocate managed memory.</summary>
    void Eval(OpContext context);
}
