using System.Runtime.InteropServices;
using System.Text;
using ManagedLite.Ops.Variables;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Strings;

/// <summary>
/// What the string variants of operators share. Data-movement operators (GATHER, SLICE, TILE, ...) run their numeric
/// kernel on the element indices 0..N-1 of the string input (int32 data of the same shape) and then write the strings
/// those indices name: one implementation of each operator's indexing serves both.
/// </summary>
internal static class StringTensors
{
    /// <summary>The strings of <paramref name="t"/>, one per element (an <see cref="OperatorException"/> when malformed).</summary>
    public static byte[][] Read(OpContext ctx, LiteTensor t, string role) => HashtableHelpers.ReadStrings(ctx, t, role);

    /// <summary>Writes <paramref name="strings"/> to string output <paramref name="i"/> with <paramref name="shape"/> (bounded by MaxTensorBytes).</summary>
    public static void Write(OpContext ctx, int i, ReadOnlySpan<int> shape, byte[][] strings) =>
        HashtableHelpers.WriteStrings(ctx, i, shape, strings);

    /// <summary>
    /// RESHAPE, SQUEEZE, EXPAND_DIMS: the output holds the input's elements in the same order. Strings are written to
    /// the output's own buffer (TFLite reallocates the dynamic output to the input's bytes and copies them); other
    /// types are copied byte for byte.
    /// </summary>
    public static void CopyOrCopyBytes(OpContext ctx, LiteTensor input, LiteTensor output)
    {
        if (input.DataType != TensorType.String)
        {
            Shape.ShapeOpHelpers.CopyBytes(ctx, input, output);
            return;
        }
        var strings = Read(ctx, input, "input");
        if (strings.Length != output.ElementCount)
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} holds {strings.Length} strings, output {ModelText.Quote(output.Name)} [{string.Join(",", output.Shape.ToArray())}] {output.ElementCount} elements");
        Write(ctx, 0, output.Shape, strings);
    }

    /// <summary>Element indices 0..count-1 as int32 data, the stand-in for the strings in the numeric kernels.</summary>
    public static int[] Iota(long count)
    {
        var ids = new int[checked((int)count)];
        for (int k = 0; k < ids.Length; k++) ids[k] = k;
        return ids;
    }

    /// <summary>The kernel of a data-movement operator run on int32 element ids instead of the strings.</summary>
    public delegate void IdKernel(ReadOnlySpan<uint> ids, Span<uint> picked);

    /// <summary>
    /// Runs <paramref name="kernel"/> on the ids 0..N-1 of input 0's strings into output 0's element count of ids, then
    /// writes output 0's strings from them.
    /// </summary>
    public static void RunOnIds(OpContext ctx, IdKernel kernel)
    {
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        var strings = Read(ctx, input, "input");
        CheckCount(ctx, output.ElementCount, 0);
        var ids = Iota(strings.Length);
        var picked = new uint[output.ElementCount];
        kernel(MemoryMarshal.Cast<int, uint>(ids.AsSpan()), picked);
        WriteGathered(ctx, 0, output.Shape, strings, MemoryMarshal.Cast<uint, int>(picked.AsSpan()));
    }

    /// <summary>
    /// Fails before anything is allocated when <paramref name="count"/> strings of at least <paramref name="minLength"/>
    /// bytes cannot fit ModelLimits.MaxTensorBytes as a string tensor.
    /// </summary>
    public static void CheckCount(OpContext ctx, long count, int minLength)
    {
        if (count > (ctx.MaxTensorBytes - 8) / (4L + minLength))
            throw ctx.Fail($"output {ModelText.Quote(ctx.Output(0).Name)} of {count} strings would take more than ModelLimits.MaxTensorBytes ({ctx.MaxTensorBytes}) bytes");
    }

    /// <summary>Writes to output <paramref name="i"/> the strings of <paramref name="source"/> that <paramref name="indices"/> name.</summary>
    public static void WriteGathered(OpContext ctx, int i, ReadOnlySpan<int> shape, byte[][] source, ReadOnlySpan<int> indices)
    {
        var result = new byte[indices.Length][];
        for (int k = 0; k < indices.Length; k++) result[k] = source[indices[k]];
        Write(ctx, i, shape, result);
    }

    /// <summary>Ids of the elements of <paramref name="a"/> and <paramref name="b"/>: equal strings (byte-wise) get the same id.</summary>
    public static (int[] A, int[] B) SharedIds(OpContext ctx, LiteTensor a, LiteTensor b)
    {
        var sa = Read(ctx, a, "input 0");
        var sb = Read(ctx, b, "input 1");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return (Ids(sa, ids), Ids(sb, ids));
    }

    private static int[] Ids(byte[][] strings, Dictionary<string, int> ids)
    {
        var result = new int[strings.Length];
        for (int k = 0; k < strings.Length; k++)
        {
            string key = Encoding.Latin1.GetString(strings[k]); // one char per byte: equal keys are equal bytes
            if (!ids.TryGetValue(key, out int id)) ids[key] = id = ids.Count;
            result[k] = id;
        }
        return result;
    }
}
