using System.Text;
using ManagedLite.Schema;
using ManagedLite.Serving;
using Xunit;

namespace ManagedLite.Runtime.Tests.Serving;

/// <summary>
/// Encrypted models (MLENC1, AES-256-GCM): round trip, a wrong key or any flipped byte fails authentication before
/// parsing, bounded reads, key files in raw, hex and base64 form.
/// </summary>
public sealed class ModelProtectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ml-enc-").FullName;
    private static readonly byte[] Plain = ServingModels.Binary(multiply: false);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task AnEncryptedModelRunsWithTheRightKey()
    {
        var key = ModelProtection.GenerateKey();
        var encrypted = ModelProtection.Encrypt(Plain, key);
        Assert.Equal(Plain.Length + ModelProtection.HeaderSize, encrypted.Length);
        Assert.Equal("MLENC1"u8.ToArray(), encrypted[..6]);
        Assert.True(ModelProtection.IsEncrypted(encrypted));
        Assert.False(ModelProtection.IsEncrypted(Plain));
        Assert.NotEqual(encrypted, ModelProtection.Encrypt(Plain, key)); // a fresh nonce each time
        Assert.Equal(-1, encrypted.AsSpan(ModelProtection.HeaderSize).IndexOf(Plain.AsSpan(0, 16))); // no plaintext in the file

        string path = Path.Combine(_dir, "model.mlenc");
        File.WriteAllBytes(path, encrypted);
        Assert.True(ModelProtection.IsEncryptedFile(path));
        var model = Model.FromEncryptedFile(path, key);
        Assert.Equal(Plain, ModelProtection.Decrypt(encrypted, key));
        using var pool = new InterpreterPool(model, new InterpreterPoolOptions { MaxSize = 1 });
        var r = await pool.RunAsync(new Dictionary<string, Array> { ["x"] = new float[] { 1, 2, 3, 4 }, ["y"] = new float[] { 1, 1, 1, 1 } });
        Assert.Equal(new[] { 2f, 3f, 4f, 5f }, r.Outputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void AWrongKeyFailsAuthentication()
    {
        var key = ModelProtection.GenerateKey();
        var encrypted = ModelProtection.Encrypt(Plain, key);
        var other = (byte[])key.Clone();
        other[31] ^= 1;
        var e = Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(encrypted, other));
        Assert.Contains("authentication failed: the key is wrong or the file was modified", e.Message);
        Assert.IsAssignableFrom<ModelFormatException>(e); // callers that handle bad models handle this too
        Assert.Throws<ArgumentException>(() => Model.FromEncryptedBytes(encrypted, new byte[16]));
        Assert.Throws<ArgumentException>(() => ModelProtection.Encrypt(Plain, new byte[33]));
    }

    [Fact]
    public void EveryFlippedByteFailsAuthenticationBeforeParsing()
    {
        var key = ModelProtection.GenerateKey();
        var encrypted = ModelProtection.Encrypt(Plain, key);
        for (int i = 0; i < encrypted.Length; i++)
        {
            foreach (byte flip in new byte[] { 0x01, 0x80 })
            {
                var bad = (byte[])encrypted.Clone();
                bad[i] ^= flip;
                var e = Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(bad, key));
                Assert.True(e.Message.StartsWith("encrypted model: ", StringComparison.Ordinal), $"byte {i}: {e.Message}");
            }
        }
        // Cut short, extended, empty.
        Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(encrypted.AsSpan(0, encrypted.Length - 1), key));
        Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes([.. encrypted, 0], key));
        Assert.Contains("shorter than the 36-byte MLENC1 header", Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(encrypted.AsSpan(0, 20), key)).Message);
        Assert.Contains("does not start with \"MLENC1\"", Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(new byte[100], key)).Message);
        // A plain model given as encrypted is refused, not parsed.
        Assert.Throws<ModelAuthenticationException>(() => Model.FromEncryptedBytes(Plain, key));
    }

    [Fact]
    public void ReadsAreBoundedAndLimitsApply()
    {
        var key = ModelProtection.GenerateKey();
        var small = new ModelLimits { MaxModelBytes = 64 };
        string path = Path.Combine(_dir, "big.mlenc");
        File.WriteAllBytes(path, ModelProtection.Encrypt(Plain, key));
        var e = Assert.Throws<ModelFormatException>(() => Model.FromEncryptedFile(path, key, small));
        Assert.IsNotType<ModelAuthenticationException>(e);
        Assert.Contains("MaxModelBytes", e.Message);
        if (OperatingSystem.IsLinux() && File.Exists("/dev/zero"))
            Assert.Throws<ModelFormatException>(() => Model.FromEncryptedFile("/dev/zero", key, small)); // never ends: stopped at the limit
        Assert.Throws<FileNotFoundException>(() => Model.FromEncryptedFile(Path.Combine(_dir, "missing"), key));
    }

    [Fact]
    public void KeyFilesAreRawHexOrBase64()
    {
        var key = ModelProtection.GenerateKey();
        string Write(string name, byte[] content)
        {
            string p = Path.Combine(_dir, name);
            File.WriteAllBytes(p, content);
            return p;
        }
        Assert.Equal(key, ModelProtection.ReadKeyFile(Write("raw.key", key)));
        Assert.Equal(key, ModelProtection.ReadKeyFile(Write("hex.key", Encoding.ASCII.GetBytes(ModelProtection.ToHex(key) + "\n"))));
        Assert.Equal(key, ModelProtection.ReadKeyFile(Write("HEX.key", Encoding.ASCII.GetBytes("  " + Convert.ToHexString(key) + "\r\n"))));
        Assert.Equal(key, ModelProtection.ReadKeyFile(Write("b64.key", Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"))));
        Assert.Equal(64, ModelProtection.ToHex(key).Length);

        string secret = "correct horse battery staple, not a key";
        var bad = Assert.Throws<InvalidDataException>(() => ModelProtection.ReadKeyFile(Write("bad.key", Encoding.ASCII.GetBytes(secret))));
        Assert.Contains("expected a 32-byte key", bad.Message);
        Assert.DoesNotContain("horse", bad.Message); // the content is never echoed
        Assert.Throws<InvalidDataException>(() => ModelProtection.ReadKeyFile(Write("short.key", new byte[31])));
        Assert.Throws<InvalidDataException>(() => ModelProtection.ReadKeyFile(Write("b64short.key", Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[16])))));
        Assert.Throws<InvalidDataException>(() => ModelProtection.ReadKeyFile(Write("hexbad.key", Encoding.ASCII.GetBytes(new string('g', 64)))));
        Assert.Throws<InvalidDataException>(() => ModelProtection.ReadKeyFile(Write("huge.key", new byte[10_000])));
        Assert.Throws<FileNotFoundException>(() => ModelProtection.ReadKeyFile(Path.Combine(_dir, "none.key")));
    }

    [Fact]
    public void APoolSwapsToAnEncryptedModelAndRefusesATamperedOne()
    {
        var key = ModelProtection.GenerateKey();
        using var pool = new InterpreterPool(Model.FromBytes(Plain), new InterpreterPoolOptions { MaxSize = 1 });
        var tampered = ModelProtection.Encrypt(ServingModels.Binary(true), key);
        tampered[^1] ^= 4;
        var e = Assert.Throws<ModelSwapException>(() => pool.SwapModel(() => Model.FromEncryptedBytes(tampered, key)));
        Assert.IsType<ModelAuthenticationException>(e.InnerException);
        Assert.Contains("generation 0 keeps serving: the new model cannot be read: encrypted model: authentication failed", e.Message);
        var good = ModelProtection.Encrypt(ServingModels.Binary(true), key);
        Assert.Equal(1, pool.SwapModel(() => Model.FromEncryptedBytes(good, key)));
        Assert.Equal(1, pool.FailedSwapCount);
    }
}
