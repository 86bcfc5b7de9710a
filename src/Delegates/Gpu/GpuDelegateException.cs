namespace ManagedLite.Delegates.Gpu;

/// <summary>
/// The GPU delegate cannot start (no device of the requested kind, a driver that fails to load) or cannot compile
/// or prepare a partition. Thrown from <see cref="GpuDelegate.Start"/> and <see cref="GpuDelegate.CreateKernel"/>;
/// an interpreter with <see cref="InterpreterOptions.AllowDelegateFallback"/> then runs those nodes on the CPU and
/// says why in its <see cref="DelegationReport"/>.
/// </summary>
public sealed class GpuDelegateException : Exception
{
    public GpuDelegateException(string message) : base(message) { }
    public GpuDelegateException(string message, Exception inner) : base(message, inner) { }
}
