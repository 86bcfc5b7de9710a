using System.Runtime.InteropServices;
using ManagedLite.Execution;
using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Variables;

/// <summary>What the hash-table operators share: the key/value type pairs TFLite accepts, handles, string tensors.</summary>
internal static class HashtableHelpers
{
    /// <summary>TFLite's static hash tables map int64 to string or string to int64, nothing else.</summary>
    public static bool IsValidPair(TensorType key, TensorType value) =>
        (key == TensorType.Int64 && value == TensorType.String) || (key == TensorType.String && value == TensorType.Int64);

    /// <summary>A handle input: a resource tensor of shape [1] (TFLite checks rank 1, one element).</summary>
    public static void ExpectHandle(OpContext ctx, LiteTensor t)
    {
        VariableOpHelpers.ExpectResource(ctx, t, "table handle");
        if (t.Rank != 1 || t.Dim(0) != 1)
            throw ctx.Fail($"table handle {ModelText.Quote(t.Name)} must have shape [1], got [{string.Join(",", t.Shape.ToArray())}]");
    }

    /// <summary>The table the handle names, which its HASHTABLE node must have created.</summary>
    public static ResourceVariables.Hashtable Find(OpContext ctx, LiteTensor handle)
    {
        var bytes = handle.RawBytes;
        if (bytes.Length < 4) throw ctx.Fail($"table handle {ModelText.Quote(handle.Name)} holds no table id");
        int id = MemoryMarshal.Read<int>(bytes);
        return ctx.Interpreter!.Resources.FindTable(id)
            ?? throw ctx.Fail($"table handle {ModelText.Quote(handle.Name)} names table {id}, which does not exist (run its HASHTABLE first)");
    }

    /// <summary>The strings of a string tensor, one per element.</summary>
    public static byte[][] ReadStrings(OpContext ctx, LiteTensor t, string role)
    {
        if (!Ref.StringBuffer.TryRead(t.RawBytes, out var strings))
            throw ctx.Fail($"{role} {ModelText.Quote(t.Name)} is not a well-formed string tensor");
        if (strings.Length != t.ElementCount)
            throw ctx.Fail($"{role} {ModelText.Quote(t.Name)} holds {strings.Length} strings, its shape [{string.Join(",", t.Shape.ToArray())}] {t.ElementCount}");
        return strings;
    }

    /// <summary>Writes <paramref name="strings"/> into the (dynamic) string output <paramref name="i"/> of shape <paramref name="shape"/>.</summary>
    public static void WriteStrings(OpContext ctx, int i, ReadOnlySpan<int> shape, byte[][] strings)
    {
        long size = Ref.StringBuffer.Size(strings);
        var output = ctx.Output(i);
        if (size < 0 || size > ctx.MaxTensorBytes)
            throw ctx.Fail($"string output {ModelText.Quote(output.Name)} would take {size} bytes, over ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes})");
        ctx.ResizeOutput(i, shape);
        long more = output.UseOwnStorage((int)size);
        ctx.Interpreter?.Ledger.Reserve(more, $"string output {ModelText.Quote(output.Name)}");
        Ref.StringBuffer.Write(strings, output.WritableBytes);
    }
}
