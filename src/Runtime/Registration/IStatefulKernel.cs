namespace ManagedLite;

/// <summary>
/// A kernel that keeps state of its own between invokes (TFLite Micro's <c>reset</c> hook), such as the noise
/// estimate of SignalFilterBankSpectralSubtraction. <see cref="Interpreter.ResetVariableTensors"/> calls
/// <see cref="ResetState"/> together with resetting variable tensors. Register such kernels as stateful (the
/// default for custom operators) so that they are never constant-folded.
/// </summary>
public interface IStatefulKernel
{
    /// <summary>Returns the kernel's own state to its initial value.</summary>
    void ResetState();
}
