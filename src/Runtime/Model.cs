using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// A loaded, verified model. Immutable: one instance can back many interpreters on many threads.
/// Constant tensors are read from the model bytes without copying.
/// </summary>
public sealed partial class Model
{
    private Model(ModelDef def, ReadOnlyMemory<byte> bytes, ModelLimits limits)
    {
        Definition = def;
        Bytes = bytes;
        Limits = limits;
    }

    /// <summary>The parsed model: operator codes, subgraphs, tensors, buffers, metadata entries and signatures.</summary>
    public ModelDef Definition { get; }

    /// <summary>Constant work shared by every interpreter of this model (folded constants, packed weights).</summary>
    internal Weights.WeightCache Weights { get; } = new();

    /// <summary>Bytes of constant work cached on this model and shared by its interpreters (folded constants, packed weights).</summary>
    public long SharedBytes => Weights.Bytes;
    /// <summary>
    /// The limits the model was read with. Interpreters apply <see cref="ModelLimits.MaxTensorBytes"/> to
    /// tensors whose shapes are computed at preparation too (resized inputs, operator outputs).
    /// </summary>
    public ModelLimits Limits { get; }
    internal ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>
    /// Reads a model file into a private copy and verifies it. At most <see cref="ModelLimits.MaxModelBytes"/> + 1 bytes
    /// are read whatever the file system reports (character devices such as /dev/zero, pipes, files that grow).
    /// </summary>
    public static Model FromFile(string path, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        var bytes = BoundedFile.ReadAll(path, limits.MaxModelBytes, "model file");
        return FromBytes(bytes, limits);
    }

    /// <summary>Reads a model from bytes. The array must not be modified afterwards (it is not copied).</summary>
    public static Model FromBytes(ReadOnlyMemory<byte> bytes, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        var def = ModelReader.Read(bytes, limits);
        Graph.DataFlowCheck.Run(def);
        return new Model(def, bytes, limits);
    }
}
