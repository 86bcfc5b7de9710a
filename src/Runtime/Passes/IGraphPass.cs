using ManagedLite.Execution;

namespace ManagedLite.Passes;

/// <summary>
/// One rewrite of an interpreter's execution graph, run once when the interpreter is built. A pass asks
/// registrations (<see cref="OpTraits"/>) what operators allow, never names an operator, and can be switched off
/// with <see cref="InterpreterOptions.DisabledPasses"/> (its <see cref="Name"/>).
/// </summary>
internal interface IGraphPass
{
    /// <summary>Stable name, used to switch the pass off (for example "fold-constants").</summary>
    string Name { get; }
    /// <summary>True for fusion passes, which <see cref="InterpreterOptions.EnableFusion"/> = false switches off together.</summary>
    bool IsFusion { get; }
    void Run(ExecutionGraph graph);
}
