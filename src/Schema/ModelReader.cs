namespace ManagedLite.Schema;

/// <summary>Verifies and parses a .tflite FlatBuffer into <see cref="ModelDef"/>.</summary>
public static class ModelReader
{
    // SKELETON: implemented by the schema work.
    public static ModelDef Read(ReadOnlyMemory<byte> bytes, ModelLimits? limits = null)
        => throw new NotImplementedException("ModelReader.Read");
}
