using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.Cli;

/// <summary>Loading a model (or the bundled default) and writing .npy inputs into an interpreter.</summary>
internal static class ModelFiles
{
    public const string DefaultModelName = "face_detection_short_range.tflite";

    public static (Model Model, string Label, long Size) Load(string? path, string? keyFile = null)
    {
        if (path is null)
        {
            if (keyFile is not null) throw new CliException("--key-file needs a MODEL (the bundled model is not encrypted)");
            using var s = typeof(ModelFiles).Assembly.GetManifestResourceStream("default.tflite")
                ?? throw new CliException("the bundled default model is missing from this build");
            var bytes = new byte[s.Length];
            s.ReadExactly(bytes);
            return (Model.FromBytes(bytes), "(bundled) " + DefaultModelName, bytes.Length);
        }
        if (Directory.Exists(path)) throw new CliException($"{path} is a directory, not a model file");
        if (!File.Exists(path)) throw new CliException($"model file not found: {path}");
        bool encrypted = ModelProtection.IsEncryptedFile(path);
        if (encrypted && keyFile is null)
            throw new CliException($"{path} is an encrypted model (MLENC1): pass --key-file KEY");
        if (!encrypted && keyFile is not null)
            throw new CliException($"--key-file was given but {path} is not an encrypted model (no MLENC1 header)");
        try
        {
            var model = keyFile is null ? Model.FromFile(path) : Model.FromEncryptedFile(path, ReadKey(keyFile));
            return (model, path, new FileInfo(path).Length);
        }
        catch (ModelAuthenticationException ex)
        {
            throw new CliException($"{path}: {Program.OneLine(ex.Message)}");
        }
        catch (ModelFormatException ex)
        {
            throw new CliException($"{path}: invalid model: {Program.OneLine(ex.Message)}");
        }
    }

    /// <summary>A key file's 32 bytes (raw, 64 hex digits or base64), with errors as one CLI line.</summary>
    public static byte[] ReadKey(string keyFile)
    {
        try { return ModelProtection.ReadKeyFile(keyFile); }
        catch (FileNotFoundException) { throw new CliException($"key file not found: {keyFile}"); }
        catch (InvalidDataException ex) { throw new CliException(Program.OneLine(ex.Message)); }
    }

    /// <summary>
    /// Reads one .npy per input, resizes inputs whose shape differs (dimensions that are -1 in the shape signature
    /// always; fixed ones only with <paramref name="allowResize"/>), allocates, and copies the data in.
    /// </summary>
    public static void SetInputs(Interpreter interp, IReadOnlyList<string> files, bool allowResize)
    {
        if (files.Count != interp.Inputs.Count)
            throw new CliException($"the model has {interp.Inputs.Count} input(s) ({string.Join(", ", interp.Inputs.Select(t => $"'{t.Name}'"))}), got {files.Count} --input file(s)");
        var arrays = new NpyArray[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var arr = arrays[i] = NpyArray.Read(files[i]);
            var t = interp.Inputs[i];
            if (arr.Type == TensorType.Float64 && t.DataType == TensorType.Float32)
                arr = arrays[i] = ToFloat32(arr); // NumPy's default dtype: rounded to the model's float32
            if (arr.Type != t.DataType)
                throw new CliException($"input {i} '{t.Name}' ({files[i]}): expected {TensorTypes.Name(t.DataType)}, got {TensorTypes.Name(arr.Type)}");
            if (t.Shape.SequenceEqual(arr.Shape)) continue;
            string expected = $"input {i} '{t.Name}' ({files[i]}): expected shape [{string.Join(",", t.Shape.ToArray())}], got [{string.Join(",", arr.Shape)}]";
            if (!allowResize && !SignatureAllows(t.ShapeSignature, arr.Shape))
                throw new CliException($"{expected}; the shape signature [{string.Join(",", t.ShapeSignature.ToArray())}] fixes it: pass --resize to resize the input");
            try { interp.ResizeInputTensor(i, arr.Shape); }
            catch (TensorException ex)
            {
                throw new CliException($"{expected} ({ex.Message})");
            }
        }
        interp.AllocateTensors();
        for (int i = 0; i < files.Count; i++)
        {
            if (arrays[i].Type == TensorType.String) interp.SetInputStrings(i, arrays[i].Strings);
            else arrays[i].Data.CopyTo(interp.Inputs[i].WritableBytes);
        }
    }

    /// <summary>True when <paramref name="shape"/> differs from the signature only where it has -1.</summary>
    private static bool SignatureAllows(ReadOnlySpan<int> signature, int[] shape)
    {
        if (signature.Length != shape.Length) return false;
        for (int d = 0; d < shape.Length; d++)
            if (signature[d] != -1 && signature[d] != shape[d]) return false;
        return true;
    }

    private static NpyArray ToFloat32(NpyArray a)
    {
        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(a.Data);
        var data = new byte[src.Length * sizeof(float)];
        var dst = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan());
        for (int i = 0; i < src.Length; i++) dst[i] = (float)src[i];
        return new NpyArray(TensorType.Float32, a.Shape, data);
    }
}
