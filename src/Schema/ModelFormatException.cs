namespace ManagedLite.Schema;

/// <summary>
/// Raised when a .tflite file is malformed: a bad offset, vector length, index, buffer range or shape.
/// The message names the table and field (for example <c>subgraphs[0].tensors[3].shape[1]</c>).
/// </summary>
public class ModelFormatException : Exception
{
    /// <summary>Creates the exception; the message passes through <see cref="ModelText.Message"/> (model strings are escaped).</summary>
    public ModelFormatException(string message) : base(ModelText.Message(message)) { }
    /// <summary>As <see cref="ModelFormatException(string)"/>, wrapping <paramref name="inner"/>.</summary>
    public ModelFormatException(string message, Exception inner) : base(ModelText.Message(message), inner) { }
}
