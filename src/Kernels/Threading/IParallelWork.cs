namespace ManagedLite.Kernels.Threading;

/// <summary>
/// A unit of parallel work: <see cref="Execute"/> runs once for each task index in [0, count). Kernels
/// keep one instance per node (made at preparation) so that running it allocates nothing.
/// </summary>
public interface IParallelWork
{
    void Execute(int taskIndex);
}
