using System.Text;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Variables;

/// <summary>
/// HASHTABLE_FIND (TFLite's hashtable_find.cc with StaticHashtable::Lookup): handle, keys and a default value of the
/// value type; the output has the keys' shape and holds each key's value, or the default's first element. Finding in
/// a table no import has filled is an error, as in TFLite. String outputs are dynamic.
/// </summary>
internal sealed class HashtableFindOp : IOpKernel
{
    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 3 || ctx.OutputCount != 1) throw ctx.Fail($"expected 3 inputs and 1 output, got {ctx.InputCount} and {ctx.OutputCount}");
        HashtableHelpers.ExpectHandle(ctx, ctx.Input(0));
        var keys = ctx.Input(1);
        var fallback = ctx.Input(2);
        var output = ctx.Output(0);
        if (fallback.DataType != output.DataType)
            throw ctx.Fail($"default value {ModelText.Quote(fallback.Name)} is {TensorTypes.Name(fallback.DataType)}, the output {TensorTypes.Name(output.DataType)}");
        if (!HashtableHelpers.IsValidPair(keys.DataType, output.DataType))
            throw ctx.Fail($"keys {TensorTypes.Name(keys.DataType)} and output {TensorTypes.Name(output.DataType)}: TFLite's hash tables map int64 to string or string to int64");
        if (fallback.ElementCount < 1) throw ctx.Fail($"default value {ModelText.Quote(fallback.Name)} is empty");
        if (output.DataType == TensorType.String) ctx.MarkOutputDynamic(0);
        else ctx.ResizeOutput(0, keys.Shape);
    }

    public void Eval(OpContext ctx)
    {
        var table = HashtableHelpers.Find(ctx, ctx.Input(0));
        var keys = ctx.Input(1);
        var fallback = ctx.Input(2);
        var output = ctx.Output(0);
        if (table.KeyType != keys.DataType || table.ValueType != output.DataType)
            throw ctx.Fail($"table maps {TensorTypes.Name(table.KeyType)} to {TensorTypes.Name(table.ValueType)}, the find gives {TensorTypes.Name(keys.DataType)} keys for {TensorTypes.Name(output.DataType)}");
        if (!table.Initialized) throw ctx.Fail("the hash table must be filled by HASHTABLE_IMPORT before it is searched");
        if (keys.DataType == TensorType.Int64)
        {
            var k = keys.GetData<long>();
            var def = HashtableHelpers.ReadStrings(ctx, fallback, "default value")[0];
            var result = new byte[k.Length][];
            for (int i = 0; i < k.Length; i++) result[i] = table.ByInt64.TryGetValue(k[i], out var v) ? v : def;
            HashtableHelpers.WriteStrings(ctx, 0, keys.Shape, result);
        }
        else
        {
            var k = HashtableHelpers.ReadStrings(ctx, keys, "keys");
            long def = fallback.GetData<long>()[0];
            var dst = output.GetWritableData<long>();
            for (int i = 0; i < k.Length; i++) dst[i] = table.ByString.TryGetValue(Encoding.Latin1.GetString(k[i]), out long v) ? v : def;
        }
    }
}
