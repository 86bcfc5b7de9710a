using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// TFLite metadata of a model: name, description, version, author, license, and per input/output tensor its
/// content (image size and color space), normalization, value ranges and associated files (labels,
/// vocabularies). Immutable and thread-safe. From <see cref="Model.Metadata"/>.
/// </summary>
public sealed class ModelMetadata
{
    private readonly Model _model;

    internal ModelMetadata(ModelMetadataDef definition, Model model)
    {
        Definition = definition;
        _model = model;
        SubGraphMetadataDef? main = definition.SubGraphs.Count > 0 ? definition.SubGraphs[0] : null;
        Inputs = main?.Inputs ?? [];
        Outputs = main?.Outputs ?? [];
    }

    /// <summary>Everything the metadata holds, as read from the model (all subgraphs, process units, groups).</summary>
    public ModelMetadataDef Definition { get; }
    /// <summary>Model name.</summary>
    public string Name => Definition.Name;
    /// <summary>Model description.</summary>
    public string Description => Definition.Description;
    /// <summary>Model version.</summary>
    public string Version => Definition.Version;
    /// <summary>Author.</summary>
    public string Author => Definition.Author;
    /// <summary>License.</summary>
    public string License => Definition.License;
    /// <summary>Metadata of the primary subgraph's inputs, in input order (may be shorter than the inputs).</summary>
    public IReadOnlyList<TensorMetadataDef> Inputs { get; }
    /// <summary>Metadata of the primary subgraph's outputs, in output order.</summary>
    public IReadOnlyList<TensorMetadataDef> Outputs { get; }
    /// <summary>Files the metadata declares for the whole model.</summary>
    public IReadOnlyList<AssociatedFileDef> Files => Definition.AssociatedFiles;

    /// <summary>
    /// The labels of output <paramref name="outputIndex"/>: its <see cref="AssociatedFileType.TensorAxisLabels"/> file
    /// (the first one, or the one of <paramref name="locale"/> when given), one label per line; null when it has none.
    /// </summary>
    public IReadOnlyList<string>? GetOutputLabels(int outputIndex, string? locale = null)
    {
        if ((uint)outputIndex >= (uint)Outputs.Count) return null;
        var files = Outputs[outputIndex].AssociatedFiles.Where(f => f.Type == AssociatedFileType.TensorAxisLabels).ToArray();
        AssociatedFileDef? file = (locale is null ? null : files.FirstOrDefault(f => f.Locale == locale)) ?? files.FirstOrDefault();
        return file is null ? null : _model.AssociatedFiles.ReadLines(file.Name);
    }
}
