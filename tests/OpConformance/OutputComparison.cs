using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>Integer and bool outputs must be identical; float ones within a tolerance relative to max(1, max |reference|).</summary>
internal static class OutputComparison
{
    /// <summary>Null when equal, else a message naming the output, the first differing index and both values.</summary>
    public static string? Compare(string what, NpyArray expected, NpyArray got, double tolerance)
    {
        if (expected.Type != got.Type) return $"{what}: dtype {TensorTypes.Name(got.Type)}, expected {TensorTypes.Name(expected.Type)}";
        if (!expected.Shape.SequenceEqual(got.Shape))
            return $"{what}: shape [{string.Join(",", got.Shape)}], expected [{string.Join(",", expected.Shape)}]";
        switch (expected.Type)
        {
            case TensorType.String:
                for (int i = 0; i < expected.Strings.Count; i++)
                    if (!expected.Strings[i].AsSpan().SequenceEqual(got.Strings[i]))
                        return $"{what}: string {i} is \"{Escape(got.Strings[i])}\", expected \"{Escape(expected.Strings[i])}\"; string outputs must be exact";
                return null;
            case TensorType.Float32:
            case TensorType.Complex64: // complex64: (real, imaginary) float32 pairs
                return CompareFloat(what, MemoryMarshal.Cast<byte, float>(expected.Data).ToArray().Select(v => (double)v).ToArray(),
                                    MemoryMarshal.Cast<byte, float>(got.Data).ToArray().Select(v => (double)v).ToArray(), tolerance);
            case TensorType.Float64:
                return CompareFloat(what, MemoryMarshal.Cast<byte, double>(expected.Data).ToArray(), MemoryMarshal.Cast<byte, double>(got.Data).ToArray(), tolerance);
            case TensorType.Float16:
                return CompareFloat(what, MemoryMarshal.Cast<byte, Half>(expected.Data).ToArray().Select(v => (double)v).ToArray(),
                                    MemoryMarshal.Cast<byte, Half>(got.Data).ToArray().Select(v => (double)v).ToArray(), Math.Max(tolerance, 1e-3));
            default:
                int size = Math.Max(1, TensorTypes.ElementSize(expected.Type));
                for (int i = 0; i < expected.Data.Length; i++)
                    if (expected.Data[i] != got.Data[i])
                        return $"{what}: element {i / size} differs (byte {i}: {got.Data[i]} vs expected {expected.Data[i]}); integer outputs must be bit-exact";
                return null;
        }
    }

    private static string Escape(byte[] s) =>
        string.Concat(System.Text.Encoding.UTF8.GetString(s).Select(ch => ch < ' ' || ch == '"' ? $"\\x{(int)ch:x2}" : ch.ToString()));

    private static string? CompareFloat(string what, double[] e, double[] g, double tolerance)
    {
        double scale = 1;
        foreach (var v in e) if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(g[i])) continue;
            if (double.IsInfinity(e[i]) && e[i] == g[i]) continue;
            if (!(Math.Abs(e[i] - g[i]) <= tolerance * scale))
                return $"{what}: element {i} is {g[i]:R}, expected {e[i]:R} (tolerance {tolerance} x {scale})";
        }
        return null;
    }
}
