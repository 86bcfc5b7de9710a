using ManagedLite.Delegates.Gpu;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>Runs a model on the CPU reference kernels and through the GPU delegate, and compares.</summary>
internal static class Harness
{
    /// <summary>Outputs of the model on the TFLite-exact reference kernels (no fusion).</summary>
    public static float[][] RunReference(byte[] model, float[][] inputs)
    {
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false });
        return Run(interp, inputs);
    }

    /// <summary>Outputs through the delegate; asserts that every node ran on it unless <paramref name="expectFull"/> is false.</summary>
    public static float[][] RunGpu(byte[] model, float[][] inputs, GpuDelegate gpu, bool expectFull = true, InterpreterOptions? options = null)
    {
        options ??= new InterpreterOptions();
        options.Delegate = gpu;
        options.AllowDelegateFallback = false;
        using var interp = new Interpreter(Model.FromBytes(model), options);
        var report = interp.DelegationReport!;
        if (expectFull) Assert.True(report.IsFullyDelegated, "not fully delegated:\n" + report);
        return Run(interp, inputs);
    }

    public static float[][] Run(Interpreter interp, float[][] inputs)
    {
        interp.AllocateTensors();
        for (int i = 0; i < inputs.Length; i++) interp.Inputs[i].CopyFrom<float>(inputs[i]);
        interp.Invoke();
        return interp.Outputs.Select(o => o.GetData<float>().ToArray()).ToArray();
    }

    /// <summary>max |got - want| / max(1, max |want|).</summary>
    public static double RelativeError(float[] got, float[] want)
    {
        Assert.Equal(want.Length, got.Length);
        double maxRef = 0, maxDiff = 0;
        foreach (float w in want) maxRef = Math.Max(maxRef, Math.Abs((double)w));
        for (int i = 0; i < want.Length; i++)
        {
            double d = Math.Abs((double)got[i] - want[i]);
            if (double.IsNaN(d)) d = float.IsNaN(got[i]) && float.IsNaN(want[i]) ? 0 : double.PositiveInfinity;
            maxDiff = Math.Max(maxDiff, d);
        }
        return maxDiff / Math.Max(1.0, maxRef);
    }

    /// <summary>Runs both and asserts every output within <paramref name="tolerance"/> of the reference (relative to its scale).</summary>
    public static void AssertMatchesReference(byte[] model, float[][] inputs, GpuDelegate gpu, double tolerance = 2e-5, string what = "")
    {
        var want = RunReference(model, inputs);
        var got = RunGpu(model, inputs, gpu);
        Assert.Equal(want.Length, got.Length);
        for (int j = 0; j < want.Length; j++)
        {
            double err = RelativeError(got[j], want[j]);
            Assert.True(err <= tolerance, $"{what} output {j}: relative error {err:E3} > {tolerance:E1}");
        }
    }

    public static float[] Random(Random rng, long count, float scale = 1f)
    {
        var a = new float[count];
        for (long i = 0; i < count; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    public static long Count(int[] shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    public static byte[] Bytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
