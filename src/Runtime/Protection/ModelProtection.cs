using System.Security.Cryptography;

namespace ManagedLite;

/// <summary>
/// Encrypted models: AES-256-GCM (System.Security.Cryptography) over the whole .tflite file. File layout, all
/// authenticated:
/// <code>
/// offset  size  field
///      0     6  magic "MLENC1" (ASCII)
///      6     1  format version (1)
///      7     1  reserved (0)
///      8    12  nonce (random per encryption)
///     20    16  GCM tag
///     36     n  ciphertext (n = length of the model)
/// </code>
/// Bytes 0..19 (magic, version, reserved, nonce) are the additional authenticated data: a change anywhere, or a wrong
/// key, fails with <see cref="ModelAuthenticationException"/> before the model is parsed. Keys are 32 bytes
/// (<see cref="GenerateKey"/>, <see cref="ReadKeyFile"/>). The key must be in the process to decrypt: this protects
/// the file at rest and in transit, not the model from whoever can read the process's memory.
/// </summary>
public static class ModelProtection
{
    /// <summary>The magic bytes at the start of an encrypted model: "MLENC1".</summary>
    public static ReadOnlySpan<byte> Magic => "MLENC1"u8;
    /// <summary>The format version written by <see cref="Encrypt"/>.</summary>
    public const byte FormatVersion = 1;
    /// <summary>Key size: 32 bytes (AES-256).</summary>
    public const int KeySize = 32;
    /// <summary>Nonce size: 12 bytes.</summary>
    public const int NonceSize = 12;
    /// <summary>GCM tag size: 16 bytes.</summary>
    public const int TagSize = 16;
    /// <summary>Bytes before the ciphertext: magic, version, reserved byte, nonce, tag (36).</summary>
    public const int HeaderSize = 8 + NonceSize + TagSize;
    private const int AadSize = 8 + NonceSize;

    /// <summary>True when <paramref name="bytes"/> start with the magic of an encrypted model (the content is not checked).</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>True when the file at <paramref name="path"/> starts with the magic of an encrypted model.</summary>
    public static bool IsEncryptedFile(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> head = stackalloc byte[6];
        int n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return IsEncrypted(head[..n]);
    }

    /// <summary>A new random 32-byte key (from the operating system's cryptographic generator).</summary>
    public static byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Encrypts <paramref name="model"/> (any bytes; normally a .tflite file) with <paramref name="key"/> (32 bytes) and a fresh random nonce.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> model, ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        CheckSupported();
        var output = new byte[checked(HeaderSize + model.Length)];
        Magic.CopyTo(output);
        output[6] = FormatVersion;
        output[7] = 0;
        RandomNumberGenerator.Fill(output.AsSpan(8, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(8, NonceSize), model, output.AsSpan(HeaderSize), output.AsSpan(AadSize, TagSize), output.AsSpan(0, AadSize));
        return output;
    }

    /// <summary>
    /// Authenticates and decrypts an encrypted model, returning the model's bytes. Any change to the file or a wrong
    /// key throws <see cref="ModelAuthenticationException"/>; nothing is returned then.
    /// </summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> encrypted, ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        if (encrypted.Length < HeaderSize)
            throw new ModelAuthenticationException($"encrypted model: {encrypted.Length} bytes is shorter than the {HeaderSize}-byte MLENC1 header (the file is cut short or not an encrypted model)");
        if (!IsEncrypted(encrypted))
            throw new ModelAuthenticationException("encrypted model: the file does not start with \"MLENC1\" (not a ManagedLite encrypted model, or its header was modified)");
        if (encrypted[6] != FormatVersion)
            throw new ModelAuthenticationException($"encrypted model: format version {encrypted[6]}, expected {FormatVersion} (a newer format, or the header was modified)");
        if (encrypted[7] != 0)
            throw new ModelAuthenticationException($"encrypted model: reserved header byte is {encrypted[7]}, expected 0 (the header was modified)");
        CheckSupported();
        var plain = new byte[encrypted.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(encrypted.Slice(8, NonceSize), encrypted[HeaderSize..], encrypted.Slice(AadSize, TagSize), plain, encrypted[..AadSize]);
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new ModelAuthenticationException("encrypted model: authentication failed: the key is wrong or the file was modified (AES-256-GCM tag mismatch); nothing was parsed", e);
        }
        return plain;
    }

    /// <summary>
    /// Reads a key file: exactly 32 bytes are the raw key; anything else is text (surrounding whitespace ignored)
    /// holding 64 hexadecimal digits or the base64 of 32 bytes. Other contents throw <see cref="InvalidDataException"/>
    /// (the message never shows the file's content).
    /// </summary>
    public static byte[] ReadKeyFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"key file not found: {path}", path);
        var bytes = BoundedFile.ReadAll(path, 4096, "key file", model: false);
        try
        {
            return ParseKey(bytes);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"key file {path}: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// A key from its stored form (<see cref="ReadKeyFile"/>'s rules: 32 raw bytes, 64 hex digits, or base64 of 32
    /// bytes); <see cref="FormatException"/> otherwise.
    /// </summary>
    public static byte[] ParseKey(ReadOnlySpan<byte> stored)
    {
        if (stored.Length == KeySize) return stored.ToArray();
        var text = stored.Trim(" \t\r\n"u8);
        if (text.Length == 2 * KeySize && IsHex(text))
        {
            var key = new byte[KeySize];
            for (int i = 0; i < KeySize; i++) key[i] = (byte)(Hex(text[2 * i]) << 4 | Hex(text[2 * i + 1]));
            return key;
        }
        if (text.Length is > 0 and <= 64)
        {
            Span<byte> decoded = stackalloc byte[48];
            var status = System.Buffers.Text.Base64.DecodeFromUtf8(text, decoded, out int consumed, out int written);
            if (status == System.Buffers.OperationStatus.Done && consumed == text.Length && written == KeySize)
                return decoded[..KeySize].ToArray();
        }
        throw new FormatException($"expected a 32-byte key: 32 raw bytes, 64 hexadecimal digits, or base64 of 32 bytes; got {stored.Length} bytes that are none of these");
    }

    /// <summary>The key as 64 lowercase hexadecimal digits (the form <c>managedlite encrypt --generate-key</c> writes).</summary>
    public static string ToHex(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return Convert.ToHexStringLower(key);
    }

    private static bool IsHex(ReadOnlySpan<byte> s)
    {
        foreach (byte c in s)
            if (Hex(c) < 0) return false;
        return true;
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"an AES-256 key is {KeySize} bytes, got {key.Length}", nameof(key));
    }

    private static void CheckSupported()
    {
        if (!AesGcm.IsSupported)
            throw new PlatformNotSupportedException("AES-GCM is not available on this platform (System.Security.Cryptography.AesGcm.IsSupported is false)");
    }

}
