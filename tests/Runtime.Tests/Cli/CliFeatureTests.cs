using System.Diagnostics;
using System.Text.Json;
using ManagedLite.IO;
using ManagedLite.Tests.Metadata;
using Xunit;

namespace ManagedLite.Tests.Cli;

/// <summary>
/// The `managedlite` verbs added with the package (issue 12): --version, per-verb --help, metadata in inspect,
/// run --image on classifiers with metadata, bench --input / --report, valid JSON for any path, --max-gmacs.
/// </summary>
public sealed class CliFeatureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ml-cli12-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static (int Exit, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Run(args);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertOneLineError((int Exit, string Stdout, string Stderr) r, string expected) =>
        CliProcess.AssertOneLineError(r, expected);

    [Fact]
    public void VersionAndHelpPerVerb()
    {
        var v = Cli("--version");
        Assert.Equal(0, v.Exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", v.Stdout.Trim());
        foreach (var (verb, option) in new[] { ("inspect", "--max-gmacs"), ("run", "--image"), ("bench", "--report") })
        {
            var h = Cli(verb, "--help");
            Assert.True(h.Exit == 0, h.Stderr);
            Assert.Contains($"managedlite {verb}", h.Stdout);
            Assert.Contains(option, h.Stdout);
        }
        AssertOneLineError(Cli("run", "--no-such-flag"), "unknown option --no-such-flag");
        AssertOneLineError(Cli("bench", "--threads", "100000"), "--threads needs an integer from 1 to");
        AssertOneLineError(Cli("bench", "--threads", "0"), "--threads");
    }

    [Fact]
    public void InspectPrintsMetadataNormalizationAndLabelFile()
    {
        string model = Write("classifier.tflite", MetadataModels.Classifier());
        var r = Cli("inspect", model);
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Contains("metadata: name \"Color classifier\", version \"v1\", author \"ManagedLite tests\"", r.Stdout);
        Assert.Contains("input 0 'image', image RGB 4x4, normalization mean [127.5] std [127.5]", r.Stdout);
        Assert.Contains("file labels.txt (TENSOR_AXIS_LABELS, locale en)", r.Stdout);
        Assert.Contains("associated files: labels.txt", r.Stdout);
        // A model without metadata prints no metadata line.
        Assert.DoesNotContain("metadata:", Cli("inspect").Stdout);
    }

    [Theory]
    [InlineData(false, "bmp")]
    [InlineData(false, "png")]
    [InlineData(true, "png")]
    [InlineData(true, "jpg")]
    public void RunImagePrintsTopLabels(bool quantized, string format)
    {
        string model = Write($"classifier-{quantized}.tflite", MetadataModels.Classifier(quantized));
        byte[] rgb = MetadataModels.Solid(17, 11, 20, 30, 220); // blue
        string image = format switch
        {
            "bmp" => Write("photo.bmp", MetadataModels.Bmp(rgb, 17, 11)),
            "png" => Write("photo.png", MetadataModels.Png(rgb, 17, 11)),
            _ => Path.Combine(TestPaths.RepoRoot, "tests", "Runtime.Tests", "Cli", "Data", "blue_64x48.jpg"),
        };
        var r = Cli("run", model, "--image", image);
        Assert.True(r.Exit == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // top-5 of 3 classes
        Assert.Contains("blue  (class 2)", lines[0]);

        // --output-dir writes the outputs too; --top limits the labels.
        var o = Cli("run", model, "--image", image, "--output-dir", Path.Combine(_dir, "out"), "--top", "1");
        Assert.True(o.Exit == 0, o.Stderr);
        Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(Path.Combine(_dir, "out", "output_0.npy")));
    }

    [Fact]
    public void RunImageErrors()
    {
        string model = Write("classifier.tflite", MetadataModels.Classifier());
        AssertOneLineError(Cli("run", model, "--image", Write("junk.png", [1, 2, 3, 4, 5])), "junk.png");
        AssertOneLineError(Cli("run", model, "--image", Path.Combine(_dir, "missing.jpg")), "image file not found");
        AssertOneLineError(Cli("run", "--image", Write("p.bmp", MetadataModels.Bmp(MetadataModels.Solid(2, 2, 1, 1, 1), 2, 2))), "--mean and --std");
        AssertOneLineError(Cli("run", model, "--mean", "1"), "--mean and --std go together");
    }

    [Fact]
    public void BenchTakesInputsAndWritesValidJsonForAnyPath()
    {
        // A path with a tab, a quote and a backslash: the JSON must still parse and hold the exact path.
        string odd = Path.Combine(_dir, "a\tb\"c\\d");
        Directory.CreateDirectory(odd);
        string model = Path.Combine(odd, "m.tflite");
        File.WriteAllBytes(model, ManagedLite.Robustness.TinyModels.AddRelu());
        string x = Path.Combine(_dir, "x.npy"), y = Path.Combine(_dir, "y.npy");
        new NpyArray(ManagedLite.Schema.TensorType.Float32, [1, 4], new byte[16]).Write(x);
        new NpyArray(ManagedLite.Schema.TensorType.Float32, [1, 4], new byte[16]).Write(y);
        var r = Cli("bench", model, "--input", x, "--input", y, "--runs", "3", "--warmup", "1", "--json");
        Assert.True(r.Exit == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(model, doc.RootElement.GetProperty("model").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("runs").GetInt32());
        AssertOneLineError(Cli("bench", model, "--input", x), "2 input(s)");
    }

    [Theory]
    [InlineData("report.html")]
    [InlineData("report.svg")]
    public void BenchReportIsSelfContained(string name)
    {
        string report = Path.Combine(_dir, name);
        var r = Cli("bench", "--runs", "2", "--warmup", "0", "--profile", "--report", report);
        Assert.True(r.Exit == 0, r.Stderr);
        string text = File.ReadAllText(report);
        Assert.Contains("<svg", text);
        Assert.Contains("CONV_2D", text);
        Assert.Contains("arena", text);
        Assert.DoesNotContain("<script", text);
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", ""));
        if (name.EndsWith(".html")) Assert.Contains("Slowest nodes", text);
        AssertOneLineError(Cli("bench", "--runs", "1", "--report", Path.Combine(_dir, "r.txt")), "must end in .html or .svg");
    }

    [Fact]
    public void MaxGigaMacsRefusesBigModels()
    {
        foreach (var verb in new[] { "run", "bench", "inspect" })
            AssertOneLineError(Cli(verb, "--max-gmacs", "0.0001"), "MaxMacsPerInvoke");
        AssertOneLineError(Cli("run", "--max-gmacs", "0.0001"), "--max-gmacs N");
        AssertOneLineError(Cli("run", "--max-gmacs", "-1"), "--max-gmacs needs a number >= 0");
        Assert.Equal(0, Cli("run", "--max-gmacs", "10", "--output-dir", _dir).Exit);
        Assert.Equal(0, Cli("run", "--max-gmacs", "0", "--output-dir", _dir).Exit); // 0 = no limit
    }
}
