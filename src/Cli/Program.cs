using ManagedLite.Schema;

namespace ManagedLite.Cli;

public static class Program
{
    internal const string Usage = """
        usage: managedlite <verb> [MODEL] [options]

        verbs:
          inspect [MODEL]                 inputs, outputs, operators (counts, versions), unsupported operators, arena size
          run [MODEL] [--input FILE.npy]... [--output-dir DIR] [--seed N] [--threads N] [--reference]
                                          one invoke; writes DIR/output_0.npy, output_1.npy, ... (default DIR: .)
                                          inputs in the tensor's dtype (float64 accepted for float32 inputs)
                                          without --input, inputs are deterministic random data from --seed (default 1)
          bench [MODEL] [--runs N] [--warmup N] [--threads N] [--seed N] [--reference] [--json] [--profile]
                                          init, first-invoke, median and p90 latency, arena and managed bytes per invoke;
                                          --profile adds time per operator type (on stderr with --json)

        With no MODEL, the bundled default model (MediaPipe face_detection_short_range) is used.
        --reference runs TFLite-exact reference kernels only (slow).
        """;

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.Out.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            return args[0] switch
            {
                "inspect" => Commands.Inspect(args),
                "run" => Commands.Run(args),
                "bench" => Commands.Bench(args),
                _ => throw new CliException($"unknown verb '{args[0]}' (expected inspect, run or bench; see --help)", 2),
            };
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"managedlite: error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is ModelFormatException or UnsupportedOperatorException or OperatorException
                                   or TensorException or InvalidDataException or FileNotFoundException
                                   or DirectoryNotFoundException or IOException or UnauthorizedAccessException
                                   or NotSupportedException or KeyNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"managedlite: error: {OneLine(ex.Message)}");
            return 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"managedlite: internal error: {ex.GetType().Name}: {OneLine(ex.Message)}");
            return 70;
        }
    }

    internal static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
