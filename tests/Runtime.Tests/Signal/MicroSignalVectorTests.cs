using System.Text.Json;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.Runtime.Tests.Signal;

/// <summary>
/// TFLite Micro's golden vectors for SignalDelay, SignalFramer, SignalOverlapAdd, SignalStacker and SignalIrfft, run end
/// to end: a one-node model built with <see cref="TinyModel"/> whose custom options are Google's own FlexBuffers blobs,
/// invoked through the interpreter as the upstream *_test.cc drive their kernels (same feeding, same checks, the
/// ResetVariableTensors cases matching TFLite Micro's Reset). The vectors are data in MicroVectors/*.json, extracted by
/// scripts/port-micro-signal-vectors.py from tflite-micro's tests.
/// </summary>
public class MicroSignalVectorTests
{
    private static JsonElement Load(string op)
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Runtime.Tests", "Signal", "MicroVectors", op + ".json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static (JsonElement Test, byte[] Options) Case(JsonElement doc, string test)
    {
        var t = doc.GetProperty("tests").GetProperty(test);
        string flex = t.GetProperty("flexbuffers")[0].GetString()!;
        return (t, Convert.FromHexString(doc.GetProperty("flexbuffers").GetProperty(flex).GetString()!));
    }

    private static int[] Ints(JsonElement t, string name) => t.GetProperty("arrays").GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
    private static short[] Shorts(JsonElement t, string name) => Ints(t, name).Select(v => (short)v).ToArray();
    private static float[] Floats(JsonElement t, string name) => t.GetProperty("arrays").GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>TFLite Micro dims arrays start with the rank.</summary>
    private static int[] Dims(int[] micro) => micro[1..(micro[0] + 1)];

    private static Interpreter OneOp(string op, TensorType type, int[] inputShape, byte[] options, int outputs, TensorType outType)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", type, inputShape);
        int y = m.Tensor("y", outType, [1]);
        int[] outs = outputs == 2 ? [y, m.Tensor("valid", TensorType.Bool, [])] : [y];
        m.Custom(op, [x], outs, options).Inputs(x).Outputs(outs);
        var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        return interp;
    }

    public static TheoryData<string> DelayCases() => new(Load("delay").GetProperty("tests").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(DelayCases))]
    public void Delay(string test)
    {
        var (t, options) = Case(Load("delay"), test);
        int[] shape = Dims(Ints(t, "input_shape"));
        short[] input = Shorts(t, "input"), golden = Shorts(t, "golden");
        int size = shape.Aggregate(1, (a, b) => a * b);
        using var interp = OneOp("SignalDelay", TensorType.Int16, shape, options, 1, TensorType.Int16);
        Assert.Equal(shape, interp.Outputs[0].Shape.ToArray());
        for (int pass = 0; pass < (test.Contains("Reset") ? 2 : 1); pass++)
        {
            if (pass == 1) interp.ResetVariableTensors();
            for (int i = 0; i < input.Length / size; i++)
            {
                interp.Inputs[0].CopyFrom<short>(input.AsSpan(i * size, size));
                interp.Invoke();
                Assert.Equal(golden.AsSpan(i * size, size).ToArray(), interp.Outputs[0].ToArray<short>());
            }
        }
    }

    public static TheoryData<string> FramerCases() => new(Load("framer").GetProperty("tests").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(FramerCases))]
    public void Framer(string test)
    {
        var (t, options) = Case(Load("framer"), test);
        var map = ManagedLite.Schema.FlexBuffers.FlexBuffer.GetRootMap(options);
        int frameSize = map.GetInt32("frame_size"), frameStep = map.GetInt32("frame_step");
        bool prefill = map.GetBool("prefill");
        int[] shape = Dims(Ints(t, "input_dims_data")), outShape = Dims(Ints(t, "output_dims_data"));
        short[] golden = Shorts(t, "golden");
        int inputSize = shape[^1], outer = shape[..^1].Aggregate(1, (a, b) => a * b), frames = outShape[^2];
        int latency = frameSize - frameStep;
        using var interp = OneOp("SignalFramer", TensorType.Int16, shape, options, 2, TensorType.Int16);
        Assert.Equal(outShape, interp.Outputs[0].Shape.ToArray());
        var input = new short[outer * inputSize];
        for (int pass = 0; pass < (test.Contains("Reset") ? 2 : 1); pass++)
        {
            if (pass == 1) interp.ResetVariableTensors();
            for (int i = 0; i < golden.Length - latency; i += inputSize)
            {
                for (int o = 0; o < outer; o++) golden.AsSpan(latency + i, inputSize).CopyTo(input.AsSpan(o * inputSize));
                interp.Inputs[0].CopyFrom<short>(input);
                interp.Invoke();
                bool valid = interp.Outputs[1].ToArray<bool>()[0];
                Assert.Equal(i >= latency || prefill, valid);
                if (!valid) continue;
                var output = interp.Outputs[0].ToArray<short>();
                for (int o = 0; o < outer; o++)
                    for (int f = 0; f < frames; f++)
                        Assert.Equal(golden.AsSpan(i + f * frameStep, frameSize).ToArray(),
                                     output.AsSpan((o * frames + f) * frameSize, frameSize).ToArray());
            }
        }
    }

    public static TheoryData<string> OverlapAddCases() => new(Load("overlap_add").GetProperty("tests").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(OverlapAddCases))]
    public void OverlapAdd(string test)
    {
        var (t, options) = Case(Load("overlap_add"), test);
        int frameStep = ManagedLite.Schema.FlexBuffers.FlexBuffer.GetRootMap(options).GetInt32("frame_step");
        int[] shape = Dims(Ints(t, "input_dims_data"));
        bool isFloat = test.Contains("Float");
        int frameSize = shape[^1], frames = shape[^2], outer = shape[..^2].Aggregate(1, (a, b) => a * b);
        var type = isFloat ? TensorType.Float32 : TensorType.Int16;
        using var interp = OneOp("SignalOverlapAdd", type, shape, options, 1, type);
        Assert.Equal([.. shape[..^2], frames * frameStep], interp.Outputs[0].Shape.ToArray());
        float[] goldenIn = Floats(t, "golden_input"), goldenOut = Floats(t, "golden_output");
        int iters = goldenIn.Length / (frames * frameSize);
        for (int pass = 0; pass < (test.Contains("Reset") ? 2 : 1); pass++)
        {
            if (pass == 1) interp.ResetVariableTensors();
            for (int i = 0; i < iters; i++)
            {
                var x = new float[outer * frames * frameSize];
                for (int o = 0; o < outer; o++) goldenIn.AsSpan(i * frames * frameSize, frames * frameSize).CopyTo(x.AsSpan(o * frames * frameSize));
                if (isFloat) interp.Inputs[0].CopyFrom<float>(x);
                else interp.Inputs[0].CopyFrom<short>(x.Select(v => (short)v).ToArray());
                interp.Invoke();
                float[] y = isFloat ? interp.Outputs[0].ToArray<float>() : interp.Outputs[0].ToArray<short>().Select(v => (float)v).ToArray();
                var want = goldenOut.AsSpan(i * frames * frameStep, frames * frameStep).ToArray();
                for (int o = 0; o < outer; o++)
                {
                    var got = y.AsSpan(o * frames * frameStep, frames * frameStep).ToArray();
                    // TFLite Micro compares bytes (memcmp): exact in both types.
                    Assert.Equal(want, got);
                }
            }
        }
    }

    public static TheoryData<string> StackerCases() => new(Load("stacker").GetProperty("tests").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(StackerCases))]
    public void Stacker(string test)
    {
        var (t, options) = Case(Load("stacker"), test);
        int[] shape = Dims(Ints(t, "input_shape")), outShape = Dims(Ints(t, "output_shape"));
        short[] input = Shorts(t, "input"), golden = Shorts(t, "golden");
        using var interp = OneOp("SignalStacker", TensorType.Int16, shape, options, 2, TensorType.Int16);
        Assert.Equal(outShape, interp.Outputs[0].Shape.ToArray());
        for (int pass = 0; pass < (test.Contains("Reset") ? 2 : 1); pass++)
        {
            if (pass == 1) interp.ResetVariableTensors();
            interp.Inputs[0].CopyFrom<short>(input);
            interp.Invoke();
            Assert.True(interp.Outputs[1].ToArray<bool>()[0]);
            Assert.Equal(golden, interp.Outputs[0].ToArray<short>());
        }
    }

    public static TheoryData<string> IrfftCases() => new(Load("irfft").GetProperty("tests").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(IrfftCases))]
    public void Irfft(string test)
    {
        var doc = Load("irfft");
        var (t, options) = Case(doc, test);
        int[] shape = Dims(Ints(t, "input_shape")), outShape = Dims(Ints(t, "output_shape"));
        var data = t.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray();
        // Doubles hold every int32 and float32 value of the vectors exactly.
        double[] input, golden;
        if (data.Length == 0)
        {
            input = Doubles(t.GetProperty("arrays").GetProperty("input"));
            golden = Doubles(t.GetProperty("arrays").GetProperty("golden"));
        }
        else
        {
            input = Doubles(doc.GetProperty("data").GetProperty(data.Single(d => d.EndsWith("Input"))));
            golden = Doubles(doc.GetProperty("data").GetProperty(data.Single(d => d.EndsWith("Golden"))));
        }
        var type = test.Contains("Float") ? TensorType.Float32 : test.Contains("Int16") ? TensorType.Int16 : TensorType.Int32;
        // Google's int16 option blobs also serve its float 64-point case; the T key decides the kernel's type.
        if (type == TensorType.Float32) Assert.Equal(0, ManagedLite.Schema.FlexBuffers.FlexBuffer.GetRootMap(options).GetInt32("T"));
        using var interp = OneOp("SignalIrfft", type, shape, options, 1, type);
        Assert.Equal(outShape, interp.Outputs[0].Shape.ToArray());
        switch (type)
        {
            case TensorType.Float32:
                interp.Inputs[0].CopyFrom<float>(input.Select(v => (float)v).ToArray());
                interp.Invoke();
                var y = interp.Outputs[0].ToArray<float>();
                double tolerance = golden.Length == 64 ? 1e-7 : 1e-6; // the upstream EXPECT_NEAR tolerances
                for (int i = 0; i < golden.Length; i++) Assert.True(Math.Abs((float)golden[i] - y[i]) <= tolerance, $"sample {i}: {y[i]} vs {golden[i]}");
                break;
            case TensorType.Int16:
                interp.Inputs[0].CopyFrom<short>(input.Select(v => (short)v).ToArray());
                interp.Invoke();
                Assert.Equal(golden.Select(v => (short)v).ToArray(), interp.Outputs[0].ToArray<short>());
                break;
            default:
                interp.Inputs[0].CopyFrom<int>(input.Select(v => (int)v).ToArray());
                interp.Invoke();
                Assert.Equal(golden.Select(v => (int)v).ToArray(), interp.Outputs[0].ToArray<int>());
                break;
        }
    }
}
