namespace ManagedLite.Execution;

/// <summary>One node of an interpreter's execution graph: the kernel of a model operator (or of a delegate partition).</summary>
internal sealed class ExecNode
{
    /// <summary>Operator index in the model's subgraph (a delegate partition carries its first member's).</summary>
    public required int Index { get; init; }
    public required OpRegistration Registration { get; init; }
    public required IOpKernel Kernel { get; init; }
    public required OpContext Context { get; init; }
    /// <summary>Tensor indices; -1 = omitted optional input.</summary>
    public required int[] Inputs { get; set; }
    public required int[] Outputs { get; set; }
    /// <summary>Folded into constants, fused into another node, or taken by a delegate partition.</summary>
    public bool Removed { get; set; }

    // Set by SubgraphExecutor.Allocate:
    /// <summary>Reads a dynamic tensor: prepared again just before each Eval, outputs dynamic.</summary>
    public bool Deferred { get; set; }
    /// <summary>Outputs computed while preparing (persistent tensors); not run by Invoke.</summary>
    public bool EvaluatedAtPrepare { get; set; }
    /// <summary>Estimated work of one Eval (OpTraits.EstimateWork), from the last Prepare.</summary>
    public long Work { get; set; }
    /// <summary>Scratch of a node prepared at run time (outside the arena), reused while it is large enough.</summary>
    public byte[]? OwnScratch { get; set; }

    /// <summary>For a delegate partition: the CPU nodes it replaced (restored when the delegate falls back).</summary>
    public IReadOnlyList<ExecNode>? Members { get; init; }

    public string Describe(int subgraph) =>
        $"subgraphs[{subgraph}].operators[{Index}] ({Context.OperatorName})";
}
