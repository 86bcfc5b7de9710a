namespace ManagedLite;

/// <summary>String inputs of a signature (see <see cref="Interpreter.SetInputStrings(int, IReadOnlyList{byte[]})"/>).</summary>
public sealed partial class SignatureRunner
{
    /// <summary>Sets the string input named <paramref name="name"/> to <paramref name="values"/>, one per element of its current shape.</summary>
    public void SetInputStrings(string name, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = GetInput(name);
        _owner.Run(_executor, "SetInputStrings", _ => _owner.WriteStrings(t, values));
    }

    /// <summary>As <see cref="SetInputStrings(string, IReadOnlyList{byte[]})"/>, with the strings encoded as UTF-8.</summary>
    public void SetInputStrings(string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        SetInputStrings(name, values.Select(v => System.Text.Encoding.UTF8.GetBytes(v ?? throw new ArgumentException("a string is null", nameof(values)))).ToArray());
    }
}
