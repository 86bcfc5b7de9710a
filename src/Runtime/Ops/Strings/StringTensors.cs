using System.Text;
using ManagedLite.Ops.Variables;

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

    /// <summary>Element indices 0..count-1 as int32 data, the stand-in for the strings in the numeric kernels.</summary>
    public static int[] Iota(long count)
    {
        var ids = new int[checked((int)count)];
        for (int k = 0; k < ids.Length; k++) ids[k] = k;
        return ids;
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
