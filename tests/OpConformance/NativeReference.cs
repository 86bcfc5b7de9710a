using System.Diagnostics;
using ManagedLite.IO;
using ManagedLite.Tests;

namespace ManagedLite.OpConformance;

/// <summary>Runs a case through native TFLite's reference kernels (../shared/native/tflite_run --kernels ref).</summary>
internal static class NativeReference
{
    public static bool Available => TestPaths.TfliteRun is not null;

    /// <summary>The outputs of <paramref name="c"/> from native TFLite, or an exception with its stderr.</summary>
    public static NpyArray[] Run(OpCase c, string kernels = "ref")
    {
        string exe = TestPaths.TfliteRun ?? throw new InvalidOperationException("../shared/native/tflite_run is absent");
        string dir = Path.Combine(Path.GetTempPath(), $"ml-opref-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string model = Path.Combine(dir, "model.tflite");
            File.WriteAllBytes(model, c.Model);
            var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(model);
            for (int i = 0; i < c.Inputs.Length; i++)
            {
                string p = Path.Combine(dir, $"input_{i}.npy");
                c.Inputs[i].Write(p);
                psi.ArgumentList.Add("--input");
                psi.ArgumentList.Add(p);
            }
            string outDir = Path.Combine(dir, "out");
            psi.ArgumentList.Add("--output-dir");
            psi.ArgumentList.Add(outDir);
            psi.ArgumentList.Add("--kernels");
            psi.ArgumentList.Add(kernels);
            if (c.Subgraph != 0)
            {
                psi.ArgumentList.Add("--subgraph");
                psi.ArgumentList.Add(c.Subgraph.ToString());
            }
            using var p2 = Process.Start(psi)!;
            var stderr = p2.StandardError.ReadToEndAsync();
            p2.StandardOutput.ReadToEnd();
            if (!p2.WaitForExit(60_000))
            {
                p2.Kill(true);
                throw new TimeoutException($"tflite_run on case {c.Name} did not finish in 60 s");
            }
            if (p2.ExitCode != 0)
                throw new InvalidOperationException($"tflite_run failed on case {c.Name} (exit {p2.ExitCode}): {stderr.Result.Trim()}");
            var outputs = new List<NpyArray>();
            for (int j = 0; File.Exists(Path.Combine(outDir, $"output_{j}.npy")); j++)
                outputs.Add(NpyArray.Read(Path.Combine(outDir, $"output_{j}.npy")));
            if (outputs.Count == 0)
                throw new InvalidOperationException($"tflite_run wrote no outputs for case {c.Name}: {stderr.Result.Trim()}");
            return outputs.ToArray();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
