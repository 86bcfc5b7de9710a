namespace ManagedLite.Schema;

/// <summary>
/// Raised when a .tflite file is malformed: a bad offset, vector length, index, buffer range or shape.
/// The message names the table and field (for example <c>subgraphs[0].tensors[3].shape[1]</c>).
/// </summary>
public class ModelFormatException : Exception
{
    public ModelFormatException(string message) : base(message) { }
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}
