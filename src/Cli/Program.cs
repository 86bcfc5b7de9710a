using System.CommandLine;
using ManagedLite.Schema;

namespace ManagedLite.Cli;

/// <summary>The `managedlite` command: verbs in Commands/, shared options in <see cref="CliOptions"/>.</summary>
public static class Program
{
    private static readonly string[] Verbs = ["inspect", "run", "bench"];

    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("managedlite: inspect, run and benchmark TensorFlow Lite (LiteRT) models with ManagedLite, a pure-managed interpreter. With no MODEL, the bundled MediaPipe face_detection_short_range is used.")
        {
            InspectCommand.Create(),
            RunCommand.Create(),
            BenchCommand.Create(),
        };
        return root;
    }

    public static int Main(string[] args)
    {
        try
        {
            var root = CreateRoot();
            if (args.Length == 0 || args is ["help"])
            {
                root.Parse(["--help"]).Invoke();
                return args.Length == 0 ? 2 : 0;
            }
            if (!args[0].StartsWith('-') && !Verbs.Contains(args[0]))
                throw new CliException($"unknown verb '{args[0]}' (expected inspect, run or bench; see --help)", 2);
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
                throw new CliException(OneLine(parsed.Errors[0].Message), 2);
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"managedlite: error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (ResourceLimitException ex) when (ex.LimitName == nameof(InterpreterOptions.MaxMacsPerInvoke))
        {
            Console.Error.WriteLine($"managedlite: error: {OneLine(ex.Message)} (raise it with --max-gmacs N, 0 = no limit)");
            return 1;
        }
        catch (Exception ex) when (ex is ModelFormatException or UnsupportedOperatorException or OperatorException
                                   or TensorException or InvalidDataException or FileNotFoundException
                                   or DirectoryNotFoundException or IOException or UnauthorizedAccessException
                                   or NotSupportedException or KeyNotFoundException or InvalidOperationException
                                   or ArgumentException)
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
