using ManagedLite.Schema;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite;

/// <summary>
/// String tensors: TFLite's layout (int32 count N, N + 1 int32 byte offsets from the buffer's start, then the bytes),
/// sized when written, like TFLite's dynamic tensors. Set graph inputs with <see cref="Interpreter.SetInputStrings(int, IReadOnlyList{byte[]})"/>.
/// </summary>
public sealed partial class LiteTensor
{
    /// <summary>The elements of a string tensor in C order (one byte array each, usually UTF-8).</summary>
    public byte[][] GetStrings()
    {
        if (DataType != TensorType.String)
            throw new TensorException(Name, $"holds {TensorTypes.Name(DataType)} elements, not strings");
        if (!Ref.StringBuffer.TryRead(RawBytes, out var strings))
            throw new TensorException(Name, "is not a well-formed string tensor (bad count or offsets)");
        if (strings.Length != ElementCount)
            throw new TensorException(Name, $"holds {strings.Length} strings, its shape [{string.Join(",", _shape)}] {ElementCount}");
        return strings;
    }

    /// <summary>The elements of a string tensor decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string[] GetStringValues() => GetStrings().Select(s => System.Text.Encoding.UTF8.GetString(s)).ToArray();
}
