using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ManagedLite.Cli;

/// <summary>
/// The options verbs share. Each verb adds the ones it takes; a new verb (or a flag such as --delegate) is a new
/// definition here and a file under Commands/.
/// </summary>
internal static class CliOptions
{
    public static Argument<string?> Model() => new("MODEL")
    {
        Description = "The .tflite model (default: the bundled MediaPipe face_detection_short_range)",
        Arity = ArgumentArity.ZeroOrOne,
        Validators =
        {
            // An option the verb does not take would otherwise be read as the model's path.
            r =>
            {
                if (r.Tokens.Count > 0 && r.Tokens[0].Value is { Length: > 1 } v && v[0] == '-')
                    r.AddError($"unknown option {v.Split('=')[0]} (see --help)");
            },
        },
    };

    public static Option<bool> Reference() => new("--reference")
    {
        Description = "Run TFLite-exact reference kernels only (slow)",
    };

    public static Option<int> Threads() => Int("--threads", 1, "Worker threads for kernels that parallelize", 1, MaxThreads);

    /// <summary>4 x the processor count: more threads than that only add contention.</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    public static Option<int> Seed() => Int("--seed", 1, "Seed of the deterministic random inputs used without --input", 0, int.MaxValue);

    public static Option<string[]> Inputs() => new("--input")
    {
        Description = "A NumPy .npy file per model input, in order (in the tensor's dtype; float64 is accepted for float32 inputs)",
        HelpName = "FILE.npy",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Resize() => new("--resize")
    {
        Description = "Resize inputs whose fixed shape differs from the .npy file's (a -1 in the shape signature resizes without it)",
    };

    /// <summary>
    /// The CLI's compute budget when --max-gmacs is not given: a file from anywhere must not hold the shell for minutes
    /// (100 x 1e9 multiply-adds is a few seconds of optimized kernels; the largest MediaPipe model needs under 1).
    /// </summary>
    public const double DefaultMaxGigaMacs = 100;

    /// <summary>InterpreterOptions.MaxMacsPerInvoke from --max-gmacs (default <see cref="DefaultMaxGigaMacs"/>; 0 = no limit).</summary>
    public static long MaxMacs(double? gigaMacs)
    {
        double g = gigaMacs ?? DefaultMaxGigaMacs;
        return g <= 0 ? long.MaxValue : (long)Math.Min(g * 1e9, long.MaxValue);
    }

    public static Option<double?> MaxGigaMacs() => new("--max-gmacs")
    {
        Description = "Refuse models needing more than N x 1e9 multiply-adds per invoke (InterpreterOptions.MaxMacsPerInvoke; default 100, 0 = no limit)",
        HelpName = "N",
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0 && !(r.GetValueOrDefault<double?>() is double d && d >= 0 && double.IsFinite(d)))
                    r.AddError($"option --max-gmacs needs a number >= 0 (0 = no limit), got '{r.Tokens[^1].Value}'");
            },
        },
    };

    /// <summary>An int option with a default and an inclusive range, whose error is one line naming the option.</summary>
    public static Option<int> Int(string name, int defaultValue, string description, int min, int max)
    {
        var o = new Option<int>(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                {
                    r.AddError(max == int.MaxValue
                        ? $"option {name} needs an integer >= {min}, got '{text}'"
                        : $"option {name} needs an integer from {min} to {max}, got '{text}'");
                    return defaultValue;
                }
                return n;
            },
        };
        return o;
    }

    /// <summary>Interpreter options from the shared flags of <paramref name="r"/>.</summary>
    public static InterpreterOptions InterpreterOptions(ParseResult r, Option<int> threads, Option<bool> reference, Option<double?> maxGmacs, bool profile = false)
    {
        var options = new InterpreterOptions
        {
            Threads = r.GetValue(threads),
            UseReferenceKernels = r.GetValue(reference),
            EnableProfiling = profile,
        };
        options.MaxMacsPerInvoke = MaxMacs(r.GetValue(maxGmacs));
        return options;
    }
}
