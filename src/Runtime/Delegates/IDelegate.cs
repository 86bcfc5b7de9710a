using ManagedLite.Schema;

namespace ManagedLite.Delegates;

/// <summary>
/// A backend that runs parts of a graph (TFLite's SimpleDelegate; ONNX Runtime's execution providers). The
/// runtime asks it which nodes it supports, groups supported nodes into partitions, and replaces each partition
/// with one kernel made by <see cref="CreateKernel"/>; every other node stays on the CPU kernels, and tensors
/// cross between the two only at partition borders. One delegate instance may serve many interpreters.
/// </summary>
public interface IDelegate
{
    /// <summary>Name shown in reports ("gpu").</summary>
    string Name { get; }

    /// <summary>Partitioning limits (TFLite's max_delegated_partitions, min_nodes_per_partition).</summary>
    DelegatePartitionOptions PartitionOptions { get; }

    /// <summary>True when the delegate can run <paramref name="node"/>; otherwise a short reason (operator, type, shape) for the report.</summary>
    bool IsNodeSupported(DelegateNode node, out string? reason);

    /// <summary>
    /// Makes the kernel of one partition (compile device code, upload constant weights). Throwing means the
    /// delegate cannot run it: the interpreter then runs those nodes on the CPU when
    /// <see cref="InterpreterOptions.AllowDelegateFallback"/> is set, and says why in its <see cref="DelegationReport"/>.
    /// </summary>
    IDelegateKernel CreateKernel(DelegatePartition partition);
}

/// <summary>
/// The kernel of one partition: an operator kernel whose inputs are the partition's input tensors and whose
/// outputs are its output tensors (<see cref="DelegatePartition.Inputs"/>, <see cref="DelegatePartition.Outputs"/>, in
/// that order). Prepare sees the input shapes and sets the output shapes (the delegate does its own shape inference
/// inside the partition); Eval runs the partition. Disposed with the interpreter.
/// </summary>
public interface IDelegateKernel : IOpKernel, IDisposable
{
}

/// <summary>Partitioning limits of a delegate.</summary>
public sealed record DelegatePartitionOptions
{
    /// <summary>Most partitions to delegate, largest first; 0 = no limit.</summary>
    public int MaxPartitions { get; init; }
    /// <summary>Partitions with fewer nodes stay on the CPU (the copies would cost more than they save).</summary>
    public int MinNodesPerPartition { get; init; } = 1;
}

/// <summary>A node as a delegate sees it: operator, options and tensors (shapes as the model gives them; constants readable).</summary>
public sealed class DelegateNode
{
    internal DelegateNode(int subgraph, int index, OpRegistration registration, OpContext context)
    {
        SubgraphIndex = subgraph;
        Index = index;
        Registration = registration;
        Context = context;
    }

    internal OpContext Context { get; }
    /// <summary>Subgraph of the node.</summary>
    public int SubgraphIndex { get; }
    /// <summary>Operator index in the subgraph.</summary>
    public int Index { get; }
    /// <summary>Builtin code (<see cref="BuiltinOperator.CUSTOM"/> for custom operators).</summary>
    public BuiltinOperator Operator => Context.Operator;
    /// <summary>Custom operator name, null for builtins.</summary>
    public string? CustomName => Context.CustomCode;
    /// <summary>Operator version from the model's operator code.</summary>
    public int Version => Context.Version;
    /// <summary>Custom name or builtin code, for reports.</summary>
    public string OperatorName => Context.OperatorName;
    /// <summary>The CPU kernel registration of the node (its traits describe it).</summary>
    public OpRegistration Registration { get; }
    /// <summary>The builtin options record of this node (for example <see cref="Conv2DOptions"/>).</summary>
    public T GetOptions<T>() where T : IBuiltinOptions<T> => Context.GetOptions<T>();
    /// <summary>Custom options bytes of a custom operator (FlexBuffers or a raw struct).</summary>
    public ReadOnlySpan<byte> CustomOptions => Context.CustomOptions;
    /// <summary>Activation fused into this node by the activation-fusion pass (on top of its options' own).</summary>
    public ActivationFunctionType FusedActivation => Context.ExtraActivation;
    /// <summary>Input tensors; null marks an omitted optional input.</summary>
    public IReadOnlyList<LiteTensor?> Inputs => Context.Inputs;
    /// <summary>Output tensors.</summary>
    public IReadOnlyList<LiteTensor> Outputs => Context.Outputs;

    /// <summary>"node N (OP vV)".</summary>
    public override string ToString() => $"node {Index} ({OperatorName} v{Version})";
}

/// <summary>One group of supported nodes that a single delegate kernel runs.</summary>
public sealed class DelegatePartition
{
    internal DelegatePartition(IReadOnlyList<DelegateNode> nodes, IReadOnlyList<LiteTensor> inputs, IReadOnlyList<LiteTensor> outputs)
    {
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Members in execution order (dependencies first).</summary>
    public IReadOnlyList<DelegateNode> Nodes { get; }
    /// <summary>Non-constant tensors read by members and produced outside the partition (graph inputs, CPU nodes' outputs).</summary>
    public IReadOnlyList<LiteTensor> Inputs { get; }
    /// <summary>Tensors produced by members and read outside (CPU nodes, graph outputs).</summary>
    public IReadOnlyList<LiteTensor> Outputs { get; }
}
