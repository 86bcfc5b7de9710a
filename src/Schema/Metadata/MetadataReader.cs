using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema.Generated.MetadataSchema;
using ManagedLite.Schema.Verification;
using M = ManagedLite.Schema.Generated.MetadataSchema;

namespace ManagedLite.Schema;

/// <summary>
/// Verifies and parses a TFLite metadata buffer (the <c>TFLITE_METADATA</c> entry of <see cref="ModelDef.Metadata"/>)
/// into <see cref="ModelMetadataDef"/>. Like <see cref="ModelReader"/>: the FlatBuffer is verified against the
/// layout generated from metadata_schema.fbs before anything is read, and a malformed buffer raises
/// <see cref="ModelFormatException"/> whose message starts with the path of the field ("metadata.subgraph_metadata[0]...").
/// </summary>
public static class MetadataReader
{
    /// <summary>Name of the model metadata entry that holds TFLite metadata.</summary>
    public const string MetadataName = "TFLITE_METADATA";

    /// <summary>The metadata buffer of <paramref name="model"/>, or null when the model has none.</summary>
    public static ReadOnlyMemory<byte>? FindBuffer(ModelDef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (MetadataDef m in model.Metadata)
        {
            if (m.Name == MetadataName && (uint)m.Buffer < (uint)model.Buffers.Count)
                return model.Buffers[m.Buffer].Data;
        }
        return null;
    }

    /// <summary>Verifies and reads the metadata of <paramref name="model"/>; null when it has none.</summary>
    public static ModelMetadataDef? Read(ModelDef model) => FindBuffer(model) is { } buffer ? Read(buffer) : null;

    /// <summary>Verifies and reads one metadata buffer.</summary>
    public static ModelMetadataDef Read(ReadOnlyMemory<byte> buffer)
    {
        try
        {
            var budget = WorkBudget.ForFile(buffer.Length);
            FlatBufferVerifier.Verify(buffer.Span, MetadataSchemaLayout.Tables, MetadataSchemaLayout.Unions,
                MetadataSchemaLayout.RootTable, budget, "metadata");
            byte[] array;
            int offset;
            if (MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> seg) && seg.Array is not null)
            {
                array = seg.Array;
                offset = seg.Offset;
            }
            else
            {
                array = buffer.ToArray();
                offset = 0;
            }
            var bb = new ByteBuffer(array, offset);
            return new Reader(budget).ReadModel(M.ModelMetadata.GetRootAsModelMetadata(bb));
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException
                                      or NullReferenceException or InvalidCastException or OverflowException)
        {
            // Safety net only: the verifier leaves nothing for it.
            throw new ModelFormatException($"metadata: malformed buffer ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Builds the records; every string and vector copied is charged to the work budget.</summary>
    private sealed class Reader(WorkBudget budget)
    {
        private string Str(string? s)
        {
            budget.Spend(1 + (s?.Length ?? 0), "metadata");
            return s ?? "";
        }

        private T[] List<T>(int n, Func<int, T> item)
        {
            budget.Spend(1 + n, "metadata");
            var a = new T[n];
            for (int i = 0; i < n; i++) a[i] = item(i);
            return a;
        }

        public ModelMetadataDef ReadModel(M.ModelMetadata m) => new()
        {
            Name = Str(m.Name),
            Description = Str(m.Description),
            Version = Str(m.Version),
            Author = Str(m.Author),
            License = Str(m.License),
            MinParserVersion = Str(m.MinParserVersion),
            SubGraphs = List(m.SubgraphMetadataLength, i => ReadSubGraph(m.SubgraphMetadata(i)!.Value)),
            AssociatedFiles = List(m.AssociatedFilesLength, i => ReadFile(m.AssociatedFiles(i)!.Value)),
        };

        private SubGraphMetadataDef ReadSubGraph(M.SubGraphMetadata s) => new()
        {
            Name = Str(s.Name),
            Description = Str(s.Description),
            Inputs = List(s.InputTensorMetadataLength, i => ReadTensor(s.InputTensorMetadata(i)!.Value)),
            Outputs = List(s.OutputTensorMetadataLength, i => ReadTensor(s.OutputTensorMetadata(i)!.Value)),
            AssociatedFiles = List(s.AssociatedFilesLength, i => ReadFile(s.AssociatedFiles(i)!.Value)),
            InputProcessUnits = List(s.InputProcessUnitsLength, i => ReadUnit(s.InputProcessUnits(i)!.Value)),
            OutputProcessUnits = List(s.OutputProcessUnitsLength, i => ReadUnit(s.OutputProcessUnits(i)!.Value)),
            InputTensorGroups = List(s.InputTensorGroupsLength, i => ReadGroup(s.InputTensorGroups(i)!.Value)),
            OutputTensorGroups = List(s.OutputTensorGroupsLength, i => ReadGroup(s.OutputTensorGroups(i)!.Value)),
            CustomMetadata = List(s.CustomMetadataLength, i => ReadCustom(s.CustomMetadata(i)!.Value)),
        };

        private TensorMetadataDef ReadTensor(M.TensorMetadata t) => new()
        {
            Name = Str(t.Name),
            Description = Str(t.Description),
            DimensionNames = List(t.DimensionNamesLength, i => Str(t.DimensionNames(i))),
            Content = t.Content is { } c ? ReadContent(c) : null,
            ProcessUnits = List(t.ProcessUnitsLength, i => ReadUnit(t.ProcessUnits(i)!.Value)),
            Stats = t.Stats is { } st ? new StatsDef(List(st.MinLength, st.Min), List(st.MaxLength, st.Max)) : null,
            AssociatedFiles = List(t.AssociatedFilesLength, i => ReadFile(t.AssociatedFiles(i)!.Value)),
        };

        private ContentDef ReadContent(M.Content c)
        {
            ValueRangeDef? range = c.Range is { } r ? new ValueRangeDef(r.Min, r.Max) : null;
            switch (c.ContentPropertiesType)
            {
                case ContentProperties.ImageProperties when c.ContentProperties<M.ImageProperties>() is { } ip:
                {
                    M.ImageSize? size = ip.DefaultSize;
                    return new ContentDef
                    {
                        Kind = ContentKind.Image,
                        Image = new ImagePropertiesDef((ColorSpaceType)(sbyte)ip.ColorSpace, size?.Width ?? 0, size?.Height ?? 0),
                        Range = range,
                    };
                }
                case ContentProperties.BoundingBoxProperties when c.ContentProperties<M.BoundingBoxProperties>() is { } bp:
                    return new ContentDef
                    {
                        Kind = ContentKind.BoundingBox,
                        BoundingBox = new BoundingBoxPropertiesDef(List(bp.IndexLength, bp.Index), (byte)bp.Type, (byte)bp.CoordinateType),
                        Range = range,
                    };
                case ContentProperties.AudioProperties when c.ContentProperties<M.AudioProperties>() is { } ap:
                    return new ContentDef { Kind = ContentKind.Audio, Audio = new AudioPropertiesDef(ap.SampleRate, ap.Channels), Range = range };
                case ContentProperties.FeatureProperties:
                    return new ContentDef { Kind = ContentKind.Feature, Range = range };
                default:
                    return new ContentDef { Kind = ContentKind.None, Range = range };
            }
        }

        private ProcessUnitDef ReadUnit(M.ProcessUnit p)
        {
            switch (p.OptionsType)
            {
                case ProcessUnitOptions.NormalizationOptions when p.Options<M.NormalizationOptions>() is { } n:
                    return new ProcessUnitDef
                    {
                        Kind = ProcessUnitKind.Normalization,
                        Normalization = new NormalizationDef(List(n.MeanLength, n.Mean), List(n.StdLength, n.Std)),
                    };
                case ProcessUnitOptions.ScoreCalibrationOptions when p.Options<M.ScoreCalibrationOptions>() is { } sc:
                    return new ProcessUnitDef { Kind = ProcessUnitKind.ScoreCalibration, ScoreTransformation = (byte)sc.ScoreTransformation, DefaultScore = sc.DefaultScore };
                case ProcessUnitOptions.ScoreThresholdingOptions when p.Options<M.ScoreThresholdingOptions>() is { } st:
                    return new ProcessUnitDef { Kind = ProcessUnitKind.ScoreThresholding, ScoreThreshold = st.GlobalScoreThreshold };
                case ProcessUnitOptions.BertTokenizerOptions when p.Options<M.BertTokenizerOptions>() is { } bt:
                    return new ProcessUnitDef { Kind = ProcessUnitKind.BertTokenizer, VocabularyFiles = List(bt.VocabFileLength, i => ReadFile(bt.VocabFile(i)!.Value)) };
                case ProcessUnitOptions.SentencePieceTokenizerOptions when p.Options<M.SentencePieceTokenizerOptions>() is { } sp:
                    return new ProcessUnitDef
                    {
                        Kind = ProcessUnitKind.SentencePieceTokenizer,
                        ModelFiles = List(sp.SentencePieceModelLength, i => ReadFile(sp.SentencePieceModel(i)!.Value)),
                        VocabularyFiles = List(sp.VocabFileLength, i => ReadFile(sp.VocabFile(i)!.Value)),
                    };
                case ProcessUnitOptions.RegexTokenizerOptions when p.Options<M.RegexTokenizerOptions>() is { } rt:
                    return new ProcessUnitDef
                    {
                        Kind = ProcessUnitKind.RegexTokenizer,
                        DelimiterRegex = Str(rt.DelimRegexPattern),
                        VocabularyFiles = List(rt.VocabFileLength, i => ReadFile(rt.VocabFile(i)!.Value)),
                    };
                default:
                    return new ProcessUnitDef { Kind = ProcessUnitKind.None };
            }
        }

        private AssociatedFileDef ReadFile(M.AssociatedFile f) =>
            new(Str(f.Name), Str(f.Description), (AssociatedFileType)(sbyte)f.Type, Str(f.Locale), Str(f.Version));

        private TensorGroupDef ReadGroup(M.TensorGroup g) => new(Str(g.Name), List(g.TensorNamesLength, i => Str(g.TensorNames(i))));

        private CustomMetadataDef ReadCustom(M.CustomMetadata c)
        {
            byte[] data = c.GetDataArray() ?? [];
            budget.Spend(data.Length, "metadata");
            return new CustomMetadataDef(Str(c.Name), data);
        }
    }
}
