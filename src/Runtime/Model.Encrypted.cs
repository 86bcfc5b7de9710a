using ManagedLite.Schema;

namespace ManagedLite;

public sealed partial class Model
{
    /// <summary>
    /// Reads a model encrypted with <see cref="ModelProtection.Encrypt"/> (MLENC1, AES-256-GCM), authenticates and
    /// decrypts it with <paramref name="key"/> (32 bytes), then verifies it as <see cref="FromBytes"/> does. A wrong key
    /// or any modified byte throws <see cref="ModelAuthenticationException"/> before anything is parsed. At most
    /// <see cref="ModelLimits.MaxModelBytes"/> + the 36-byte header are read, whatever the file system reports. The
    /// decrypted model lives in this process's memory (see the README's threat model).
    /// </summary>
    public static Model FromEncryptedFile(string path, ReadOnlySpan<byte> key, ModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits ??= ModelLimits.Default;
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        long max = limits.MaxModelBytes > long.MaxValue - ModelProtection.HeaderSize ? long.MaxValue : limits.MaxModelBytes + ModelProtection.HeaderSize;
        var bytes = BoundedFile.ReadAll(path, max, "encrypted model file");
        return FromEncryptedBytes(bytes, key, limits);
    }

    /// <summary>As <see cref="FromEncryptedFile"/> from the encrypted bytes (which are not kept).</summary>
    public static Model FromEncryptedBytes(ReadOnlySpan<byte> encrypted, ReadOnlySpan<byte> key, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        if (encrypted.Length - ModelProtection.HeaderSize > limits.MaxModelBytes)
            throw new ModelFormatException($"encrypted model: {encrypted.Length - ModelProtection.HeaderSize} bytes of model exceed ModelLimits.MaxModelBytes ({limits.MaxModelBytes})");
        return FromBytes(ModelProtection.Decrypt(encrypted, key), limits);
    }
}
