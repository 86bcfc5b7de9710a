namespace ManagedLite.Schema;

/// <summary>
/// TFLite metadata of a model (the <c>TFLITE_METADATA</c> buffer, tflite-support's metadata_schema.fbs), as plain
/// immutable records. Strings absent from the model are empty.
/// </summary>
public sealed class ModelMetadataDef
{
    /// <summary>Model name.</summary>
    public required string Name { get; init; }
    /// <summary>Model description.</summary>
    public required string Description { get; init; }
    /// <summary>Model version (free text).</summary>
    public required string Version { get; init; }
    /// <summary>Author.</summary>
    public required string Author { get; init; }
    /// <summary>License text or name.</summary>
    public required string License { get; init; }
    /// <summary>Oldest metadata parser version that can read this metadata.</summary>
    public required string MinParserVersion { get; init; }
    /// <summary>Metadata per subgraph (TFLite writes one, for the primary subgraph).</summary>
    public required IReadOnlyList<SubGraphMetadataDef> SubGraphs { get; init; }
    /// <summary>Files of the whole model (for example a description or license file).</summary>
    public required IReadOnlyList<AssociatedFileDef> AssociatedFiles { get; init; }
}

/// <summary>Metadata of one subgraph: its input and output tensors in subgraph order.</summary>
public sealed class SubGraphMetadataDef
{
    /// <summary>Subgraph name.</summary>
    public required string Name { get; init; }
    /// <summary>Subgraph description.</summary>
    public required string Description { get; init; }
    /// <summary>Per input tensor, in the subgraph's input order.</summary>
    public required IReadOnlyList<TensorMetadataDef> Inputs { get; init; }
    /// <summary>Per output tensor, in the subgraph's output order.</summary>
    public required IReadOnlyList<TensorMetadataDef> Outputs { get; init; }
    /// <summary>Files of the subgraph.</summary>
    public required IReadOnlyList<AssociatedFileDef> AssociatedFiles { get; init; }
    /// <summary>Processing applied to all inputs together (for example a tokenizer).</summary>
    public required IReadOnlyList<ProcessUnitDef> InputProcessUnits { get; init; }
    /// <summary>Processing applied to all outputs together.</summary>
    public required IReadOnlyList<ProcessUnitDef> OutputProcessUnits { get; init; }
    /// <summary>Named groups of input tensors.</summary>
    public required IReadOnlyList<TensorGroupDef> InputTensorGroups { get; init; }
    /// <summary>Named groups of output tensors.</summary>
    public required IReadOnlyList<TensorGroupDef> OutputTensorGroups { get; init; }
    /// <summary>Opaque custom metadata entries.</summary>
    public required IReadOnlyList<CustomMetadataDef> CustomMetadata { get; init; }
}

/// <summary>Metadata of one input or output tensor.</summary>
public sealed class TensorMetadataDef
{
    /// <summary>Tensor name in the metadata (may differ from the tensor's name in the graph).</summary>
    public required string Name { get; init; }
    /// <summary>What the tensor holds.</summary>
    public required string Description { get; init; }
    /// <summary>Names of the dimensions, when given.</summary>
    public required IReadOnlyList<string> DimensionNames { get; init; }
    /// <summary>Content type (image, bounding box, audio, feature) and value range, or null.</summary>
    public ContentDef? Content { get; init; }
    /// <summary>Processing steps (normalization, score calibration, thresholding, tokenizers).</summary>
    public required IReadOnlyList<ProcessUnitDef> ProcessUnits { get; init; }
    /// <summary>Per-channel min and max of the values, or null.</summary>
    public StatsDef? Stats { get; init; }
    /// <summary>Files of this tensor, for example its labels (<see cref="AssociatedFileType.TensorAxisLabels"/>).</summary>
    public required IReadOnlyList<AssociatedFileDef> AssociatedFiles { get; init; }

    /// <summary>The first normalization step (input = (value - mean) / std per channel), or null.</summary>
    public NormalizationDef? Normalization => ProcessUnits.Select(p => p.Normalization).FirstOrDefault(n => n is not null);

    /// <summary>The first associated file of type <paramref name="type"/>, or null.</summary>
    public AssociatedFileDef? FindFile(AssociatedFileType type) => AssociatedFiles.FirstOrDefault(f => f.Type == type);
}

/// <summary>One file zipped onto the model, as the metadata names it.</summary>
/// <param name="Name">File name inside the ZIP appended to the model.</param>
/// <param name="Description">What the file holds.</param>
/// <param name="Type">Its role (labels, vocabulary, ...).</param>
/// <param name="Locale">Language of a labels file (for example "en"), or empty.</param>
/// <param name="Version">File version, or empty.</param>
public sealed record AssociatedFileDef(string Name, string Description, AssociatedFileType Type, string Locale, string Version);

/// <summary>Roles of associated files (metadata_schema.fbs <c>AssociatedFileType</c>).</summary>
public enum AssociatedFileType : sbyte
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>Descriptions of the values.</summary>
    Descriptions = 1,
    /// <summary>One label per line for the elements of the last axis (a classifier's classes).</summary>
    TensorAxisLabels = 2,
    /// <summary>One label per line for the values of the tensor (a segmentation mask's classes).</summary>
    TensorValueLabels = 3,
    /// <summary>Score calibration parameters per class.</summary>
    TensorAxisScoreCalibration = 4,
    /// <summary>A tokenizer vocabulary.</summary>
    Vocabulary = 5,
    /// <summary>A ScaNN index file.</summary>
    ScannIndexFile = 6,
}

/// <summary>Color space of an image tensor.</summary>
public enum ColorSpaceType : sbyte
{
    /// <summary>Not stated.</summary>
    Unknown = 0,
    /// <summary>Red, green, blue channels.</summary>
    Rgb = 1,
    /// <summary>One channel.</summary>
    Grayscale = 2,
}

/// <summary>Kinds of tensor content.</summary>
public enum ContentKind : byte
{
    /// <summary>No content properties.</summary>
    None = 0,
    /// <summary>A feature vector.</summary>
    Feature = 1,
    /// <summary>An image (<see cref="ContentDef.Image"/>).</summary>
    Image = 2,
    /// <summary>Bounding boxes (<see cref="ContentDef.BoundingBox"/>).</summary>
    BoundingBox = 3,
    /// <summary>Audio (<see cref="ContentDef.Audio"/>).</summary>
    Audio = 4,
}

/// <summary>Content of a tensor: its kind with that kind's properties, and the range of dimensions it spans.</summary>
public sealed class ContentDef
{
    /// <summary>Which properties are set.</summary>
    public required ContentKind Kind { get; init; }
    /// <summary>Image properties when <see cref="Kind"/> is <see cref="ContentKind.Image"/>.</summary>
    public ImagePropertiesDef? Image { get; init; }
    /// <summary>Bounding box properties when <see cref="Kind"/> is <see cref="ContentKind.BoundingBox"/>.</summary>
    public BoundingBoxPropertiesDef? BoundingBox { get; init; }
    /// <summary>Audio properties when <see cref="Kind"/> is <see cref="ContentKind.Audio"/>.</summary>
    public AudioPropertiesDef? Audio { get; init; }
    /// <summary>Range of dimensions the content spans (for example the box dimension), or null.</summary>
    public ValueRangeDef? Range { get; init; }
}

/// <summary>Image properties: color space and the default (expected) size; width/height 0 when not given.</summary>
public sealed record ImagePropertiesDef(ColorSpaceType ColorSpace, uint Width, uint Height);

/// <summary>Layout of bounding boxes: which elements hold which coordinates.</summary>
public sealed record BoundingBoxPropertiesDef(IReadOnlyList<uint> Index, byte Type, byte CoordinateType);

/// <summary>Audio properties.</summary>
public sealed record AudioPropertiesDef(uint SampleRate, uint Channels);

/// <summary>An inclusive range [Min, Max].</summary>
public sealed record ValueRangeDef(int Min, int Max);

/// <summary>Per-channel statistics of the values.</summary>
public sealed record StatsDef(IReadOnlyList<float> Min, IReadOnlyList<float> Max);

/// <summary>Normalization: value = (input - Mean[c]) / Std[c], one entry per channel or one for all.</summary>
public sealed record NormalizationDef(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);

/// <summary>Kinds of process units.</summary>
public enum ProcessUnitKind : byte
{
    /// <summary>Unknown or absent options.</summary>
    None = 0,
    /// <summary><see cref="ProcessUnitDef.Normalization"/>.</summary>
    Normalization = 1,
    /// <summary>Score calibration (<see cref="ProcessUnitDef.ScoreTransformation"/>, <see cref="ProcessUnitDef.DefaultScore"/>).</summary>
    ScoreCalibration = 2,
    /// <summary>Score thresholding (<see cref="ProcessUnitDef.ScoreThreshold"/>).</summary>
    ScoreThresholding = 3,
    /// <summary>BERT tokenizer (<see cref="ProcessUnitDef.VocabularyFiles"/>).</summary>
    BertTokenizer = 4,
    /// <summary>SentencePiece tokenizer (<see cref="ProcessUnitDef.VocabularyFiles"/>, <see cref="ProcessUnitDef.ModelFiles"/>).</summary>
    SentencePieceTokenizer = 5,
    /// <summary>Regex tokenizer (<see cref="ProcessUnitDef.DelimiterRegex"/>, <see cref="ProcessUnitDef.VocabularyFiles"/>).</summary>
    RegexTokenizer = 6,
}

/// <summary>One processing step; the fields of its <see cref="Kind"/> are set.</summary>
public sealed class ProcessUnitDef
{
    /// <summary>Which step.</summary>
    public required ProcessUnitKind Kind { get; init; }
    /// <summary>Mean and std of a normalization step.</summary>
    public NormalizationDef? Normalization { get; init; }
    /// <summary>Score transformation of a calibration step (0 identity, 1 log, 2 inverse logistic).</summary>
    public byte ScoreTransformation { get; init; }
    /// <summary>Default score of a calibration step.</summary>
    public float DefaultScore { get; init; }
    /// <summary>Global threshold of a thresholding step.</summary>
    public float ScoreThreshold { get; init; }
    /// <summary>Delimiter pattern of a regex tokenizer.</summary>
    public string DelimiterRegex { get; init; } = "";
    /// <summary>Vocabulary files of a tokenizer.</summary>
    public IReadOnlyList<AssociatedFileDef> VocabularyFiles { get; init; } = [];
    /// <summary>SentencePiece model files.</summary>
    public IReadOnlyList<AssociatedFileDef> ModelFiles { get; init; } = [];
}

/// <summary>A named group of tensors.</summary>
public sealed record TensorGroupDef(string Name, IReadOnlyList<string> TensorNames);

/// <summary>An opaque custom metadata entry.</summary>
public sealed record CustomMetadataDef(string Name, ReadOnlyMemory<byte> Data);
