namespace ManagedLite.Cli;

/// <summary>A usage or input error reported as one line on stderr.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 1) : base(message) => ExitCode = exitCode;
    public int ExitCode { get; }
}
