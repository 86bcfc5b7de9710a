using System.CommandLine;

namespace ManagedLite.Cli;

/// <summary>`managedlite encrypt`: a .tflite model to an MLENC1 file (AES-256-GCM) with a key file, optionally generated.</summary>
internal static class EncryptCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The .tflite model to encrypt" };
        var keyFile = CliOptions.KeyFile();
        keyFile.Required = true;
        var output = new Option<string>("--output", "-o") { Description = "The encrypted model to write", HelpName = "OUT", Required = true };
        var generate = new Option<bool>("--generate-key") { Description = "Create --key-file with a new random key (64 hex digits; the file must not exist; mode 600 on Unix)" };
        var cmd = new Command("encrypt", "Encrypts a model with AES-256-GCM (MLENC1 format) for run/inspect/bench/loadtest --key-file and Model.FromEncryptedFile. The model is verified first; the output is decrypted again to check it.")
        {
            model, keyFile, output, generate,
        };
        cmd.SetAction(r => Run(r.GetValue(model)!, r.GetValue(keyFile)!, r.GetValue(output)!, r.GetValue(generate)));
        return cmd;
    }

    private static int Run(string path, string keyPath, string outPath, bool generate)
    {
        if (!File.Exists(path)) throw new CliException($"model file not found: {path}");
        if (Path.GetFullPath(path) == Path.GetFullPath(outPath)) throw new CliException("-o must differ from MODEL");
        var bytes = File.ReadAllBytes(path);
        if (ModelProtection.IsEncrypted(bytes)) throw new CliException($"{path} is encrypted already (MLENC1)");
        try { _ = Model.FromBytes(bytes); }
        catch (Schema.ModelFormatException ex) { throw new CliException($"{path}: invalid model: {Program.OneLine(ex.Message)}"); }
        byte[] key;
        if (generate)
        {
            if (File.Exists(keyPath)) throw new CliException($"--generate-key: {keyPath} exists already; it is not overwritten");
            key = ModelProtection.GenerateKey();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var f = new StreamWriter(keyPath, System.Text.Encoding.ASCII, options)) f.Write(ModelProtection.ToHex(key) + "\n");
        }
        else key = ModelFiles.ReadKey(keyPath);
        var encrypted = ModelProtection.Encrypt(bytes, key);
        if (!ModelProtection.Decrypt(encrypted, key).AsSpan().SequenceEqual(bytes)) throw new CliException("the encrypted model did not decrypt to the original (internal error)");
        File.WriteAllBytes(outPath, encrypted);
        Console.Out.WriteLine($"encrypted {path} ({bytes.Length} bytes) -> {outPath} ({encrypted.Length} bytes, MLENC1 AES-256-GCM){(generate ? $"; new key in {keyPath}" : "")}");
        return 0;
    }
}
