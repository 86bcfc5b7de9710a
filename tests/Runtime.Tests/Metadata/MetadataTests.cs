using System.Text;
using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using Xunit;

namespace ManagedLite.Tests.Metadata;

/// <summary>TFLite metadata (TFLITE_METADATA buffer) and the associated files zipped onto a model.</summary>
public sealed class MetadataTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsModelAndTensorMetadataAndLabels(bool absoluteZipOffsets)
    {
        var model = Model.FromBytes(MetadataModels.Classifier(absoluteZipOffsets: absoluteZipOffsets));
        var md = model.Metadata;
        Assert.NotNull(md);
        Assert.Equal("Color classifier", md!.Name);
        Assert.Equal("Tells red, green and blue images apart.", md.Description);
        Assert.Equal("v1", md.Version);
        Assert.Equal("ManagedLite tests", md.Author);
        Assert.StartsWith("Apache License", md.License);
        Assert.Equal("1.0.0", md.Definition.MinParserVersion);

        var input = Assert.Single(md.Inputs);
        Assert.Equal("image", input.Name);
        Assert.Equal(ContentKind.Image, input.Content!.Kind);
        Assert.Equal(new ImagePropertiesDef(ColorSpaceType.Rgb, 4, 4), input.Content.Image);
        Assert.Equal([127.5f], input.Normalization!.Mean);
        Assert.Equal([127.5f], input.Normalization.Std);
        Assert.Equal([-1f], input.Stats!.Min);

        var output = Assert.Single(md.Outputs);
        Assert.Equal(ContentKind.Feature, output.Content!.Kind);
        Assert.Equal(new ValueRangeDef(1, 1), output.Content.Range);
        var labels = output.FindFile(AssociatedFileType.TensorAxisLabels);
        Assert.Equal(new AssociatedFileDef("labels.txt", "Labels for objects that the model can recognize.", AssociatedFileType.TensorAxisLabels, "en", ""), labels);

        Assert.Equal(["labels.txt"], model.AssociatedFiles.Names);
        Assert.Equal("red\ngreen\nblue\n", model.AssociatedFiles.ReadAllText("labels.txt"));
        Assert.Equal(MetadataModels.Labels, md.GetOutputLabels(0));
        Assert.Null(md.GetOutputLabels(1));
    }

    [Fact]
    public void AModelWithoutMetadataHasNone()
    {
        var model = Model.FromBytes(TestModelBuilder.SimpleAdd().Build());
        Assert.Null(model.Metadata);
        Assert.Equal(0, model.AssociatedFiles.Count);
        var e = Assert.Throws<KeyNotFoundException>(() => model.AssociatedFiles.ReadAllBytes("labels.txt"));
        Assert.Contains("no files", e.Message);
    }

    [Fact]
    public void MissingFileNamesTheFilesThereAre()
    {
        var model = Model.FromBytes(MetadataModels.Classifier());
        var e = Assert.Throws<KeyNotFoundException>(() => model.AssociatedFiles.ReadAllText("vocab.txt"));
        Assert.Contains("'labels.txt'", e.Message);
    }

    [Fact]
    public void ZipBombsAreBoundedPerFileAndInTotal()
    {
        var files = new Dictionary<string, byte[]>
        {
            ["labels.txt"] = Encoding.UTF8.GetBytes("a\nb\nc\n"),
            ["big.bin"] = new byte[5_000_000],   // compresses to a few kB
            ["half1.bin"] = new byte[600],
            ["half2.bin"] = new byte[600],
        };
        var bytes = MetadataModels.Classifier(files: files);
        var limits = ModelLimits.Default with { MaxAssociatedFileBytes = 1_000_000, MaxAssociatedFilesTotalBytes = 1_000 };
        var model = Model.FromBytes(bytes, limits);
        Assert.True(bytes.Length < 100_000, $"the test ZIP should be small, is {bytes.Length} bytes");
        var e = Assert.Throws<ModelFormatException>(() => model.AssociatedFiles.ReadAllBytes("big.bin"));
        Assert.Contains("MaxAssociatedFileBytes", e.Message);
        Assert.Equal(600, model.AssociatedFiles.ReadAllBytes("half1.bin").Length);
        e = Assert.Throws<ModelFormatException>(() => model.AssociatedFiles.ReadAllBytes("half2.bin"));
        Assert.Contains("MaxAssociatedFilesTotalBytes", e.Message);
        Assert.Equal("a\nb\nc\n", model.AssociatedFiles.ReadAllText("labels.txt")); // 6 bytes still fit
    }

    [Fact]
    public void TrailingBytesThatAreNotAZipAreAnError()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Trailing = Encoding.ASCII.GetBytes("this is not a zip archive at all, just junk after the model");
        var model = Model.FromBytes(b.Build());
        var e = Assert.Throws<ModelFormatException>(() => model.AssociatedFiles);
        Assert.StartsWith("associated files:", e.Message);
    }

    [Fact]
    public void CorruptMetadataIsAFormatErrorNamingTheField()
    {
        byte[] meta = MetadataModels.Metadata(false);
        // Point the root offset past the end; then flip bytes all over: always a ModelFormatException, never a crash.
        var rootPastEnd = (byte[])meta.Clone();
        BitConverter.TryWriteBytes(rootPastEnd, meta.Length + 100);
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(MetadataModels.Classifier(metadata: rootPastEnd)).Metadata);
        Assert.StartsWith("metadata", e.Message);
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            var m = (byte[])meta.Clone();
            for (int k = 0; k < 3; k++) m[rng.Next(m.Length)] = (byte)rng.Next(256);
            var model = Model.FromBytes(MetadataModels.Classifier(metadata: m));
            try
            {
                _ = model.Metadata;
            }
            catch (ModelFormatException ex)
            {
                Assert.StartsWith("metadata", ex.Message);
            }
        }
    }

    [Fact]
    public void MetadataIsVerifiedAgainstTheGeneratedLayout()
    {
        // A vector length far beyond the buffer, in the labels file's name string.
        byte[] meta = MetadataModels.Metadata(false);
        int at = IndexOf(meta, "labels.txt"u8) - 4;
        var bad = (byte[])meta.Clone();
        BitConverter.TryWriteBytes(bad.AsSpan(at), 1_000_000);
        var e = Assert.Throws<ModelFormatException>(() => MetadataReader.Read(bad));
        Assert.Contains("subgraph_metadata[0].output_tensor_metadata[0].associated_files[0].name", e.Message);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
