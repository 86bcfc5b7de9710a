namespace ManagedLite.Delegates;

/// <summary>Where each node of an interpreter runs, and why (TFLite's delegate logging, as data).</summary>
public sealed class DelegationReport
{
    internal DelegationReport(string delegateName) => DelegateName = delegateName;

    /// <summary>Name of the delegate (<see cref="IDelegate.Name"/>).</summary>
    public string DelegateName { get; }
    /// <summary>Partitions run by the delegate: operator indices of the primary subgraph.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Partitions => _partitions;
    /// <summary>Nodes left on the CPU, each with its reason.</summary>
    public IReadOnlyList<CpuNode> NodesOnCpu => _cpu;
    /// <summary>Set when the delegate could not start or prepare and the interpreter fell back to the CPU.</summary>
    public string? FallbackReason { get; internal set; }
    /// <summary>True when every node runs on the delegate.</summary>
    public bool IsFullyDelegated => _cpu.Count == 0 && _partitions.Count > 0 && FallbackReason is null;
    /// <summary>Nodes run by the delegate, over all partitions.</summary>
    public int DelegatedNodeCount => _partitions.Sum(p => p.Count);

    internal readonly List<IReadOnlyList<int>> _partitions = new();
    internal readonly List<CpuNode> _cpu = new();

    /// <summary>One node that runs on the CPU.</summary>
    public sealed record CpuNode(int NodeIndex, string OperatorName, string Reason);

    /// <summary>The report as text, a line per partition and per node left on the CPU (what <c>inspect --delegate</c> prints).</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"delegate: {DelegateName}");
        if (FallbackReason is not null) sb.AppendLine($"fallback: the CPU runs everything: {FallbackReason}");
        sb.AppendLine($"partitions: {Partitions.Count}, delegated nodes: {DelegatedNodeCount}, nodes on the CPU: {NodesOnCpu.Count}, fully delegated: {(IsFullyDelegated ? "yes" : "no")}");
        for (int i = 0; i < _partitions.Count; i++)
            sb.AppendLine($"  partition {i}: {_partitions[i].Count} nodes ({string.Join(",", _partitions[i])})");
        foreach (var c in _cpu) sb.AppendLine($"  cpu: node {c.NodeIndex} ({c.OperatorName}): {c.Reason}");
        return sb.ToString();
    }
}
