using System.CommandLine;
using System.Globalization;
using ManagedLite.IO;
using ManagedLite.Schema;

namespace ManagedLite.Cli;

/// <summary>`managedlite run`: one invoke on .npy inputs, an image, or seeded random inputs; writes the outputs as .npy.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var inputs = CliOptions.Inputs();
        var outputDir = new Option<string?>("--output-dir") { Description = "Folder for output_0.npy, output_1.npy, ... (default: .; with --image on a classifier, written only when given)", HelpName = "DIR" };
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var reference = CliOptions.Reference();
        var resize = CliOptions.Resize();
        var maxGmacs = CliOptions.MaxGigaMacs();
        var image = new Option<string?>("--image") { Description = "A JPEG, PNG or BMP image for the model's image input: resized, normalized per the metadata (or --mean/--std), quantized for uint8/int8 inputs", HelpName = "FILE" };
        var mean = FloatList("--mean", "Normalization mean(s) for --image: one, or one per channel (overrides the metadata)");
        var std = FloatList("--std", "Normalization std(s) for --image: one, or one per channel (overrides the metadata)");
        var keyFile = CliOptions.KeyFile();
        var top = CliOptions.Int("--top", 5, "How many labels to print for a classifier with --image", 1, int.MaxValue);
        var cmd = new Command("run", "One invoke; writes DIR/output_0.npy, output_1.npy, ... Without --input or --image, inputs are deterministic random data from --seed. With --image on a classifier (one [1, N] output with a labels file in its metadata), prints the top labels with scores.")
        {
            model, inputs, outputDir, seed, threads, reference, resize, maxGmacs, image, mean, std, top, keyFile,
        };
        var delegates = new DelegateOptions();
        delegates.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var (m, _, _) = ModelFiles.Load(r.GetValue(model), r.GetValue(keyFile));
            using var gpu = delegates.Create(r);
            var options = CliOptions.InterpreterOptions(r, threads, reference, maxGmacs);
            options.Delegate = gpu;
            using var interp = new Interpreter(m, options);
            if (gpu is not null) { interp.AllocateTensors(); Console.Error.WriteLine(DelegateOptions.Describe(interp, gpu)); }
            string[] files = r.GetValue(inputs) ?? [];
            string? imagePath = r.GetValue(image);
            string? dir = r.GetValue(outputDir);
            float[]? meanValues = r.GetValue(mean) is { Length: > 0 } mv ? mv : null, stdValues = r.GetValue(std) is { Length: > 0 } sv ? sv : null;
            if ((meanValues is null) != (stdValues is null)) throw new CliException("--mean and --std go together");
            if (meanValues is not null && imagePath is null) throw new CliException("--mean and --std need --image");
            if (imagePath is not null)
            {
                if (files.Length > 0) throw new CliException("give either --image or --input, not both");
                bool printed = RunImage(m, interp, imagePath, meanValues, stdValues, r.GetValue(top));
                if (!printed || dir is not null) WriteOutputs(interp, dir ?? ".");
                return 0;
            }
            if (files.Length > 0) ModelFiles.SetInputs(interp, files, r.GetValue(resize));
            else SeededInputs.FillInputs(interp, (uint)r.GetValue(seed));
            interp.Invoke();
            WriteOutputs(interp, dir ?? ".");
            return 0;
        });
        return cmd;
    }

    private static Option<float[]?> FloatList(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "V",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = r =>
        {
            var values = new List<float>();
            foreach (var t in r.Tokens)
                foreach (string part in t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    {
                        r.AddError($"option {name} needs numbers, got '{part}'");
                        return null;
                    }
                    values.Add(v);
                }
            return values.ToArray();
        },
    };

    private static void WriteOutputs(Interpreter interp, string dir)
    {
        Directory.CreateDirectory(dir);
        for (int i = 0; i < interp.Outputs.Count; i++)
            NpyArray.WriteTensor(interp.Outputs[i], Path.Combine(dir, $"output_{i}.npy"));
    }

    /// <summary>Runs on an image; prints the top labels and returns true when the model is a classifier with labels.</summary>
    private static bool RunImage(Model model, Interpreter interp, string path, float[]? mean, float[]? std, int top)
    {
        if (interp.Inputs.Count != 1)
            throw new CliException($"--image needs a model with one image input; this one has {interp.Inputs.Count} inputs");
        var input = interp.Inputs[0];
        ModelMetadata? md = null;
        try { md = model.Metadata; }
        catch (ModelFormatException e) { throw new CliException($"the model's metadata is unreadable: {Program.OneLine(e.Message)}"); }
        ImageNormalization? norm;
        if (mean is not null)
        {
            try { norm = new ImageNormalization(mean, std!); }
            catch (ArgumentException e) { throw new CliException(e.Message); }
        }
        else
        {
            norm = ImageNormalization.FromMetadata(md is { Inputs.Count: > 0 } ? md.Inputs[0] : null);
            if (norm is null && input.DataType == TensorType.Float32)
                throw new CliException($"input '{input.Name}' is float32 and the model has no normalization metadata: give --mean and --std (for example --mean 127.5 --std 127.5 for values in [-1, 1], or --mean 0 --std 255 for [0, 1])");
        }
        var (rgb, width, height) = ImageFile.Read(path);
        interp.AllocateTensors();
        ImageInput.Fill(input, rgb, width, height, norm);
        interp.Invoke();

        IReadOnlyList<string>? labels = null;
        if (interp.Outputs.Count == 1 && md is not null)
        {
            try { labels = md.GetOutputLabels(0); }
            catch (Exception e) when (e is ModelFormatException or KeyNotFoundException)
            {
                throw new CliException($"the labels of output 0 cannot be read: {Program.OneLine(e.Message)}");
            }
        }
        var output = interp.Outputs[0];
        bool classifier = labels is not null && (output.Rank == 1 || output.Rank == 2 && output.Dim(0) == 1);
        if (!classifier) return false;
        foreach (var c in Classification.TopK(output, labels!, top))
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Score,10:F6}  {c.Label}  (class {c.Index})"));
        return true;
    }
}
