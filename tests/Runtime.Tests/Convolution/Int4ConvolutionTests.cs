using ManagedLite.Robustness;
using ManagedLite.Schema;
using ManagedLite.Tests.Cli;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Convolution;

/// <summary>
/// CONV_2D and DEPTHWISE_CONV_2D with a constant int4 filter on int8 activations (bit-exactness with native TFLite is
/// checked by the OpConformance cases conv_2d_int8_int4_per_channel and depthwise_conv_2d_int8_int4_per_channel):
/// on shapes large enough for the packed int8 paths and their thread splits, the int4 model gives the bits of the same
/// model with the filter stored as int8, on both resolvers and 1 or 2 threads; every other int4 filter is refused
/// naming the operator, the filter and the input type; `inspect` reports such a model as supported.
/// </summary>
public sealed class Int4ConvolutionTests : IDisposable
{
    private const byte Conv2DTag = 1, DepthwiseTag = 2;
    private const int Same = 0, Valid = 1, None = 0, Relu6 = 3;

    private static OptionField Byte(int slot, int value) => new(slot, OptionKind.Byte, value);
    private static OptionField Int(int slot, int value) => new(slot, OptionKind.Int, value);

    private readonly string _dir = Directory.CreateTempSubdirectory("ml-int4conv-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Filter values in [-8, 7], packed two a byte, low nibble first (an odd count leaves the last high nibble 0).</summary>
    private static byte[] PackInt4(sbyte[] values)
    {
        var packed = new byte[(values.Length + 1) / 2];
        for (int i = 0; i < values.Length; i++) packed[i / 2] |= (byte)((values[i] & 0xF) << (i % 2 * 4));
        return packed;
    }

    private sealed record Spec(bool Depthwise)
    {
        public TensorType FilterType { get; init; } = TensorType.Int4;
        public TensorType InputType { get; init; } = TensorType.Int8;
        public bool ConstantFilter { get; init; } = true;
    }

    /// <summary>
    /// CONV_2D: x [1, 32, 32, 15] -> 3x3 stride 1 SAME, 33 channels (4455 filter values, odd), RELU6. DEPTHWISE_CONV_2D:
    /// x [1, 64, 64, 32] -> 3x3 VALID, depth multiplier 1. Per-channel filter scales, int32 bias.
    /// </summary>
    private static (byte[] Model, int[] InputShape) Build(Spec s)
    {
        var rng = new Random(s.Depthwise ? 7 : 5);
        int[] inShape = s.Depthwise ? [1, 64, 64, 32] : [1, 32, 32, 15];
        int oc = s.Depthwise ? 32 : 33;
        int[] fShape = s.Depthwise ? [1, 3, 3, oc] : [oc, 3, 3, 15];
        int count = fShape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, count).Select(_ => (sbyte)rng.Next(-8, 8)).ToArray();
        var scales = Enumerable.Range(0, oc).Select(_ => (float)(0.005 + rng.NextDouble() * 0.01)).ToArray();
        bool quantized = s.InputType != TensorType.Float32;
        float xScale = s.InputType == TensorType.Int16 ? 0.001f : 0.05f;
        long xZero = s.InputType == TensorType.Int8 ? -3 : 0;
        var m = new TinyModel();
        int x = m.Tensor("x", s.InputType, inShape, scale: quantized ? [xScale] : null, zeroPoint: quantized ? [xZero] : null);
        byte[]? data = !s.ConstantFilter ? null : s.FilterType == TensorType.Int4 ? PackInt4(values) : values.Select(v => (byte)v).ToArray();
        int w = m.Tensor("filter", s.FilterType, fShape, data, scale: scales, zeroPoint: new long[oc], quantizedDimension: s.Depthwise ? 3 : 0);
        var biasType = s.InputType switch { TensorType.Float32 => TensorType.Float32, TensorType.Int16 => TensorType.Int64, _ => TensorType.Int32 };
        byte[] biasData = biasType switch
        {
            TensorType.Float32 => new byte[oc * 4],
            TensorType.Int64 => Enumerable.Range(0, oc).SelectMany(_ => BitConverter.GetBytes((long)rng.Next(-2000, 2000))).ToArray(),
            _ => Enumerable.Range(0, oc).SelectMany(_ => BitConverter.GetBytes(rng.Next(-2000, 2000))).ToArray(),
        };
        int b = m.Tensor("bias", biasType, [oc], biasData, scale: quantized ? scales.Select(v => v * xScale).ToArray() : null,
                         zeroPoint: quantized ? new long[oc] : null);
        int[] outShape = s.Depthwise ? [1, 62, 62, oc] : [1, 32, 32, oc];
        int y = m.Tensor("y", s.InputType, outShape, scale: quantized ? [s.Depthwise ? 0.05f : 6f / 255] : null,
                         zeroPoint: quantized ? [s.InputType == TensorType.Int8 ? (s.Depthwise ? 2 : -128) : 0] : null);
        if (s.Depthwise)
            m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x, w, b], [y], 7, DepthwiseTag, Byte(0, Valid), Int(1, 1), Int(2, 1), Int(3, 1), Byte(4, None), Int(5, 1), Int(6, 1));
        else
            m.Op(BuiltinOperator.CONV_2D, [x, w, b], [y], 7, Conv2DTag, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, Relu6), Int(4, 1), Int(5, 1));
        return (m.Inputs(s.ConstantFilter ? [x] : [x, w]).Outputs(y).Build(), inShape);
    }

    private static sbyte[] Run(Spec s, bool reference, int threads)
    {
        var (model, inShape) = Build(s);
        var rng = new Random(3);
        var input = new byte[inShape.Aggregate(1, (a, b) => a * b)];
        rng.NextBytes(input);
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = reference, Threads = threads });
        interp.AllocateTensors();
        input.CopyTo(interp.Inputs[0].WritableBytes);
        interp.Invoke();
        return interp.Outputs[0].ToArray<sbyte>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int4FilterGivesTheBitsOfItsInt8Unpacking(bool depthwise)
    {
        var expected = Run(new Spec(depthwise) { FilterType = TensorType.Int8 }, reference: true, threads: 1);
        Assert.True(expected.Distinct().Count() > 20, "the outputs should be spread over the int8 range");
        foreach (bool reference in new[] { true, false })
            foreach (int threads in new[] { 1, 2 })
                Assert.Equal(expected, Run(new Spec(depthwise), reference, threads));
    }

    private static void PrepareFails(Spec s, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(Build(s).Model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
        Assert.Contains(s.Depthwise ? "DEPTHWISE_CONV_2D v7" : "CONV_2D v7", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OtherInt4FiltersAreRefusedByName(bool depthwise)
    {
        PrepareFails(new Spec(depthwise) { InputType = TensorType.Float32 },
                     "filter 'filter' is int4 with float32 input 'x': int4 filters are supported with int8 input only");
        PrepareFails(new Spec(depthwise) { InputType = TensorType.Int16 },
                     "filter 'filter' is int4 with int16 input 'x': int4 filters are supported with int8 input only");
        PrepareFails(new Spec(depthwise) { ConstantFilter = false },
                     "filter 'filter' is int4 but not constant: int4 is supported for constant weights only");
    }

    [Fact]
    public void InspectReportsInt4ConvolutionsAsSupported()
    {
        foreach (bool depthwise in new[] { false, true })
        {
            string path = Path.Combine(_dir, $"int4-{depthwise}.tflite");
            File.WriteAllBytes(path, Build(new Spec(depthwise)).Model);
            var r = CliProcess.Run("inspect", path);
            Assert.True(r.Exit == 0, r.Stderr);
            Assert.Contains(depthwise ? "DEPTHWISE_CONV_2D v7" : "CONV_2D v7", r.Stdout);
            Assert.Contains("unsupported operators: none", r.Stdout);
            Assert.Contains("arena: ", r.Stdout);
        }
    }

    /// <summary>A model whose operators are all registered but one of whose kernels refuses its types: inspect still prints
    /// the whole report, then the refusal naming the node and tensor, and exits 0.</summary>
    [Fact]
    public void InspectReportsANodeThatDoesNotPrepare()
    {
        string path = Path.Combine(_dir, "int4-float-input.tflite");
        File.WriteAllBytes(path, Build(new Spec(false) { InputType = TensorType.Float32 }).Model);
        var r = CliProcess.Run("inspect", path);
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Contains("operators:", r.Stdout);
        Assert.Contains("unsupported operators: none", r.Stdout);
        Assert.Contains("cannot run: ", r.Stdout);
        Assert.Contains("filter 'filter' is int4 with float32 input 'x'", r.Stdout);
        Assert.Contains("arena: n/a (a node does not prepare)", r.Stdout);
    }
}
