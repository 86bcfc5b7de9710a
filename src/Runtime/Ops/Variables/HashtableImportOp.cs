using System.Text;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>
/// HASHTABLE_IMPORT (TFLite's hashtable_import.cc with StaticHashtable::Import): handle, keys and values of one shape
/// and the table's types; no outputs. Only the first import of a table fills it (later ones are ignored, as in
/// TFLite), and a repeated key keeps its first value. The table's bytes are charged to the interpreter's memory budget.
/// </summary>
internal sealed class HashtableImportOp : IOpKernel
{
    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 3 || ctx.OutputCount != 0) throw ctx.Fail($"expected 3 inputs and 0 outputs, got {ctx.InputCount} and {ctx.OutputCount}");
        HashtableHelpers.ExpectHandle(ctx, ctx.Input(0));
        var keys = ctx.Input(1);
        var values = ctx.Input(2);
        if (!HashtableHelpers.IsValidPair(keys.DataType, values.DataType))
            throw ctx.Fail($"keys {TensorTypes.Name(keys.DataType)} and values {TensorTypes.Name(values.DataType)}: TFLite's hash tables map int64 to string or string to int64");
        if (!keys.Shape.SequenceEqual(values.Shape))
            throw ctx.Fail($"keys [{string.Join(",", keys.Shape.ToArray())}] and values [{string.Join(",", values.Shape.ToArray())}] must have the same shape");
    }

    public void Eval(OpContext ctx)
    {
        var table = HashtableHelpers.Find(ctx, ctx.Input(0));
        var keys = ctx.Input(1);
        var values = ctx.Input(2);
        if (table.KeyType != keys.DataType || table.ValueType != values.DataType)
            throw ctx.Fail($"table maps {TensorTypes.Name(table.KeyType)} to {TensorTypes.Name(table.ValueType)}, the import gives {TensorTypes.Name(keys.DataType)} to {TensorTypes.Name(values.DataType)}");
        if (table.Initialized) return;
        long bytes = 0;
        if (keys.DataType == TensorType.Int64)
        {
            var k = keys.GetData<long>();
            var v = HashtableHelpers.ReadStrings(ctx, values, "values");
            for (int i = 0; i < v.Length; i++)
                if (table.ByInt64.TryAdd(k[i], v[i])) bytes += 8 + v[i].Length;
        }
        else
        {
            var k = HashtableHelpers.ReadStrings(ctx, keys, "keys");
            var v = values.GetData<long>();
            for (int i = 0; i < k.Length; i++)
                if (table.ByString.TryAdd(Encoding.Latin1.GetString(k[i]), v[i])) bytes += 8 + 2L * k[i].Length;
        }
        ctx.Interpreter!.Ledger.Reserve(bytes, $"hash table of {ModelText.Quote(keys.Name)}");
        table.Initialized = true;
    }
}
