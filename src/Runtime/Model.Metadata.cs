using ManagedLite.Schema;

namespace ManagedLite;

public sealed partial class Model
{
    private readonly object _metadataLock = new();
    private bool _metadataRead;
    private ModelMetadata? _metadata;
    private AssociatedFiles? _associatedFiles;

    /// <summary>
    /// The model's TFLite metadata (the <c>TFLITE_METADATA</c> buffer), or null when it has none. Verified and read at
    /// first use; a malformed buffer raises <see cref="ModelFormatException"/> naming the field (the model itself
    /// still runs: interpreters never read metadata). Thread-safe.
    /// </summary>
    public ModelMetadata? Metadata
    {
        get
        {
            lock (_metadataLock)
            {
                if (!_metadataRead)
                {
                    ModelMetadataDef? def = MetadataReader.Read(Definition);
                    _metadata = def is null ? null : new ModelMetadata(def, this);
                    _metadataRead = true;
                }
                return _metadata;
            }
        }
    }

    /// <summary>
    /// The files zipped onto the model after its FlatBuffer (labels, vocabularies), readable by name; empty when
    /// there is no ZIP. Opened at first use; bytes after the model that are not a ZIP raise <see cref="ModelFormatException"/>.
    /// Thread-safe.
    /// </summary>
    public AssociatedFiles AssociatedFiles
    {
        get
        {
            lock (_metadataLock)
                return _associatedFiles ??= ManagedLite.AssociatedFiles.Open(Bytes, Definition.TrailingBytes, Limits);
        }
    }
}
