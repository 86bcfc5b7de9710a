using System.CommandLine;
using ManagedLite.Delegates.Gpu;

namespace ManagedLite.Cli;

/// <summary>
/// `--delegate gpu` and `--accelerator cuda|opencl|cpu`, shared by run, bench and inspect. The GPU delegate falls
/// back to the CPU when its accelerator cannot start (the interpreter's delegation report says why).
/// </summary>
internal sealed class DelegateOptions
{
    public Option<string?> Delegate { get; } = new("--delegate")
    {
        Description = "Run the partitions a delegate supports on it: 'gpu' (ILGPU: CUDA, then OpenCL, then its CPU accelerator); the rest stays on the CPU",
        HelpName = "gpu",
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0 && r.Tokens[^1].Value is not "gpu" and not "cpu")
                    r.AddError($"option --delegate takes 'gpu' (or 'cpu' for none), got '{r.Tokens[^1].Value}'");
            },
        },
    };

    public Option<string?> Accelerator { get; } = new("--accelerator")
    {
        Description = "With --delegate gpu: the accelerator to use (cuda, opencl or cpu; default: the first one present)",
        HelpName = "cuda|opencl|cpu",
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0 && r.Tokens[^1].Value is not ("cuda" or "opencl" or "cpu"))
                    r.AddError($"option --accelerator takes cuda, opencl or cpu, got '{r.Tokens[^1].Value}'");
            },
        },
    };

    public void AddTo(Command cmd)
    {
        cmd.Add(Delegate);
        cmd.Add(Accelerator);
    }

    /// <summary>The GPU delegate the flags ask for (the caller disposes it after the interpreter), or null.</summary>
    public GpuDelegate? Create(ParseResult r)
    {
        string? name = r.GetValue(Delegate);
        string? accel = r.GetValue(Accelerator);
        if (name is null or "cpu")
        {
            if (accel is not null) throw new CliException("--accelerator needs --delegate gpu");
            return null;
        }
        var kind = accel switch
        {
            "cuda" => GpuAccelerator.Cuda,
            "opencl" => GpuAccelerator.OpenCL,
            "cpu" => GpuAccelerator.Cpu,
            _ => GpuAccelerator.Auto,
        };
        return new GpuDelegate(new GpuDelegateOptions { Accelerator = kind });
    }

    /// <summary>One line on where the model runs, for run and bench.</summary>
    public static string Describe(Interpreter interp, GpuDelegate gpu)
    {
        var report = interp.DelegationReport;
        if (report is null) return "delegate: gpu (no partition)";
        string where = gpu.AcceleratorName ?? "none";
        return report.FallbackReason is { } why
            ? $"delegate: gpu fell back to the CPU: {Program.OneLine(why)}"
            : $"delegate: gpu on {where}: {report.DelegatedNodeCount} nodes in {report.Partitions.Count} partition(s), {report.NodesOnCpu.Count} on the CPU{(report.IsFullyDelegated ? " (fully delegated)" : "")}";
    }
}
