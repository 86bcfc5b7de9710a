using System.Text;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Tests.Cli;

/// <summary>`managedlite run` and `inspect` on a model with string tensors: |S/&lt;U .npy inputs, |S .npy outputs.</summary>
public sealed class CliStringTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ml-cli-strings-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>SKIP_GRAM (bigrams) of a string input, and EQUAL of the input with itself (a bool output).</summary>
    private string Model()
    {
        var m = new TinyModel();
        int x = m.Tensor("sentence", TensorType.String, [1]);
        int grams = m.Tensor("grams", TensorType.String, [1]);
        int same = m.Tensor("same", TensorType.Bool, [1]);
        m.Op(BuiltinOperator.SKIP_GRAM, [x], [grams], 1, 18, [new(0, OptionKind.Int, 2), new(1, OptionKind.Int, 0), new(2, OptionKind.Bool, 0)])
            .Op(BuiltinOperator.EQUAL, [x, x], [same], 3)
            .Inputs(x).Outputs(grams, same);
        string path = Path.Combine(_dir, "strings.tflite");
        File.WriteAllBytes(path, m.Build());
        return path;
    }

    [Fact]
    public void RunReadsStringNpyAndWritesStringOutputs()
    {
        string model = Model();
        string input = Path.Combine(_dir, "x.npy");
        NpyArray.FromStrings([1], "one two thrée").Write(input);
        string outDir = Path.Combine(_dir, "out");
        var r = CliProcess.Run("run", model, "--input", input, "--output-dir", outDir);
        Assert.True(r.Exit == 0, r.Stderr);
        var grams = NpyArray.Read(Path.Combine(outDir, "output_0.npy"));
        Assert.Equal(TensorType.String, grams.Type);
        Assert.Equal(new[] { "one two", "two thrée" }, grams.Strings.Select(s => Encoding.UTF8.GetString(s)));
        Assert.StartsWith("\u0093NUMPY", Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(outDir, "output_0.npy"))));
        Assert.Contains("'descr': '|S", Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(outDir, "output_0.npy"))));
        Assert.Equal(new byte[] { 1 }, NpyArray.Read(Path.Combine(outDir, "output_1.npy")).Data);

        // Seeded string inputs without --input; a numeric .npy for a string input is a one-line error.
        var seeded = CliProcess.Run("run", model, "--output-dir", Path.Combine(_dir, "seeded"));
        Assert.True(seeded.Exit == 0, seeded.Stderr);
        string wrong = Path.Combine(_dir, "wrong.npy");
        new NpyArray(TensorType.Int32, [1], new byte[4]).Write(wrong);
        CliProcess.AssertOneLineError(CliProcess.Run("run", model, "--input", wrong), "expected string, got int32");
    }

    [Fact]
    public void InspectShowsStringTensors()
    {
        var r = CliProcess.Run("inspect", Model());
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Contains("0: 'sentence' string [1]", r.Stdout);
        Assert.Contains("string tensors: 2", r.Stdout);
        Assert.Contains("SKIP_GRAM v1", r.Stdout);
        Assert.Contains("unsupported operators: none", r.Stdout);
    }
}
