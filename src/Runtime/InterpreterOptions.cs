namespace ManagedLite;

/// <summary>
/// Settings of an interpreter, read once when the <see cref="Interpreter"/> is built (changing them later has no
/// effect on it). One instance may be shared by interpreters built on several threads if nobody writes to it.
/// </summary>
public sealed class InterpreterOptions
{
    /// <summary>Worker threads for kernels that parallelize (1 = run on the calling thread).</summary>
    public int Threads { get; set; } = 1;
    /// <summary>
    /// Run TFLite-exact reference kernels only (slow; the executable specification): shorthand for
    /// <c>OpResolver = OpResolver.CreateReference()</c>. With a custom <see cref="OpResolver"/>, build it from
    /// <see cref="ManagedLite.OpResolver.CreateReference"/> instead.
    /// </summary>
    public bool UseReferenceKernels { get; set; }
    /// <summary>Fuse operators (for example an activation into the convolution before it).</summary>
    public bool EnableFusion { get; set; } = true;
    /// <summary>Give every tensor its own memory so that intermediates can be read after Invoke (debugging).</summary>
    public bool PreserveAllTensors { get; set; }
    /// <summary>Time every node of each Invoke (read with <see cref="Interpreter.GetOperatorProfile"/>).</summary>
    public bool EnableProfiling { get; set; }
    /// <summary>Kernels to use; null means <see cref="ManagedLite.OpResolver.CreateBuiltin"/> (or CreateReference with <see cref="UseReferenceKernels"/>).</summary>
    public OpResolver? OpResolver { get; set; }
    /// <summary>
    /// Largest tensor memory an interpreter may allocate for one subgraph, in bytes: the activation arena
    /// plus variable tensors plus constants folded at preparation. Checked before allocating; crossing it
    /// throws <see cref="InvalidOperationException"/> whose message names this option.
    /// </summary>
    public long MaxArenaBytes { get; set; } = 4L * 1024 * 1024 * 1024;
    /// <summary>
    /// Largest estimated number of multiply-adds one Invoke may need (convolutions, depthwise and transposed
    /// convolutions, fully-connected layers), checked at AllocateTensors before anything runs. Off by default
    /// (any size); set it when running untrusted models whose shapes could demand minutes of compute within
    /// the memory limits. The estimate is output elements x weight elements per output channel.
    /// </summary>
    public long MaxMacsPerInvoke { get; set; } = long.MaxValue;
}
