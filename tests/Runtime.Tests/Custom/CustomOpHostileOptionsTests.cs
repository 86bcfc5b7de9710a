using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Custom;

/// <summary>
/// The TFLite Micro streaming signal ops and MediaPipe's geometry ops on random hostile models: random option values
/// (negative, zero, huge, missing), random ranks, dimensions and element types, random (including non-finite) inputs.
/// Each model either runs or fails with one of the project's exceptions; never an IndexOutOfRange, a NullReference or
/// a crash.
/// </summary>
public class CustomOpHostileOptionsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Keys =
    [
        "delay_length", "frame_size", "frame_step", "prefill", "T", "fft_length", "num_channels", "stacker_left_context",
        "stacker_right_context", "stacker_step", "subset_idxs", "left_rotation_idx", "right_rotation_idx", "output_height",
        "output_width", "scale_x", "scale_y", "target_rotation_radians", "scale", "dimensions", "mode", "output_size",
        "subset", "landmarks_range", "bbox_size_multiplier", "input_hw", "output_hw",
    ];

    private static long Value(Random rng) => rng.Next(8) switch
    {
        0 => -rng.Next(1, 5),
        1 => 0,
        2 => 1L << rng.Next(20, 40),
        3 => (long)TensorType.Int16,
        _ => rng.Next(1, 9),
    };

    private static byte[]? Options(Random rng)
    {
        if (rng.Next(10) == 0) return null;
        var w = new FlexMapWriter();
        foreach (var k in Keys)
        {
            if (rng.Next(4) == 0) continue;
            switch (rng.Next(6))
            {
                case 0: w.Float(k, rng.Next(3) == 0 ? double.NaN : rng.NextDouble() * 4 - 1); break;
                case 1: w.Ints(k, Enumerable.Range(0, rng.Next(0, 6)).Select(_ => Value(rng)).ToArray()); break;
                case 2: w.Bool(k, rng.Next(2) == 0); break;
                case 3: w.String(k, rng.Next(2) == 0 ? "bilinear" : "cubic"); break;
                default: w.Int(k, Value(rng)); break;
            }
        }
        return w.Build();
    }

    private static int[] Shape(Random rng) => Enumerable.Range(0, rng.Next(0, 5)).Select(_ => rng.Next(0, 7)).ToArray();

    private static readonly TensorType[] Types = [TensorType.Int16, TensorType.Float32, TensorType.Int32, TensorType.Bool];

    /// <summary>A valid configuration of <paramref name="op"/>: options, input shapes and types, output shapes, version.</summary>
    private static (Dictionary<string, object> Options, int[][] Inputs, TensorType Type, int[][] Outputs, int Version) Baseline(string op, Random rng)
    {
        int r = rng.Next(1, 4);
        switch (op)
        {
            case "SignalDelay":
                return (new() { ["delay_length"] = (long)rng.Next(0, 10) }, [[r, rng.Next(1, 9)]], TensorType.Int16, [[1]], 1);
            case "SignalFramer":
            {
                int size = rng.Next(1, 9), step = rng.Next(1, 5);
                return (new() { ["frame_size"] = (long)size, ["frame_step"] = (long)step, ["prefill"] = size >= step && rng.Next(2) == 0 },
                        [[r, step * rng.Next(1, 4)]], TensorType.Int16, [[1], []], 1);
            }
            case "SignalOverlapAdd":
            {
                int size = rng.Next(1, 9);
                var type = rng.Next(2) == 0 ? TensorType.Int16 : TensorType.Float32;
                return (new() { ["T"] = (long)type, ["frame_step"] = (long)rng.Next(1, size + 1) }, [[r, rng.Next(1, 4), size]], type, [[1]], 1);
            }
            case "SignalStacker":
            {
                int c = rng.Next(1, 6), left = rng.Next(0, 3), right = rng.Next(0, 3);
                return (new() { ["num_channels"] = (long)c, ["stacker_left_context"] = (long)left, ["stacker_right_context"] = (long)right,
                                ["stacker_step"] = (long)rng.Next(1, left + right + 2) }, [[c]], TensorType.Int16, [[1], []], 1);
            }
            case "SignalIrfft":
            {
                int n = 2 * rng.Next(1, 33);
                var type = new[] { TensorType.Int16, TensorType.Int32, TensorType.Float32 }[rng.Next(3)];
                return (new() { ["T"] = (long)type, ["fft_length"] = (long)n }, [[r, n + 2]], type, [[1]], 1);
            }
            case "Landmarks2TransformMatrix":
            {
                int n = rng.Next(2, 10);
                return (new() { ["subset_idxs"] = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => (long)rng.Next(n)).ToArray(),
                                ["left_rotation_idx"] = (long)rng.Next(n), ["right_rotation_idx"] = (long)rng.Next(n), ["output_height"] = (long)rng.Next(1, 64),
                                ["output_width"] = (long)rng.Next(1, 64), ["scale_x"] = 1.5, ["scale_y"] = 1.5, ["target_rotation_radians"] = 0.0 },
                        [[1, n, 3]], TensorType.Float32, [[1, 4, 4]], 2);
            }
            case "TransformTensorBilinear":
            case "TransformTensor":
            {
                int c = rng.Next(1, 4), oh = rng.Next(1, 8), ow = rng.Next(1, 8);
                var o = op == "TransformTensor"
                    ? new Dictionary<string, object> { ["mode"] = "bilinear", ["output_size"] = new long[] { oh, ow } }
                    : new Dictionary<string, object> { ["output_height"] = (long)oh, ["output_width"] = (long)ow };
                return (o, [[1, rng.Next(1, 9), rng.Next(1, 9), c], [1, 4, 4]], TensorType.Float32, [[1, oh, ow, c]], op == "TransformTensor" ? 1 : 2);
            }
            default: // TransformLandmarks
                return rng.Next(2) == 0
                    ? (new(), [[1, rng.Next(1, 9), rng.Next(2, 4)], [1, 4, 4]], TensorType.Float32, [[1]], 2)
                    : (new() { ["dimensions"] = 2L, ["scale"] = 0.5 }, [[1, rng.Next(1, 3), rng.Next(1, 3), 2 * rng.Next(1, 4)], [1, 4, 4]], TensorType.Float32, [[1]], 1);
        }
    }

    private static byte[] Build(Dictionary<string, object> options)
    {
        var w = new FlexMapWriter();
        foreach (var (k, v) in options)
        {
            switch (v)
            {
                case long l: w.Int(k, l); break;
                case double d: w.Float(k, d); break;
                case bool b: w.Bool(k, b); break;
                case string t: w.String(k, t); break;
                case long[] a: w.Ints(k, a); break;
            }
        }
        return w.Build();
    }

    [Theory]
    [InlineData("SignalDelay", 1, 1)]
    [InlineData("SignalFramer", 1, 2)]
    [InlineData("SignalOverlapAdd", 1, 1)]
    [InlineData("SignalStacker", 1, 2)]
    [InlineData("SignalIrfft", 1, 1)]
    [InlineData("Landmarks2TransformMatrix", 1, 1)]
    [InlineData("TransformTensorBilinear", 2, 1)]
    [InlineData("TransformTensor", 2, 1)]
    [InlineData("TransformLandmarks", 2, 1)]
    public void RandomModelsRunOrFailCleanly(string op, int inputs, int outputs)
    {
        var rng = new Random(op.Length * 7919 + op[^1]);
        int ran = 0;
        for (int iter = 0; iter < 150; iter++)
        {
            var m = new TinyModel();
            var (options, inShapes, type, outShapes, version) = Baseline(op, rng);
            byte[]? optionBytes;
            int mode = rng.Next(3);
            if (mode == 0)
            {
                // Everything random.
                optionBytes = Options(rng);
                inShapes = Enumerable.Range(0, inputs + (rng.Next(12) == 0 ? 1 : 0)).Select(i => i == 1 && rng.Next(2) == 0 ? new[] { 1, 4, 4 } : Shape(rng)).ToArray();
                outShapes = Enumerable.Range(0, outputs).Select(_ => Shape(rng)).ToArray();
                if (rng.Next(3) == 0) type = Types[rng.Next(Types.Length)];
                version = rng.Next(1, 3);
            }
            else
            {
                if (mode == 1 && options.Count > 0)
                {
                    // One option hostile or missing, or one input dimension changed.
                    string key = options.Keys.ElementAt(rng.Next(options.Count));
                    switch (rng.Next(3))
                    {
                        case 0: options.Remove(key); break;
                        case 1: options[key] = options[key] is long[] ? new[] { Value(rng), Value(rng) } : options[key] is double ? (object)(rng.Next(2) == 0 ? double.NaN : 0.0) : Value(rng); break;
                        default:
                            var s = inShapes[0];
                            if (s.Length > 0) s[rng.Next(s.Length)] = rng.Next(0, 70);
                            break;
                    }
                }
                optionBytes = Build(options);
            }
            var ins = inShapes.Select((s, i) => m.Tensor("in" + i, i == 0 ? type : TensorType.Float32, s)).ToArray();
            var outs = outShapes.Select((s, i) => m.Tensor("out" + i, i == 1 ? TensorType.Bool : type, s)).ToArray();
            m.Custom(op, ins, outs, optionBytes, version).Inputs(ins).Outputs(outs);
            byte[] model = m.Build();
            try
            {
                using var interp = new Interpreter(Model.FromBytes(model));
                interp.AllocateTensors();
                foreach (var t in interp.Inputs)
                {
                    var bytes = new byte[t.RawBytes.Length];
                    rng.NextBytes(bytes);
                    bytes.CopyTo(t.WritableBytes);
                }
                interp.Invoke();
                interp.ResetVariableTensors();
                interp.Invoke();
                ran++;
            }
            catch (Exception e) when (e is OperatorException or ModelFormatException or UnsupportedOperatorException or ResourceLimitException or TensorException)
            {
            }
        }
        // The check is that nothing else was thrown; how many random models were valid is only reported.
        output.WriteLine($"{op}: {ran} of 150 random models ran");
    }
}
