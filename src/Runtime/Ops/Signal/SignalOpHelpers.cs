using ManagedLite.Schema;
using ManagedLite.Schema.FlexBuffers;

namespace ManagedLite.Ops.Signal;

/// <summary>Checks shared by the TFLite Micro signal operators, and their FlexBuffers options.</summary>
internal static class SignalOpHelpers
{
    public static void ExpectCounts(OpContext ctx, int inputs, int outputs)
    {
        if (ctx.InputCount != inputs) throw ctx.Fail($"expected {inputs} inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != outputs) throw ctx.Fail($"expected {outputs} outputs, got {ctx.OutputCount}");
    }

    /// <summary>The node's custom options as a FlexBuffers map (malformed options raise ModelFormatException).</summary>
    public static FlexBufferMap Options(OpContext ctx)
    {
        if (ctx.CustomOptions.IsEmpty) throw ctx.Fail("custom options (a FlexBuffers map) are missing");
        return FlexBuffer.GetRootMap(ctx.CustomOptions);
    }

    /// <summary>Integer option <paramref name="key"/>, which must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Int(OpContext ctx, FlexBufferMap options, string key, int min = int.MinValue, int max = int.MaxValue)
    {
        long v = options.GetInt64(key);
        if (v < min || v > max) throw ctx.Fail($"option {key} = {v} is outside [{min}, {max}]");
        return (int)v;
    }

    public static void Expect(OpContext ctx, LiteTensor t, TensorType type, int rank, string role)
    {
        OpHelpers.ExpectType(ctx, t, type, role);
        OpHelpers.ExpectRank(ctx, t, rank, role);
    }

    /// <summary>
    /// Charges the node's own state (buffers kept across invokes) to the interpreter's memory budget
    /// (InterpreterOptions.MaxMemoryBytes), in place of what this node charged at its previous Prepare; crossing the
    /// budget is a ResourceLimitException before anything is allocated.
    /// </summary>
    public static void ChargeState(OpContext ctx, ref long charged, long bytes)
    {
        if (ctx.Interpreter?.Ledger is not { } ledger) return;
        ledger.Release(charged);
        charged = 0;
        ledger.Reserve(bytes, $"state of node {ctx.NodeIndex} ({ModelText.Quote(ctx.OperatorName)})");
        charged = bytes;
    }

    public static int FlatSize(OpContext ctx, LiteTensor t)
    {
        long n = t.ElementCount;
        if (n > int.MaxValue) throw ctx.Fail($"tensor '{t.Name}' has too many elements ({n})");
        return (int)n;
    }
}
