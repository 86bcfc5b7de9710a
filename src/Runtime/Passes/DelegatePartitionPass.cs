using ManagedLite.Delegates;
using ManagedLite.Execution;
using ManagedLite.Schema;

namespace ManagedLite.Passes;

/// <summary>
/// "partition-delegates": with <see cref="InterpreterOptions.Delegate"/> set, asks the delegate which live nodes it
/// supports, groups consecutive supported nodes (in execution order) into partitions, keeps those with at least
/// <see cref="DelegatePartitionOptions.MinNodesPerPartition"/> nodes (the largest
/// <see cref="DelegatePartitionOptions.MaxPartitions"/>), and replaces each with one delegate kernel. Unsupported nodes
/// stay on the CPU, and the interpreter's <see cref="DelegationReport"/> says why for each.
/// </summary>
internal sealed class DelegatePartitionPass : IGraphPass
{
    public string Name => "partition-delegates";
    public bool IsFusion => false;

    public void Run(ExecutionGraph graph)
    {
        var options = graph.Owner.Options;
        if (options.Delegate is not { } dlg) return;
        var report = new DelegationReport(dlg.Name);
        graph.Owner.SetDelegationReport(graph.SubgraphIndex, report);

        var live = graph.LiveNodes.ToList();
        var runs = new List<List<ExecNode>>();
        List<ExecNode>? current = null;
        var reasons = new Dictionary<ExecNode, string>();
        foreach (var node in live)
        {
            string? reason;
            bool ok;
            try
            {
                ok = dlg.IsNodeSupported(new DelegateNode(graph.SubgraphIndex, node.Index, node.Registration, node.Context), out reason);
            }
            catch (Exception e) when (options.AllowDelegateFallback)
            {
                ok = false;
                reason = $"the delegate failed to check it: {e.GetType().Name}: {e.Message}";
            }
            if (ok)
            {
                (current ??= new List<ExecNode>()).Add(node);
                continue;
            }
            reasons[node] = reason ?? "not supported by the delegate";
            if (current is not null) { runs.Add(current); current = null; }
        }
        if (current is not null) runs.Add(current);

        var limits = dlg.PartitionOptions;
        var kept = runs.Where(r => r.Count >= Math.Max(1, limits.MinNodesPerPartition)).OrderByDescending(r => r.Count).ToList();
        foreach (var r in runs.Except(kept))
            foreach (var n in r) reasons[n] = $"in a partition of {r.Count} node(s), below the delegate's minimum of {limits.MinNodesPerPartition}";
        if (limits.MaxPartitions > 0 && kept.Count > limits.MaxPartitions)
        {
            foreach (var r in kept.Skip(limits.MaxPartitions))
                foreach (var n in r) reasons[n] = $"the delegate takes at most {limits.MaxPartitions} partition(s), larger ones first";
            kept = kept.Take(limits.MaxPartitions).ToList();
        }

        var readers = new Dictionary<int, int>(); // tensor -> readers among live nodes
        foreach (var n in live)
            foreach (int i in n.Inputs) if (i >= 0) readers[i] = readers.GetValueOrDefault(i) + 1;

        foreach (var members in kept.OrderBy(r => r[0].Index))
        {
            try
            {
                Replace(graph, dlg, members, readers);
                report._partitions.Add(members.Select(m => m.Index).ToArray());
            }
            catch (Exception e) when (options.AllowDelegateFallback && e is not ResourceLimitException)
            {
                foreach (var n in members) reasons[n] = $"the delegate could not take its partition: {e.GetType().Name}: {e.Message}";
                report.FallbackReason ??= $"{e.GetType().Name}: {e.Message}";
            }
        }
        foreach (var n in live)
            if (reasons.TryGetValue(n, out var why)) report._cpu.Add(new DelegationReport.CpuNode(n.Index, n.Context.OperatorName, why));
    }

    private static void Replace(ExecutionGraph graph, IDelegate dlg, List<ExecNode> members, Dictionary<int, int> readers)
    {
        var tensors = graph.Tensors;
        var produced = new HashSet<int>();
        var inside = new Dictionary<int, int>(); // tensor -> reads by members
        var inputs = new List<int>();
        foreach (var m in members)
        {
            foreach (int i in m.Inputs)
            {
                if (i < 0) continue;
                inside[i] = inside.GetValueOrDefault(i) + 1;
                if (!produced.Contains(i) && !tensors[i].IsConstant && !inputs.Contains(i)) inputs.Add(i);
            }
            foreach (int o in m.Outputs) produced.Add(o);
        }
        var outputs = new List<int>();
        foreach (var m in members)
            foreach (int o in m.Outputs)
                if (graph.IsGraphOutput(o) || readers.GetValueOrDefault(o) > inside.GetValueOrDefault(o))
                    outputs.Add(o);

        var nodes = members.Select(m => new DelegateNode(graph.SubgraphIndex, m.Index, m.Registration, m.Context)).ToArray();
        var partition = new DelegatePartition(nodes, inputs.Select(i => tensors[i]).ToArray(), outputs.Select(i => tensors[i]).ToArray());
        var kernel = dlg.CreateKernel(partition)
            ?? throw new InvalidOperationException($"delegate '{dlg.Name}' returned no kernel");

        var first = members[0];
        var registration = new OpRegistration(BuiltinOperator.DELEGATE, dlg.Name, () => kernel, 1, int.MaxValue,
            new OpTraits { IsStateful = true, EstimateWork = _ => members.Sum(m => m.Work) }, graph.Owner.Resolver.Flavor);
        var ctx = new OpContext(first.Index, BuiltinOperator.DELEGATE, dlg.Name, 1, first.Context.Definition,
            inputs.Select(i => (LiteTensor?)tensors[i]).ToArray(), outputs.Select(i => tensors[i]).ToArray(), graph.Owner.Options.Threads)
        {
            Parallel = graph.Owner.Parallel,
            MaxTensorBytes = graph.Owner.Model.Limits.MaxTensorBytes,
            Interpreter = graph.Owner,
            SubgraphIndex = graph.SubgraphIndex,
        };
        var node = new ExecNode
        {
            Index = first.Index, Registration = registration, Kernel = kernel, Context = ctx,
            Inputs = inputs.ToArray(), Outputs = outputs.ToArray(), Members = members.ToArray(),
        };
        ctx.Node = node;
        foreach (var m in members) m.Removed = true;
        graph.Nodes.Insert(graph.Nodes.IndexOf(first), node);
    }
}
