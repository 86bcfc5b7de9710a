using System.Security.Cryptography;
using ManagedLite.IO;
using ManagedLite.Tests;

namespace ManagedLite.OpConformance;

/// <summary>
/// Committed reference outputs: references/NAME/output_J.npy plus meta.txt, which records the SHA-256 of the model
/// and inputs they were made from (a changed generator is detected instead of compared against stale outputs).
/// </summary>
internal static class ReferenceStore
{
    public static string Root => Path.Combine(TestPaths.RepoRoot, "tests", "OpConformance", "references");

    public static string Fingerprint(OpCase c)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(c.Model);
        foreach (var i in c.Inputs)
        {
            using var ms = new MemoryStream();
            i.WriteTo(ms);
            sha.AppendData(ms.ToArray());
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    public static void Write(OpCase c, NpyArray[] outputs)
    {
        string dir = Path.Combine(Root, c.Name);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        for (int j = 0; j < outputs.Length; j++) outputs[j].Write(Path.Combine(dir, $"output_{j}.npy"));
        File.WriteAllText(Path.Combine(dir, "meta.txt"),
            $"case: {c.Name}\nseed: {OpCases.ReferenceSeed}\nsha256: {Fingerprint(c)}\nsource: ../shared/native/tflite_run --kernels {c.NativeKernels} (scripts/gen-op-references.sh)\n");
    }

    /// <summary>The stored outputs, or null with a reason when missing or made from other inputs.</summary>
    public static NpyArray[]? TryRead(OpCase c, out string? why)
    {
        string dir = Path.Combine(Root, c.Name);
        string meta = Path.Combine(dir, "meta.txt");
        if (!File.Exists(meta)) { why = $"no references for case {c.Name}: run scripts/gen-op-references.sh {c.Name}"; return null; }
        string text = File.ReadAllText(meta);
        if (!text.Contains($"sha256: {Fingerprint(c)}", StringComparison.Ordinal))
        {
            why = $"the references of case {c.Name} were made from another model or inputs: run scripts/gen-op-references.sh {c.Name}";
            return null;
        }
        var outputs = new List<NpyArray>();
        for (int j = 0; File.Exists(Path.Combine(dir, $"output_{j}.npy")); j++)
            outputs.Add(NpyArray.Read(Path.Combine(dir, $"output_{j}.npy")));
        why = null;
        return outputs.ToArray();
    }
}
