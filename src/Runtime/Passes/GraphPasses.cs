using ManagedLite.Execution;

namespace ManagedLite.Passes;

/// <summary>The passes an interpreter runs over each subgraph, in this declared order.</summary>
internal static class GraphPasses
{
    /// <summary>
    /// The pipeline: constant folding first (fusions then see folded weights); activations fused before residual adds
    /// (an ADD carries its RELU into the convolution); SiLU's MUL into its LOGISTIC; delegates last (they see the fused
    /// graph).
    /// </summary>
    public static readonly IGraphPass[] Pipeline =
    [
        new ConstantFoldingPass(),
        new ActivationFusionPass(),
        new ResidualAddFusionPass(),
        new SiluFusionPass(),
        new PadFoldingPass(),
        new DelegatePartitionPass(),
    ];

    public static void Run(ExecutionGraph graph, InterpreterOptions options)
    {
        foreach (var pass in Pipeline)
        {
            if (!IsEnabled(pass, options)) continue;
            pass.Run(graph);
        }
    }

    public static bool IsEnabled(IGraphPass pass, InterpreterOptions options) =>
        !options.DisabledPasses.Contains(pass.Name) && (options.EnableFusion || !pass.IsFusion);

    /// <summary>Rejects unknown names in <see cref="InterpreterOptions.DisabledPasses"/> (a typo would silently keep a pass on).</summary>
    public static void Validate(InterpreterOptions options)
    {
        foreach (var name in options.DisabledPasses)
            if (Array.FindIndex(Pipeline, p => p.Name == name) < 0)
                throw new ArgumentException($"InterpreterOptions.DisabledPasses names unknown pass '{name}'; the passes are: {string.Join(", ", Pipeline.Select(p => p.Name))}");
    }
}
