using ManagedLite.Schema;

namespace ManagedLite;

/// <summary>
/// An encrypted model (<see cref="ModelProtection"/>) failed authentication before any of it was parsed: the key is
/// wrong, a byte of the file changed (header, tag or ciphertext), the file was cut short, or it is not an encrypted
/// model at all. Nothing of its content is used.
/// </summary>
public sealed class ModelAuthenticationException : ModelFormatException
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ModelAuthenticationException(string message) : base(message) { }
    /// <summary>As <see cref="ModelAuthenticationException(string)"/>, wrapping <paramref name="inner"/>.</summary>
    public ModelAuthenticationException(string message, Exception inner) : base(message, inner) { }
}
