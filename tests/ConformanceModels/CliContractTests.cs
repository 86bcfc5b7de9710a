using System.Diagnostics;
using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.ConformanceModels.Tests;

/// <summary>The `managedlite` command's contract, run as a separate process exactly as scripts use it.</summary>
public class CliContractTests
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "managedlite.dll");

    internal static (int Exit, string Stdout, string Stderr) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("managedlite did not finish in 120 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "ml-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void RunOnTheBundledModelWritesEveryOutput()
    {
        string dir = TempDir();
        var (exit, _, err) = Cli("run", "--output-dir", dir, "--seed", "3");
        Assert.True(exit == 0, err);
        var o0 = NpyArray.Read(Path.Combine(dir, "output_0.npy"));
        var o1 = NpyArray.Read(Path.Combine(dir, "output_1.npy"));
        Assert.Equal(new[] { 1, 896, 16 }, o0.Shape);
        Assert.Equal(new[] { 1, 896, 1 }, o1.Shape);
        Assert.False(File.Exists(Path.Combine(dir, "output_2.npy")));

        // Same outputs as the API on the same seeded inputs.
        var bytes = typeof(Cli.Program).Assembly.GetManifestResourceStream("default.tflite")!;
        var ms = new MemoryStream();
        bytes.CopyTo(ms);
        using var interp = new Interpreter(Model.FromBytes(ms.ToArray()));
        SeededInputs.FillInputs(interp, 3);
        interp.Invoke();
        Assert.Equal(interp.Outputs[0].RawBytes.ToArray(), o0.Data);
        Assert.Equal(interp.Outputs[1].RawBytes.ToArray(), o1.Data);
    }

    [Fact]
    public void RunWithInputFilesUsesThem()
    {
        string dir = TempDir();
        var (model, _) = (Path.Combine(dir, "m.tflite"), 0);
        using (var s = typeof(Cli.Program).Assembly.GetManifestResourceStream("default.tflite")!)
        using (var f = File.Create(model)) s.CopyTo(f);
        // Write seed-5 inputs as .npy, run with --input, and compare with a seeded run.
        using (var interp = new Interpreter(Model.FromFile(model)))
        {
            SeededInputs.FillInputs(interp, 5);
            NpyArray.FromTensor(interp.Inputs[0]).Write(Path.Combine(dir, "in.npy"));
        }
        var (e1, _, err1) = Cli("run", model, "--input", Path.Combine(dir, "in.npy"), "--output-dir", Path.Combine(dir, "a"));
        var (e2, _, err2) = Cli("run", model, "--seed", "5", "--output-dir", Path.Combine(dir, "b"));
        Assert.True(e1 == 0, err1);
        Assert.True(e2 == 0, err2);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "b", "output_0.npy")), File.ReadAllBytes(Path.Combine(dir, "a", "output_0.npy")));
    }

    [Fact]
    public void BenchJsonHasTheContractKeys()
    {
        var (exit, stdout, err) = Cli("bench", "--runs", "3", "--warmup", "1", "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(stdout.Trim());
        var r = doc.RootElement;
        foreach (var key in new[] { "init_ms", "first_ms", "median_ms", "p90_ms", "runs", "threads", "arena_bytes", "alloc_bytes_per_invoke" })
            Assert.True(r.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(3, r.GetProperty("runs").GetInt32());
        Assert.Equal(1, r.GetProperty("threads").GetInt32());
        Assert.True(r.GetProperty("arena_bytes").GetInt64() > 0);
        Assert.Equal(0, r.GetProperty("alloc_bytes_per_invoke").GetInt64());
    }

    [Fact]
    public void InspectListsOperatorsAndArena()
    {
        var (exit, stdout, err) = Cli("inspect");
        Assert.True(exit == 0, err);
        Assert.Contains("CONV_2D v1", stdout);
        Assert.Contains("unsupported operators: none", stdout);
        Assert.Contains("arena: ", stdout);
        Assert.Contains("'input' float32 [1,128,128,3]", stdout);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("missing")]
    public void BadModelsGiveOneLine(string kind)
    {
        string dir = TempDir();
        string path = Path.Combine(dir, "bad.tflite");
        using (var s = typeof(Cli.Program).Assembly.GetManifestResourceStream("default.tflite")!)
        {
            var ms = new MemoryStream();
            s.CopyTo(ms);
            var bytes = ms.ToArray();
            if (kind == "truncate") File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
            if (kind == "garbage") File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        }
        foreach (var verb in new[] { "run", "inspect", "bench" })
        {
            var (exit, _, err) = Cli(verb, path);
            Assert.NotEqual(0, exit);
            string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("managedlite: error:", lines[0]);
            Assert.DoesNotContain("   at ", err);
        }
    }

    /// <summary>`run` on quantized and integer models: each --input in the tensor's own dtype, outputs in theirs.</summary>
    [SkippableTheory]
    [InlineData("mobilenet_v2_quantized_1x3x224x224")]
    [InlineData("simple_add_model")]
    [InlineData("audio_preprocessor_int8")]
    [InlineData("trained_lstm")]
    public void RunMatchesTfliteReferenceThroughNpyFiles(string model)
    {
        string? root = TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        string refs = Path.Combine(root!, "references", model);
        var args = new List<string> { "run", Path.Combine(root!, "models", model + ".tflite") };
        foreach (var f in Directory.EnumerateFiles(refs, "input_*.npy").OrderBy(f => f, StringComparer.Ordinal))
        {
            args.Add("--input");
            args.Add(f);
        }
        string dir = TempDir();
        args.Add("--output-dir");
        args.Add(dir);
        var (exit, _, err) = Cli(args.ToArray());
        Assert.True(exit == 0, err);
        foreach (var want in Directory.EnumerateFiles(refs, "output_*.npy"))
        {
            var w = NpyArray.Read(want);
            var g = NpyArray.Read(Path.Combine(dir, Path.GetFileName(want)));
            Assert.Equal(w.Type, g.Type);
            Assert.Equal(w.Shape, g.Shape);
            if (w.Type == ManagedLite.Schema.TensorType.Float32) Assert.True(ModelRunner.RelativeError(g, w) <= 1e-3);
            else Assert.Equal(w.Data, g.Data);
        }
    }

    [Fact]
    public void Float64InputsAreRoundedToFloat32()
    {
        string dir = TempDir();
        string model = Path.Combine(dir, "m.tflite");
        using (var s = typeof(Cli.Program).Assembly.GetManifestResourceStream("default.tflite")!)
        using (var f = File.Create(model)) s.CopyTo(f);
        float[] values;
        using (var interp = new Interpreter(Model.FromFile(model)))
        {
            SeededInputs.FillInputs(interp, 9);
            values = interp.Inputs[0].ToArray<float>();
        }
        var doubles = values.Select(v => (double)v).ToArray();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(doubles.AsSpan()).ToArray();
        new NpyArray(ManagedLite.Schema.TensorType.Float64, [1, 128, 128, 3], bytes).Write(Path.Combine(dir, "in64.npy"));
        var (e1, _, err1) = Cli("run", model, "--input", Path.Combine(dir, "in64.npy"), "--output-dir", Path.Combine(dir, "a"));
        var (e2, _, err2) = Cli("run", model, "--seed", "9", "--output-dir", Path.Combine(dir, "b"));
        Assert.True(e1 == 0, err1);
        Assert.True(e2 == 0, err2);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "b", "output_0.npy")), File.ReadAllBytes(Path.Combine(dir, "a", "output_0.npy")));
    }
}
