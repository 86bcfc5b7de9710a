using System.Runtime.InteropServices;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>
/// HASHTABLE (TFLite's hashtable.cc): no inputs; outputs a resource handle of shape [1] naming the interpreter's table
/// <c>table_id</c>, created empty (int64 to string, or string to int64) on first run. Tables live as long as the
/// interpreter and are shared by its subgraphs.
/// </summary>
internal sealed class HashtableOp : IOpKernel
{
    private HashtableOptions _o = new();

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 0 || ctx.OutputCount != 1) throw ctx.Fail($"expected 0 inputs and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        _o = ctx.GetOptions<HashtableOptions>();
        if (!HashtableHelpers.IsValidPair(_o.KeyDtype, _o.ValueDtype))
            throw ctx.Fail($"key_dtype {TensorTypes.Name(_o.KeyDtype)} and value_dtype {TensorTypes.Name(_o.ValueDtype)}: TFLite's hash tables map int64 to string or string to int64");
        VariableOpHelpers.ExpectResource(ctx, ctx.Output(0), "output");
        ctx.ResizeOutput(0, [1]);
    }

    public void Eval(OpContext ctx)
    {
        var table = ctx.Interpreter!.Resources.GetOrCreateTable(_o.TableId, _o.KeyDtype, _o.ValueDtype);
        if (table.KeyType != _o.KeyDtype || table.ValueType != _o.ValueDtype)
            throw ctx.Fail($"table {_o.TableId} exists with {TensorTypes.Name(table.KeyType)} keys and {TensorTypes.Name(table.ValueType)} values, this node declares {TensorTypes.Name(_o.KeyDtype)} and {TensorTypes.Name(_o.ValueDtype)}");
        int id = _o.TableId;
        MemoryMarshal.Write(ctx.Output(0).WritableBytes, in id);
    }
}
