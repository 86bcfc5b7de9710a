using System.Diagnostics;
using System.Security.Cryptography;
using ManagedLite.Schema;
using Xunit;
using Xunit.Abstractions;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>The checked-in generated code matches schema.fbs, and the public enums match the generated ones.</summary>
public sealed class SchemaGenerationTests
{
    private static string SchemaPath => Path.Combine(TestPaths.RepoRoot, "src", "Schema", "schema.fbs");
    private static string GeneratedDir => Path.Combine(TestPaths.RepoRoot, "src", "Schema", "Generated");

    [SkippableFact]
    public void SchemaHashMatchesSchemaFile()
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SchemaPath)));
        Assert.True(hash == G.SchemaHash.Sha256,
            $"src/Schema/schema.fbs has SHA-256 {hash} but Generated/ was made from {G.SchemaHash.Sha256}: run scripts/generate-schema.sh");
    }

    [SkippableFact]
    public void MetadataSchemaHashMatchesSchemaFile()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "src", "Schema", "metadata_schema.fbs");
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.True(hash == G.SchemaHash.MetadataSha256,
            $"src/Schema/metadata_schema.fbs has SHA-256 {hash} but Generated/MetadataSchema was made from {G.SchemaHash.MetadataSha256}: run scripts/generate-schema.sh");
    }

    [SkippableFact]
    public void RegeneratingReproducesCheckedInFiles()
    {
        if (!OnPath("flatc") || !OnPath("python3") || !OnPath("bash"))
        {
            throw new SkipException("flatc, python3 or bash not on PATH (apt-get install flatbuffers-compiler)");
        }
        string tmp = Directory.CreateTempSubdirectory("ml-schema-").FullName;
        try
        {
            var psi = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepoRoot, "scripts", "generate-schema.sh"), tmp])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            string stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "generate-schema.sh failed: " + stderr);

            // Generated/ and Generated/MetadataSchema/ (TFLite metadata), compared file by file.
            var expected = Directory.GetFiles(GeneratedDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(GeneratedDir, f)).Order().ToArray();
            var actual = Directory.GetFiles(tmp, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tmp, f)).Order().ToArray();
            Assert.Contains(Path.Combine("MetadataSchema", "ModelMetadata.cs"), expected);
            Assert.Equal(expected, actual);
            foreach (string? name in expected)
            {
                Assert.True(File.ReadAllText(Path.Combine(GeneratedDir, name!)) == File.ReadAllText(Path.Combine(tmp, name!)),
                    $"Generated/{name} differs from a fresh generation: run scripts/generate-schema.sh");
            }
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    [SkippableFact]
    public void BuiltinOperatorMatchesSchema()
    {
        var generated = Enum.GetValues<G.BuiltinOperator>();
        Assert.Equal(generated.Length, Enum.GetValues<BuiltinOperator>().Length);
        foreach (G.BuiltinOperator g in generated)
        {
            Assert.True(Enum.TryParse(g.ToString(), out BuiltinOperator ours), $"BuiltinOperator lacks {g}");
            Assert.Equal((int)g, (int)ours);
        }
        Assert.Equal(207, (int)BuiltinOperator.COMPLEX); // last value of the current schema
    }

    [SkippableFact]
    public void TensorTypeMatchesSchema() => AssertSameEnum<TensorType, G.TensorType>();

    [SkippableFact]
    public void ActivationFunctionTypeMatchesSchema() => AssertSameEnum<ActivationFunctionType, G.ActivationFunctionType>();

    [SkippableFact]
    public void PaddingMatchesSchema() => AssertSameEnum<Padding, G.Padding>();

    [SkippableFact]
    public void MirrorPadModeMatchesSchema() => AssertSameEnum<MirrorPadMode, G.MirrorPadMode>();

    [SkippableFact]
    public void DimensionTypeMatchesSchema() => AssertSameEnum<DimensionType, G.DimensionType>();

    /// <summary>Same values, and names equal up to case and underscores (Float32 = FLOAT32, ReluN1To1 = RELU_N1_TO_1).</summary>
    private static void AssertSameEnum<TOurs, TGenerated>() where TOurs : struct, Enum where TGenerated : struct, Enum
    {
        static string Norm(string s) => s.Replace("_", "").ToUpperInvariant();
        var ours = Enum.GetValues<TOurs>().ToDictionary(v => Convert.ToInt64(v), v => Norm(v.ToString()));
        var generated = Enum.GetValues<TGenerated>().ToDictionary(v => Convert.ToInt64(v), v => Norm(v.ToString()));
        Assert.Equal(generated.OrderBy(kv => kv.Key), ours.OrderBy(kv => kv.Key));
    }

    private static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, exe)));
}
