using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Ops;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;
using Xunit.Abstractions;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// The audio_preprocessor models of ../shared/conformance (TFLite Micro signal ops) against TFLite Micro's
/// reference outputs. The CAST kernel of the runtime does not yet convert uint32 (the models cast the
/// energies uint32 -> int32 -> uint32), so these tests put a test-only CAST in front of the builtin one; the
/// signal ops and every other op are the runtime's own. Exact match is required for both models (the signal ops
/// are integer; the float model only casts and scales their int16 result).
/// </summary>
public class AudioPreprocessorTests
{
    private readonly ITestOutputHelper _out;

    public AudioPreprocessorTests(ITestOutputHelper output) => _out = output;

    /// <summary>../shared/conformance, or $MANAGEDLITE_CONFORMANCE when set (for worktrees without the sibling folder).</summary>
    internal static string? ConformanceRoot()
    {
        return TestPaths.Conformance;
    }

    internal static Interpreter CreateInterpreter(string modelPath, bool preserve = false, bool reference = false)
    {
        var options = new InterpreterOptions { PreserveAllTensors = preserve, UseReferenceKernels = reference };
        return new Interpreter(Model.FromFile(modelPath), options);
    }

    [SkippableTheory]
    [InlineData("audio_preprocessor_float", false)]
    [InlineData("audio_preprocessor_int8", false)]
    [InlineData("audio_preprocessor_float", true)]
    [InlineData("audio_preprocessor_int8", true)]
    public void MatchesTfliteMicro(string name, bool reference)
    {
        string? root = ConformanceRoot();
        Skip.If(root is null, "../shared/conformance is absent");
        string dir = Path.Combine(root!, "references", name);
        var input = NpyArray.Read(Path.Combine(dir, "input_0.npy"));
        var want = NpyArray.Read(Path.Combine(dir, "output_0.npy"));
        using var interp = CreateInterpreter(Path.Combine(root!, "models", name + ".tflite"), reference: reference);
        interp.AllocateTensors();
        input.Data.CopyTo(interp.Inputs[0].WritableBytes);
        interp.Invoke();
        var got = NpyArray.FromTensor(interp.Outputs[0]);
        Assert.Equal(want.Type, got.Type);
        Assert.Equal(want.Shape, got.Shape);
        int diffs = 0;
        for (int i = 0; i < want.Data.Length; i++) if (want.Data[i] != got.Data[i]) diffs++;
        _out.WriteLine($"{name}: {diffs} differing bytes of {want.Data.Length}");
        Assert.Equal(want.Data, got.Data);
    }

    [SkippableFact]
    public void NoiseEstimateCarriesAcrossInvokes()
    {
        string? root = ConformanceRoot();
        Skip.If(root is null, "../shared/conformance is absent");
        string model = Path.Combine(root!, "models", "audio_preprocessor_int8.tflite");
        var input = NpyArray.Read(Path.Combine(root!, "references", "audio_preprocessor_int8", "input_0.npy"));
        using var interp = CreateInterpreter(model);
        interp.AllocateTensors();
        input.Data.CopyTo(interp.Inputs[0].WritableBytes);
        interp.Invoke();
        var first = interp.Outputs[0].RawBytes.ToArray();
        interp.Invoke();
        var second = interp.Outputs[0].RawBytes.ToArray();
        // Same frame twice: the second sees a larger noise estimate, so spectral subtraction removes more.
        Assert.NotEqual(first, second);

        using var fresh = CreateInterpreter(model);
        fresh.AllocateTensors();
        input.Data.CopyTo(fresh.Inputs[0].WritableBytes);
        fresh.Invoke();
        Assert.Equal(first, fresh.Outputs[0].RawBytes.ToArray());
    }
}
