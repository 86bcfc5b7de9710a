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
    /// <summary>
    /// The limits the model was read with. Interpreters apply <see cref="ModelLimits.MaxTensorBytes"/> to
    /// tensors whose shapes are computed at preparation too (resized inputs, operator outputs).
    /// </summary>
    public ModelLimits Limits { get; }
    internal ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Reads and verifies a model file (at most <see cref="ModelLimits.MaxModelBytes"/> bytes).</summary>
    public static Model FromFile(string path, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"model file not found: {path}", path);
        if (info.Length > limits.MaxModelBytes)
            throw new ModelFormatException($"model file is {info.Length} bytes, over the limit of {limits.MaxModelBytes}");
        return FromBytes(File.ReadAllBytes(path), limits);
    }

    /// <summary>Reads a model from bytes. The array must not be modified afterwards (it is not copied).</summary>
    public static Model FromBytes(ReadOnlyMemory<byte> bytes, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        var def = ModelReader.Read(bytes, limits);
        return new Model(def, bytes, limits);
    }
}
