using ManagedLite.Ops.Variables;
using ManagedLite.Schema;

namespace ManagedLite.Ops;

internal static partial class BuiltinOps
{
    /// <summary>Resource variables: VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE (stateful: they run on every invoke, never folded).</summary>
    static partial void RegisterVariables(OpResolver r, KernelFlavor f)
    {
        var state = new OpTraits { IsStateful = true };
        r.AddBuiltin(BuiltinOperator.VAR_HANDLE, () => new VarHandleOp(), 1, 1, state);
        r.AddBuiltin(BuiltinOperator.READ_VARIABLE, () => new ReadVariableOp(), 1, 1, state);
        r.AddBuiltin(BuiltinOperator.ASSIGN_VARIABLE, () => new AssignVariableOp(), 1, 1, state);
        // Static hash tables (resources too): int64 <-> string.
        var tables = new OpTraits { IsStateful = true, Types = [TensorType.Int64, TensorType.String] };
        r.AddBuiltin(BuiltinOperator.HASHTABLE, () => new HashtableOp(), 1, 1, tables);
        r.AddBuiltin(BuiltinOperator.HASHTABLE_IMPORT, () => new HashtableImportOp(), 1, 1, tables);
        r.AddBuiltin(BuiltinOperator.HASHTABLE_FIND, () => new HashtableFindOp(), 1, 1, tables);
        r.AddBuiltin(BuiltinOperator.HASHTABLE_SIZE, () => new HashtableSizeOp(), 1, 1, tables);
    }
}
