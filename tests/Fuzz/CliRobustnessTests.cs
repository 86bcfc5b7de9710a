using System.Diagnostics;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Fuzz;

/// <summary>
/// Bad models and bad inputs through the real `managedlite` command: a non-zero exit code and exactly one
/// line on stderr, with no stack trace (issue 4 item 5, issue 2 item 6).
/// </summary>
public sealed class CliRobustnessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ml-cli-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly string _model;

    public CliRobustnessTests()
    {
        Directory.CreateDirectory(_dir);
        _model = Write("add_relu.tflite", TinyModels.AddRelu()); // inputs x, y: float32 [1,4]
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Npy<T>(string name, TensorType type, int[] shape, params T[] values) where T : unmanaged
    {
        string path = Path.Combine(_dir, name);
        new NpyArray(type, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray()).Write(path);
        return path;
    }

    private static (int ExitCode, string StdOut, string StdErr) Cli(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "managedlite.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing (the test project references src/Cli)");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "managedlite did not exit");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string AssertOneLineError((int ExitCode, string StdOut, string StdErr) r, string expected)
    {
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{r.StdErr}");
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.DoesNotContain("internal error", r.StdErr);
        Assert.StartsWith("managedlite: error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        return lines[0];
    }

    [Fact]
    public void CorrectInputsRun()
    {
        string x = Npy("x.npy", TensorType.Float32, [1, 4], 1f, -2f, 3f, -4f);
        string y = Npy("y.npy", TensorType.Float32, [1, 4], 1f, 1f, 1f, 1f);
        var r = Cli("run", _model, "--input", x, "--input", y, "--output-dir", _dir);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var o = NpyArray.Read(Path.Combine(_dir, "output_0.npy"));
        Assert.Equal([1, 4], o.Shape);
        Assert.Equal([2f, 0f, 4f, 0f], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(o.Data).ToArray());
    }

    [Fact]
    public void WrongNumberOfInputs()
    {
        string x = Npy("x.npy", TensorType.Float32, [1, 4], 1f, 2f, 3f, 4f);
        AssertOneLineError(Cli("run", _model, "--input", x), "2 input(s)");
        AssertOneLineError(Cli("run", _model, "--input", x, "--input", x, "--input", x), "got 3 --input");
    }

    [Fact]
    public void WrongElementType()
    {
        string x = Npy("x.npy", TensorType.Float32, [1, 4], 1f, 2f, 3f, 4f);
        string i = Npy("i.npy", TensorType.Int32, [1, 4], 1, 2, 3, 4);
        AssertOneLineError(Cli("run", _model, "--input", x, "--input", i), "expected float32, got int32");
    }

    [Fact]
    public void WrongShape()
    {
        string x = Npy("x.npy", TensorType.Float32, [1, 4], 1f, 2f, 3f, 4f);
        string rank1 = Npy("r.npy", TensorType.Float32, [4], 1f, 2f, 3f, 4f);
        AssertOneLineError(Cli("run", _model, "--input", x, "--input", rank1), "expected shape [1,4], got [4]");
        // A fixed shape is resized only with --resize.
        string a = Npy("a.npy", TensorType.Float32, [3, 4], new float[12]);
        string b = Npy("b.npy", TensorType.Float32, [2, 4], new float[8]);
        AssertOneLineError(Cli("run", _model, "--input", a, "--input", b), "pass --resize");
        // A shape the graph cannot take (ADD cannot broadcast [3,4] with [2,4]).
        AssertOneLineError(Cli("run", _model, "--input", a, "--input", b, "--resize"), "ADD");
        // A shape it can take runs.
        string a2 = Npy("a2.npy", TensorType.Float32, [2, 4], new float[8]);
        var r = Cli("run", _model, "--input", a2, "--input", b, "--resize", "--output-dir", _dir);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal([2, 4], NpyArray.Read(Path.Combine(_dir, "output_0.npy")).Shape);
    }

    [Fact]
    public void InputThatIsNotNpy()
    {
        string x = Npy("x.npy", TensorType.Float32, [1, 4], 1f, 2f, 3f, 4f);
        string junk = Write("junk.npy", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        AssertOneLineError(Cli("run", _model, "--input", x, "--input", junk), "junk.npy");
        AssertOneLineError(Cli("run", _model, "--input", x, "--input", Path.Combine(_dir, "missing.npy")), "missing.npy");
    }

    [Fact]
    public void TruncatedAndCorruptedModels()
    {
        byte[] bytes = TinyModels.AddRelu();
        AssertOneLineError(Cli("run", Write("truncated.tflite", bytes[..(bytes.Length / 2)])), "invalid model");
        AssertOneLineError(Cli("inspect", Write("tiny.tflite", bytes[..6])), "invalid model");
        var corrupt = (byte[])bytes.Clone();
        for (int i = 8; i < corrupt.Length; i += 7) corrupt[i] ^= 0x5A;
        AssertOneLineError(Cli("run", Write("corrupt.tflite", corrupt)), "corrupt.tflite");
        AssertOneLineError(Cli("run", Write("text.tflite", "not a model at all\n"u8.ToArray())), "not a TFLite model");
        AssertOneLineError(Cli("run", Path.Combine(_dir, "nope.tflite")), "not found");
        AssertOneLineError(Cli("bench", _dir), "directory");
    }

    [Fact]
    public void HostileAndFailingModels()
    {
        foreach (var (name, bytes) in TinyModels.Hostile())
            AssertOneLineError(Cli("run", Write(name.Replace('/', '_') + ".tflite", bytes)), "Max");
        // Seeded int32 inputs are out of range for GATHER: a run-time operator error.
        AssertOneLineError(Cli("run", Write("gather.tflite", TinyModels.GatherRuntimeIndices())), "GATHER");
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4), o = m.Input("o", TensorType.Float32, 1, 4);
        byte[] unsupported = m.Op(BuiltinOperator.CONCAT_EMBEDDINGS, [x], [o]).Inputs(x).Outputs(o).Build();
        AssertOneLineError(Cli("run", Write("unsupported.tflite", unsupported)), "CONCAT_EMBEDDINGS");
    }

    [Fact]
    public void NeverEndingLoopStopsUnderTheCliDefaultBudget()
    {
        // A WHILE whose condition is always true and whose body is one TANH: no flag given, the CLI's default compute
        // budget (--max-gmacs 100) ends it in seconds with one line that names the way to raise it.
        string file = Path.Combine(ManagedLite.Tests.TestPaths.RepoRoot, "tests", "Fuzz", "Regressions", "never_ending_while_tiny_body-structured-20261202-7.tflite");
        var sw = Stopwatch.StartNew();
        AssertOneLineError(Cli("run", file, "--output-dir", _dir), "--max-gmacs N");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed}");
    }
}
