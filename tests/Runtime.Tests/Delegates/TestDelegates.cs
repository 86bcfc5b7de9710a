using ManagedLite.Delegates;
using ManagedLite.Schema;

namespace ManagedLite.Runtime.Tests.Delegates;

/// <summary>
/// A delegate that claims only some operator types and runs a partition by calling the CPU reference kernels of its
/// members itself (so its results can be compared exactly): proves the partitioner, border tensors, reports and
/// fallback without a device.
/// </summary>
internal sealed class OperatorSetDelegate(params BuiltinOperator[] ops) : IDelegate
{
    public string Name => "test";
    public DelegatePartitionOptions PartitionOptions { get; init; } = new();
    public int KernelsCreated { get; private set; }
    public int Invocations { get; set; }
    public Func<DelegatePartition, Exception?>? FailCreate { get; init; }
    public bool FailPrepare { get; init; }
    public List<DelegatePartition> Partitions { get; } = new();

    public bool IsNodeSupported(DelegateNode node, out string? reason)
    {
        if (ops.Contains(node.Operator)) { reason = null; return true; }
        reason = $"{node.OperatorName} is not one of the test delegate's operators";
        return false;
    }

    public IDelegateKernel CreateKernel(DelegatePartition partition)
    {
        if (FailCreate?.Invoke(partition) is { } e) throw e;
        KernelsCreated++;
        Partitions.Add(partition);
        return new Kernel(this, partition);
    }

    /// <summary>
    /// Runs the members on a private interpreter-free path: each member's CPU kernel from the reference resolver, on
    /// the member's own tensors (the partition's internal tensors have no arena storage, so it gives them its own).
    /// </summary>
    private sealed class Kernel(OperatorSetDelegate owner, DelegatePartition partition) : IDelegateKernel
    {
        private readonly Dictionary<LiteTensor, byte[]> _internal = new();
        private IOpKernel[] _kernels = [];
        private OpContext[] _contexts = [];

        public void Prepare(OpContext ctx)
        {
            if (owner.FailPrepare) throw new InvalidOperationException("device lost");
            var resolver = OpResolver.CreateReference();
            _kernels = new IOpKernel[partition.Nodes.Count];
            _contexts = new OpContext[partition.Nodes.Count];
            for (int i = 0; i < partition.Nodes.Count; i++)
            {
                var node = partition.Nodes[i];
                _kernels[i] = resolver.FindBuiltin(node.Operator, node.Version)!();
                _contexts[i] = DelegateTestHooks.StandaloneContext(node);
                DelegateTestHooks.Prepare(_kernels[i], _contexts[i]);
                foreach (var t in node.Outputs)
                    if (!partition.Outputs.Contains(t)) DelegateTestHooks.GiveStorage(t, _internal);
            }
            // Border outputs get the shapes the members computed.
            for (int o = 0; o < partition.Outputs.Count; o++) ctx.ResizeOutput(o, partition.Outputs[o].Shape);
        }

        public void Eval(OpContext ctx)
        {
            owner.Invocations++;
            for (int i = 0; i < _kernels.Length; i++) _kernels[i].Eval(_contexts[i]);
        }

        public void Dispose() { }
    }
}
