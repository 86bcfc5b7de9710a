using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Google.FlatBuffers;
using ManagedLite.Schema;
using Xunit;
using Xunit.Abstractions;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Truncated and corrupted models (seeded) give either a model or a <see cref="ModelFormatException"/> raised by a
/// check, never another exception and never the reader's safety net (an exception with an inner exception).
/// A longer run: <c>MANAGEDLITE_FUZZ_SCALE=50 dotnet test tests/Runtime.Tests --filter ModelReaderFuzzTests</c>
/// (multiplies the mutation count; the seed changes with the scale).
/// </summary>
public sealed partial class ModelReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly uint[] Interesting = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff];

    public static TheoryData<string, int> Models() => new()
    {
        { "hello_world_int8.tflite", 1500 },
        { "micro_speech_quantized.tflite", 1000 },
        { "trained_lstm_int8.tflite", 1000 },
        { "keyword_scrambled_8bit.tflite", 600 },
        { "person_detect.tflite", 300 },
    };

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void ConformanceModelMutations(string name, int cases)
    {
        if (SchemaTestData.ConformanceModel(name) is not string path)
        {
            throw new SkipException($"{name} not found (../shared/conformance)");
        }
        Run(File.ReadAllBytes(path), cases, seed: name.Length * 7919);
    }

    /// <summary>A built model that reaches sparsity, control flow, signatures, metadata and options.</summary>
    [SkippableFact]
    public void BuiltModelMutations() => Run(RichModel().Build(), 3000, seed: 42);

    [SkippableFact]
    public void RichModelIsValid()
    {
        ModelDef m = RichModel().Read();
        Assert.Equal(2, m.SubGraphs.Count);
        Assert.NotNull(m.SubGraphs[0].Tensors[1].Sparsity);
        ExerciseAll(m);
    }

    private static int Scale => int.TryParse(Environment.GetEnvironmentVariable("MANAGEDLITE_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;

    private void Run(byte[] original, int cases, int seed)
    {
        cases *= Scale;
        var random = new Random(seed * Scale);
        var errorKinds = new HashSet<string>();
        int ok = 0, failed = 0;
        var sw = Stopwatch.StartNew();

        void Try(byte[] bytes, string what)
        {
            try
            {
                ModelDef m = ModelReader.Read(bytes);
                ExerciseAll(m);
                ok++;
            }
            catch (ModelFormatException e)
            {
                Assert.True(e.InnerException is null, $"{what}: the safety net caught {e.InnerException?.GetType().Name}: {e.InnerException}");
                errorKinds.Add(Digits().Replace(e.Message, "#"));
                failed++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: {e.GetType().Name} escaped: {e}");
            }
        }

        // Truncation: every length below 64, then evenly spaced lengths, then the last 64.
        var lengths = new SortedSet<int>();
        for (int n = 0; n < Math.Min(64, original.Length); n++)
            lengths.Add(n);
        int step = Math.Max(1, original.Length / Math.Max(1, cases / 4));
        for (int n = 64; n < original.Length; n += step)
            lengths.Add(n);
        for (int n = Math.Max(0, original.Length - 64); n < original.Length; n++)
            lengths.Add(n);
        foreach (int n in lengths)
            Try(original[..n], $"truncated to {n}");

        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            string what;
            switch (random.Next(3))
            {
                case 0:
                {
                    int at = random.Next(bytes.Length);
                    int bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    what = $"bit {bit} of byte {at} flipped";
                    break;
                }
                case 1:
                {
                    int at = random.Next(bytes.Length / 4) * 4;
                    uint value = Interesting[random.Next(Interesting.Length)];
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
                    what = $"word at {at} set to 0x{value:x}";
                    break;
                }
                default:
                {
                    // Splice: copy a chunk of the file over another place.
                    int len = random.Next(1, 64);
                    int from = random.Next(bytes.Length - len);
                    int to = random.Next(bytes.Length - len);
                    Array.Copy(original, from, bytes, to, len);
                    what = $"{len} bytes from {from} copied to {to}";
                    break;
                }
            }
            Try(bytes, what);
        }
        output.WriteLine($"{lengths.Count + cases} cases in {sw.ElapsedMilliseconds} ms: {ok} read, {failed} rejected, {errorKinds.Count} distinct messages");
        foreach (string kind in errorKinds.Order().Take(40))
            output.WriteLine("  " + kind);
    }

    /// <summary>Touches everything a runtime would: every record, every options table, every buffer.</summary>
    internal static void ExerciseAll(ModelDef m)
    {
        long sum = 0;
        foreach (BufferDef b in m.Buffers)
            sum += b.Data.Length == 0 ? 0 : b.Data.Span[^1];
        foreach (SubGraphDef sg in m.SubGraphs)
        {
            foreach (TensorDef t in sg.Tensors)
                sum += t.Shape.Length + (t.Quantization?.Scale.Length ?? 0) + (t.Sparsity?.DimMetadata.Count ?? 0);
            foreach (OperatorDef op in sg.Operators)
            {
                try
                {
                    sum += OptionsSamples.ParseAny(op);
                }
                catch (ModelFormatException e) when (e.InnerException is null)
                {
                    // an invalid enum value inside an options table: fine, it is reported
                }
                sum += op.CustomOptions.Length;
            }
        }
        GC.KeepAlive(sum);
    }

    internal static TestModelBuilder RichModel()
    {
        var b = new TestModelBuilder();
        int conv = b.AddOperatorCode(BuiltinOperator.CONV_2D, 3);
        int call = b.AddOperatorCode(BuiltinOperator.CALL_ONCE);
        int custom = b.AddOperatorCode(BuiltinOperator.CUSTOM, 1, "MyOp");
        int mean = b.AddOperatorCode(BuiltinOperator.MEAN);
        uint weights = b.AddBuffer(new sbyte[] { 1, 2, 3 });
        uint bias = b.AddBuffer(new int[] { 10, 20 });
        uint axis = b.AddBuffer(new int[] { 1, 2 });
        b.SubGraphs.Add(new()
        {
            Tensors =
            [
                new() { Name = "in", Type = G.TensorType.INT8, Shape = [1, 4, 4, 3], ShapeSignature = [-1, 4, 4, 3], Scale = [0.5f], ZeroPoint = [-3] },
                new()
                {
                    Name = "w", Type = G.TensorType.INT8, Shape = [2, 1, 1, 3], Buffer = weights, Scale = [0.1f, 0.2f], ZeroPoint = [0, 0],
                    Sparsity = fb =>
                    {
                        var segs = G.Int32Vector.CreateInt32Vector(fb, G.Int32Vector.CreateValuesVector(fb, [0, 2, 3]));
                        var idx = G.Uint8Vector.CreateUint8Vector(fb, G.Uint8Vector.CreateValuesVector(fb, [0, 2, 1]));
                        var dims = new[]
                        {
                            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 2),
                            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 1),
                            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 1),
                            G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.SPARSE_CSR, 0,
                                G.SparseIndexVector.Int32Vector, segs.Value, G.SparseIndexVector.Uint8Vector, idx.Value),
                        };
                        return G.SparsityParameters.CreateSparsityParameters(fb,
                            G.SparsityParameters.CreateTraversalOrderVector(fb, [0, 1, 2, 3]), default,
                            G.SparsityParameters.CreateDimMetadataVector(fb, dims)).Value;
                    },
                },
                new() { Name = "b", Type = G.TensorType.INT32, Shape = [2], Buffer = bias, Scale = [0.05f, 0.1f], QuantizedDimension = 0 },
                new() { Name = "conv", Type = G.TensorType.INT8, Shape = [1, 4, 4, 2], Scale = [0.25f], ZeroPoint = [1] },
                new() { Name = "axis", Type = G.TensorType.INT32, Shape = [2], Buffer = axis },
                new() { Name = "out", Type = G.TensorType.INT8, Shape = [1, 2], Scale = [0.25f], ZeroPoint = [1] },
            ],
            Inputs = [0],
            Outputs = [5],
            Operators =
            [
                new() { OpcodeIndex = (uint)call, OptionsType = G.BuiltinOptions.CallOnceOptions, Options = fb => G.CallOnceOptions.CreateCallOnceOptions(fb, 1).Value },
                new()
                {
                    OpcodeIndex = (uint)conv, Inputs = [0, 1, 2], Outputs = [3], OptionsType = G.BuiltinOptions.Conv2DOptions,
                    Options = fb => G.Conv2DOptions.CreateConv2DOptions(fb, G.Padding.VALID, 1, 1, G.ActivationFunctionType.RELU6, 2, 2).Value,
                },
                new()
                {
                    OpcodeIndex = (uint)mean, Inputs = [3, 4], Outputs = [5], OptionsType = G.BuiltinOptions.ReducerOptions,
                    Options = fb => G.ReducerOptions.CreateReducerOptions(fb, false).Value,
                },
                new() { OpcodeIndex = (uint)custom, Inputs = [3, -1], Outputs = [5], CustomOptions = [1, 2, 3, 4, 5] },
            ],
        });
        b.SubGraphs.Add(new() { Name = "init", Tensors = [new() { Name = "v", Shape = [1], IsVariable = true }] });
        b.Signatures.Add(new() { Key = "serving_default", Inputs = [("in", 0)], Outputs = [("out", 5)] });
        b.Metadata.Add(("min_runtime_version", weights));
        b.Trailing = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0];
        return b;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
