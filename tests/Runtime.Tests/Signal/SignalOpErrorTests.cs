using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// Signal ops reject bad custom options cleanly: the audio_preprocessor model with its SignalWindow options
/// patched in place (same length, so the FlatBuffer stays valid) must fail in AllocateTensors with an
/// OperatorException naming the node, never with an out-of-range read.
/// </summary>
public class SignalOpErrorTests
{
    // SignalWindow options {"shift": 12} as stored in the model.
    private static readonly byte[] WindowOptions = Convert.FromHexString("73686966740001070101010C04022401");

    private static byte[]? ModelWithPatchedWindowOptions(int offset, byte value)
    {
        string? root = AudioPreprocessorTests.ConformanceRoot();
        if (root is null) return null;
        var bytes = File.ReadAllBytes(Path.Combine(root, "models", "audio_preprocessor_float.tflite"));
        int at = bytes.AsSpan().IndexOf(WindowOptions);
        Assert.True(at >= 0, "SignalWindow options not found in the model");
        bytes[at + offset] = value;
        return bytes;
    }

    private static OperatorException AllocateFails(byte[] model)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        return Assert.Throws<OperatorException>(() => interp.AllocateTensors());
    }

    [SkippableFact]
    public void MalformedOptionsRaiseModelFormatErrorForTheNode()
    {
        var model = ModelWithPatchedWindowOptions(WindowOptions.Length - 1, 3); // root byte width 3
        Skip.If(model is null, "../shared/conformance is absent");
        var ex = AllocateFails(model!);
        Assert.Equal("SignalWindow", ex.OperatorName);
        Assert.Equal(0, ex.NodeIndex);
        Assert.IsType<ModelFormatException>(ex.InnerException);
    }

    [SkippableFact]
    public void OutOfRangeShiftIsRejected()
    {
        var model = ModelWithPatchedWindowOptions(11, 40); // shift 40
        Skip.If(model is null, "../shared/conformance is absent");
        var ex = AllocateFails(model!);
        Assert.Contains("shift", ex.Message);
    }

    [SkippableFact]
    public void MissingOptionNamesIt()
    {
        var model = ModelWithPatchedWindowOptions(0, (byte)'t'); // key "shift" becomes "thift"
        Skip.If(model is null, "../shared/conformance is absent");
        var ex = AllocateFails(model!);
        Assert.Contains("shift", ex.ToString());
    }

    [SkippableFact]
    public void SignalOpsAreRegistered()
    {
        string? root = AudioPreprocessorTests.ConformanceRoot();
        Skip.If(root is null, "../shared/conformance is absent");
        foreach (string name in new[] { "audio_preprocessor_float", "audio_preprocessor_int8" })
        {
            var unsupported = Interpreter.FindUnsupportedOperators(Model.FromFile(Path.Combine(root!, "models", name + ".tflite")));
            Assert.DoesNotContain(unsupported, u => u.IsCustom);
        }
    }
}
