using ManagedLite.Ops.ControlFlow;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Control flow: WHILE, IF and CALL_ONCE run other subgraphs of the model (stateful: never folded).</summary>
    static partial void RegisterControlFlow(OpResolver r, KernelFlavor f)
    {
        var calls = new OpTraits { IsStateful = true };
        r.AddBuiltin(BuiltinOperator.WHILE, () => new WhileOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.IF, () => new IfOp(), 1, 1, calls);
        r.AddBuiltin(BuiltinOperator.CALL_ONCE, () => new CallOnceOp(), 1, 1, calls);
    }
}
