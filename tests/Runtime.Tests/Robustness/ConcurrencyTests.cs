using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Tests;
using Xunit;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// One <see cref="Model"/> shared by many interpreters on many threads gives bit-identical outputs to a
/// single thread, and the same input gives the same bits on every run and for every thread count.
/// </summary>
public class ConcurrencyTests
{
    /// <summary>Models that run on every branch: the tiny catalogue plus conformance models made of supported operators.</summary>
    public static IEnumerable<object[]> Models()
    {
        yield return ["tiny/float_chain"];
        yield return ["tiny/reshape_transpose_pad"];
        yield return ["tiny/split_add"];
        yield return ["tiny/dequantize_resize"];
    }

    private static readonly string[] ConformanceCandidates =
    [
        "models/simple_add_model.tflite", "seanet/add0/model.tflite", "seanet/leaky_relu0/model.tflite",
        "seanet/pad0/model.tflite", "seanet/strided_slice0/model.tflite", "seanet/sub0/model.tflite",
    ];

    private static byte[] Load(string name) => TinyModels.All().First(m => m.Name == name).Bytes;

    /// <summary>Models of the conformance set that this build can run (none when ../shared/conformance is absent).</summary>
    private static List<(string Name, Model Model)> RunnableConformanceModels()
    {
        var list = new List<(string, Model)>();
        string? root = Environment.GetEnvironmentVariable("MANAGEDLITE_CONFORMANCE") is { Length: > 0 } env && Directory.Exists(env)
            ? env : TestPaths.Conformance;
        if (root is null) return list;
        foreach (var rel in ConformanceCandidates)
        {
            string path = Path.Combine(root, rel);
            if (!File.Exists(path)) continue;
            var model = Model.FromFile(path);
            if (Interpreter.FindUnsupportedOperators(model).Count > 0) continue;
            try
            {
                using var probe = new Interpreter(model);
                probe.AllocateTensors();
            }
            catch (OperatorException)
            {
                continue; // a kernel of this build rejects the model's types (for example int8 before the quantized kernels land)
            }
            list.Add((rel, model));
        }
        return list;
    }

    /// <summary>Outputs of one Invoke on inputs from <paramref name="seed"/> (batch <paramref name="batch"/> for dynamic inputs).</summary>
    private static byte[][] Run(Interpreter interp, uint seed, int batch = 0)
    {
        if (batch > 0)
            for (int i = 0; i < interp.Inputs.Count; i++)
            {
                var sig = interp.Inputs[i].ShapeSignature.ToArray();
                if (sig.Length > 0 && sig[0] == -1) { sig[0] = batch; interp.ResizeInputTensor(i, sig); }
            }
        SeededInputs.FillInputs(interp, seed);
        interp.Invoke();
        return interp.Outputs.Select(t => t.RawBytes.ToArray()).ToArray();
    }

    private static void AssertBitIdentical(byte[][] expected, byte[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(expected[k].AsSpan().SequenceEqual(actual[k]), $"{what}: output {k} differs");
    }

    private static void SharedModelStress(Model model, string name, int threads, int iterations, int batch)
    {
        const int Inputs = 5;
        byte[][][] expected;
        using (var single = new Interpreter(model))
            expected = Enumerable.Range(0, Inputs).Select(s => Run(single, (uint)s + 1, batch)).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(w => new Thread(() =>
        {
            try
            {
                using var interp = new Interpreter(model);
                start.SignalAndWait();
                for (int it = 0; it < iterations; it++)
                {
                    int s = (it + w) % Inputs;
                    var got = Run(interp, (uint)s + 1, batch);
                    for (int k = 0; k < got.Length; k++)
                        if (!got[k].AsSpan().SequenceEqual(expected[s][k]))
                            failures.Enqueue($"{name}: thread {w} iteration {it} output {k} differs");
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"{name}: thread {w}: {e}");
            }
        })).ToArray();
        foreach (var t in workers) t.Start();
        foreach (var t in workers) Assert.True(t.Join(TimeSpan.FromSeconds(60)), $"{name}: a worker thread hung");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OneModelSharedByManyInterpretersGivesSingleThreadBits(string name)
        => SharedModelStress(Model.FromBytes(Load(name)), name, threads: 4, iterations: 40, batch: 3);

    [Fact]
    public void ConformanceModelsSharedByManyInterpretersGiveSingleThreadBits()
    {
        foreach (var (name, model) in RunnableConformanceModels())
            SharedModelStress(model, name, threads: 3, iterations: 8, batch: 0);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SameInputGivesSameBitsOnEveryRunAndForEveryThreadCount(string name)
    {
        var model = Model.FromBytes(Load(name));
        byte[][] reference;
        using (var one = new Interpreter(model, new InterpreterOptions { Threads = 1 }))
        {
            reference = Run(one, 7, batch: 64);
            for (int i = 0; i < 3; i++) AssertBitIdentical(reference, Run(one, 7, batch: 64), $"{name} rerun {i}");
            // A different input in between must not leave state behind.
            Run(one, 8, batch: 64);
            AssertBitIdentical(reference, Run(one, 7, batch: 64), $"{name} after another input");
        }
        foreach (int threads in new[] { 2, 3 })
        {
            using var interp = new Interpreter(model, new InterpreterOptions { Threads = threads });
            for (int i = 0; i < 2; i++) AssertBitIdentical(reference, Run(interp, 7, batch: 64), $"{name} with {threads} threads, run {i}");
        }
        using (var fresh = new Interpreter(model))
            AssertBitIdentical(reference, Run(fresh, 7, batch: 64), $"{name} on a new interpreter");
    }

    [Fact]
    public void ConformanceModelsAreDeterministicForEveryThreadCount()
    {
        foreach (var (name, model) in RunnableConformanceModels())
        {
            byte[][] reference;
            using (var one = new Interpreter(model)) reference = Run(one, 3);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using var interp = new Interpreter(model, new InterpreterOptions { Threads = threads });
                AssertBitIdentical(reference, Run(interp, 3), $"{name} with {threads} threads");
                AssertBitIdentical(reference, Run(interp, 3), $"{name} with {threads} threads, second run");
            }
        }
    }
}
