using ManagedLite.Delegates;

namespace ManagedLite;

/// <summary>
/// Settings of an interpreter, read once when the <see cref="Interpreter"/> is built (changing them later has no
/// effect on it). One instance may be shared by interpreters built on several threads if nobody writes to it.
/// </summary>
public sealed class InterpreterOptions
{
    /// <summary>Largest <see cref="Threads"/> accepted: 4 x the processor count.</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>
    /// Default <see cref="MaxMemoryBytes"/>: 2 GiB or a quarter of the memory available to the process, whichever is
    /// smaller. No real model comes near it (pose_landmark_heavy needs about 60 MB).
    /// </summary>
    public static long DefaultMaxMemoryBytes { get; } = ComputeDefaultMemory();

    private static long ComputeDefaultMemory()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long quarter = available > 0 ? available / 4 : long.MaxValue;
        return Math.Min(2L * 1024 * 1024 * 1024, quarter);
    }

    /// <summary>Worker threads for kernels that parallelize (1 = run on the calling thread); 1 to <see cref="MaxThreads"/>.</summary>
    public int Threads { get; set; } = 1;
    /// <summary>
    /// Run TFLite-exact reference kernels only (slow; the executable specification): shorthand for
    /// <c>OpResolver = OpResolver.CreateReference()</c>. With a custom <see cref="OpResolver"/>, build it from
    /// <see cref="ManagedLite.OpResolver.CreateReference"/> instead.
    /// </summary>
    public bool UseReferenceKernels { get; set; }
    /// <summary>Run the fusion passes (for example an activation into the convolution before it); false switches all of them off.</summary>
    public bool EnableFusion { get; set; } = true;
    /// <summary>
    /// Names of graph passes to skip ("fold-constants", "fuse-activation", "partition-delegates", ...; the README lists
    /// them). Every pass can be switched off; outputs stay the same (to rounding for float fusions).
    /// </summary>
    public ISet<string> DisabledPasses { get; set; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>Give every tensor its own memory so that intermediates can be read after Invoke (debugging).</summary>
    public bool PreserveAllTensors { get; set; }
    /// <summary>Time every node of each Invoke (read with <see cref="Interpreter.GetOperatorProfile"/>).</summary>
    public bool EnableProfiling { get; set; }
    /// <summary>Kernels to use; null means <see cref="ManagedLite.OpResolver.CreateBuiltin"/> (or CreateReference with <see cref="UseReferenceKernels"/>).</summary>
    public OpResolver? OpResolver { get; set; }
    /// <summary>A delegate (for example the GPU delegate) that runs the partitions it supports; null = CPU only.</summary>
    public IDelegate? Delegate { get; set; }
    /// <summary>When the delegate cannot start or prepare a partition, run those nodes on the CPU (and say why in the report) instead of failing.</summary>
    public bool AllowDelegateFallback { get; set; } = true;
    /// <summary>
    /// Largest memory an interpreter may allocate, in bytes: the arenas of all its subgraphs, variable and resource
    /// tensors, constants it folds, dynamic and persistent tensors, weights it packs, scratch of nodes prepared at run
    /// time. Checked before allocating; crossing it throws <see cref="ResourceLimitException"/> naming this option.
    /// </summary>
    public long MaxMemoryBytes { get; set; } = DefaultMaxMemoryBytes;
    /// <summary>Former name of <see cref="MaxMemoryBytes"/> (which now covers everything the interpreter allocates).</summary>
    [Obsolete("Use MaxMemoryBytes, which covers every allocation of the interpreter.")]
    public long MaxArenaBytes { get => MaxMemoryBytes; set => MaxMemoryBytes = value; }
    /// <summary>
    /// Largest estimated work of one Invoke, in multiply-adds (or element operations for ops without multiplies):
    /// every operator's estimate (OpTraits.EstimateWork: convolutions, matrix products, pooling windows, reductions,
    /// element-wise work) checked at AllocateTensors, plus control-flow iterations as they run. Off by default (any
    /// size); set it when running untrusted models whose shapes could demand minutes of compute within the memory limits.
    /// </summary>
    public long MaxMacsPerInvoke { get; set; } = long.MaxValue;
}
