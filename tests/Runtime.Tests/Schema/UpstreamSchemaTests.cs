using Google.FlatBuffers;
using ManagedLite.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Models using what the current upstream schema adds (tensor types, builtin codes 207-209, blockwise and
/// multi-axis quantization, external buffers) read without a format error; their malformed variants are
/// format errors naming the field.
/// </summary>
public sealed class UpstreamSchemaTests
{
    private static TestModelBuilder OneTensor(TestModelBuilder.TensorSpec t, byte[]? data = null)
    {
        var b = new TestModelBuilder();
        if (data is not null)
            t.Buffer = b.AddBuffer(data);
        b.SubGraphs.Add(new() { Tensors = [t] });
        return b;
    }

    private static ModelFormatException Fails(TestModelBuilder b, string expectedStart)
    {
        var e = Assert.Throws<ModelFormatException>(() => b.Read());
        Assert.StartsWith(expectedStart, e.Message);
        return e;
    }

    [Fact]
    public void EveryTensorTypeReads()
    {
        foreach (TensorType type in Enum.GetValues<TensorType>())
        {
            var def = OneTensor(new() { Name = "t", Type = (G.TensorType)(sbyte)type, Shape = [2, 3] }).Read();
            Assert.Equal(type, def.SubGraphs[0].Tensors[0].Type);
        }
        Assert.Equal(22, TensorTypeInfo.MaxValue);
        Assert.Equal(TensorTypeInfo.MaxValue, (int)Enum.GetValues<G.TensorType>().Max());
    }

    [Fact]
    public void UnknownTensorTypeIsAFormatError()
    {
        Fails(OneTensor(new() { Name = "t", Type = (G.TensorType)23, Shape = [1] }), "subgraphs[0].tensors[0].type: 23 is not a TensorType");
    }

    [Theory]
    [InlineData(TensorType.Int4, 5, 3)]
    [InlineData(TensorType.UInt4, 5, 3)]
    [InlineData(TensorType.UInt4, 4, 2)]
    [InlineData(TensorType.Int2, 5, 2)]
    [InlineData(TensorType.Int2, 8, 2)]
    [InlineData(TensorType.Int2, 9, 3)]
    public void SubByteConstantsArePackedOrOneValueAByte(TensorType type, int elements, int packedBytes)
    {
        Assert.Equal(packedBytes, TensorTypeInfo.PackedByteCount(type, elements));
        var g = (G.TensorType)(sbyte)type;
        Assert.Equal(packedBytes, OneTensor(new() { Name = "w", Type = g, Shape = [elements] }, new byte[packedBytes]).Read().Buffers[1].Data.Length);
        Assert.Equal(elements, OneTensor(new() { Name = "w", Type = g, Shape = [elements] }, new byte[elements]).Read().Buffers[1].Data.Length);
        var e = Fails(OneTensor(new() { Name = "w", Type = g, Shape = [elements] }, new byte[packedBytes + 1 == elements ? elements + 1 : packedBytes + 1]),
            "subgraphs[0].tensors[0]: tensor 'w' (" + type + ", shape [" + elements + "]) has");
        Assert.Contains($"expected {packedBytes} (packed) or {elements} (one value a byte)", e.Message);
    }

    [Fact]
    public void ElementSizesOfEveryType()
    {
        var bits = new Dictionary<TensorType, int>
        {
            [TensorType.Float32] = 32, [TensorType.Float16] = 16, [TensorType.Int32] = 32, [TensorType.UInt8] = 8,
            [TensorType.Int64] = 64, [TensorType.String] = 0, [TensorType.Bool] = 8, [TensorType.Int16] = 16,
            [TensorType.Complex64] = 64, [TensorType.Int8] = 8, [TensorType.Float64] = 64, [TensorType.Complex128] = 128,
            [TensorType.UInt64] = 64, [TensorType.Resource] = 0, [TensorType.Variant] = 0, [TensorType.UInt32] = 32,
            [TensorType.UInt16] = 16, [TensorType.Int4] = 4, [TensorType.BFloat16] = 16, [TensorType.Int2] = 2,
            [TensorType.UInt4] = 4, [TensorType.Float8E4M3FN] = 8, [TensorType.Float8E5M2] = 8,
        };
        Assert.Equal(Enum.GetValues<TensorType>().Order(), bits.Keys.Order());
        foreach (var (type, b) in bits)
        {
            Assert.Equal(b, TensorTypeInfo.BitsPerElement(type));
            Assert.Equal((b + 7) / 8, TensorTypeInfo.ElementSize(type));
            Assert.Equal(b is > 0 and < 8, TensorTypeInfo.IsSubByte(type));
            Assert.Equal(b == 0 ? -1 : (7L * b + 7) / 8, TensorTypeInfo.PackedByteCount(type, 7));
        }
    }

    [Fact]
    public void Float8AndComplexConstantsRead()
    {
        Assert.Equal(3, OneTensor(new() { Name = "f8", Type = G.TensorType.FLOAT8_E4M3FN, Shape = [3] }, new byte[3]).Read().Buffers[1].Data.Length);
        Assert.Equal(3, OneTensor(new() { Name = "f8", Type = G.TensorType.FLOAT8_E5M2, Shape = [3] }, new byte[3]).Read().Buffers[1].Data.Length);
        Assert.Equal(16, OneTensor(new() { Name = "c", Type = G.TensorType.COMPLEX64, Shape = [2] }, new byte[16]).Read().Buffers[1].Data.Length);
        Fails(OneTensor(new() { Name = "c", Type = G.TensorType.COMPLEX64, Shape = [2] }, new byte[8]), "subgraphs[0].tensors[0]: tensor 'c' has 8 bytes");
    }

    [Theory]
    [InlineData(BuiltinOperator.STABLEHLO_SHIFT_LEFT)]
    [InlineData(BuiltinOperator.STABLEHLO_CBRT)]
    [InlineData(BuiltinOperator.STABLEHLO_COMPOSITE)]
    [InlineData(BuiltinOperator.REDUCE_WINDOW)]
    public void NewBuiltinCodesRead(BuiltinOperator code)
    {
        var b = TestModelBuilder.SingleOp(code, [new() { Name = "x", Shape = [2] }, new() { Name = "y", Shape = [2] }], [0, 0], [1]);
        Assert.Equal(code, b.Read().OperatorCodes[0].Code);
    }

    [Fact]
    public void StablehloCaseBranchesAreSubgraphCalls()
    {
        var b = TestModelBuilder.SingleOp(BuiltinOperator.STABLEHLO_CASE, [new() { Name = "i", Type = G.TensorType.INT32, Shape = [] }, new() { Name = "y", Shape = [1] }], [0], [1]);
        b.Main.Operators[0].Options2Type = G.BuiltinOptions2.StablehloCaseOptions;
        int[] branches = [1, 2];
        b.Main.Operators[0].Options2 = fb => G.StablehloCaseOptions.CreateStablehloCaseOptions(fb, G.StablehloCaseOptions.CreateBranchSubgraphIndicesVector(fb, branches)).Value;
        b.SubGraphs.Add(new() { Name = "then", Tensors = [new() { Name = "y", Shape = [1] }], Outputs = [0] });
        b.SubGraphs.Add(new() { Name = "else", Tensors = [new() { Name = "y", Shape = [1] }], Outputs = [0] });
        Assert.Equal(3, b.Read().SubGraphs.Count);
        branches = [1, 3];
        Fails(b, "subgraphs[0].operators[0].builtin_options_2(StablehloCaseOptions).branch_subgraph_indices[1]: subgraph index 3 out of range [0, 3)");
        branches = [1, 0];
        Fails(b, "subgraphs[0].operators[0]: calls subgraph 0, which is already running (control-flow cycle)");
    }

    // ---- blockwise quantization: int4 weights [4, 8], blocks of 4 along the last dimension, fp16 scales [4, 2] ----

    private static TestModelBuilder Blockwise(int scales = 1, int zeroPoints = -1, int blockSize = 4, int quantizedDimension = 0,
        int[]? scaleShape = null, int[]? weightShape = null, bool detailsTable = true)
    {
        var b = new TestModelBuilder();
        var weights = new TestModelBuilder.TensorSpec
        {
            Name = "w", Type = G.TensorType.INT4, Shape = weightShape ?? [4, 8],
            Quantization = fb =>
            {
                int details = detailsTable ? G.BlockwiseQuantization.CreateBlockwiseQuantization(fb, scales, zeroPoints, blockSize).Value : 0;
                return G.QuantizationParameters.CreateQuantizationParameters(fb, details_type: G.QuantizationDetails.BlockwiseQuantization,
                    detailsOffset: details, quantized_dimension: quantizedDimension).Value;
            },
        };
        weights.Buffer = b.AddBuffer(new byte[TensorTypeInfo.PackedByteCount(TensorType.Int4, (weightShape ?? [4, 8]).Aggregate(1L, (x, y) => x * y))]);
        var scaleTensor = new TestModelBuilder.TensorSpec { Name = "w_scales", Type = G.TensorType.FLOAT16, Shape = scaleShape ?? [4, 2] };
        var zp = new TestModelBuilder.TensorSpec { Name = "w_zero_points", Type = G.TensorType.INT8, Shape = scaleShape ?? [4, 2] };
        b.SubGraphs.Add(new() { Tensors = [weights, scaleTensor, zp] });
        return b;
    }

    [Fact]
    public void BlockwiseQuantizationReads()
    {
        QuantizationDef q = Blockwise().Read().SubGraphs[0].Tensors[0].Quantization!;
        Assert.Equal(new BlockwiseQuantizationDef(1, -1, 4), q.Blockwise);
        Assert.Empty(q.Scale);
        Assert.Equal(0, q.QuantizedDimension);
        Assert.Equal(new BlockwiseQuantizationDef(1, 2, 8), Blockwise(zeroPoints: 2, blockSize: 8, scaleShape: [4, 1]).Read().SubGraphs[0].Tensors[0].Quantization!.Blockwise);
    }

    [Fact]
    public void BlockwiseQuantizationChecked()
    {
        const string at = "subgraphs[0].tensors[0].quantization.details(BlockwiseQuantization)";
        Fails(Blockwise(scales: 3), at + ".scales: tensor index 3 out of range [0, 3) (tensor 'w')");
        Fails(Blockwise(scales: -1), at + ".scales: tensor index -1 out of range [0, 3) (tensor 'w')");
        Fails(Blockwise(zeroPoints: -2), at + ".zero_points: tensor index -2 out of range [0, 3) (or -1 for none)");
        Fails(Blockwise(zeroPoints: 7), at + ".zero_points: tensor index 7");
        Fails(Blockwise(blockSize: 0), at + ".block_size: 0 is not positive");
        Fails(Blockwise(blockSize: -4), at + ".block_size: -4 is not positive");
        Fails(Blockwise(blockSize: 3), at + ".block_size: 3 does not divide the last dimension (8) of tensor 'w'");
        Fails(Blockwise(quantizedDimension: 2), "subgraphs[0].tensors[0].quantization.quantized_dimension: 2 is outside the rank 2 of tensor 'w'");
        Fails(Blockwise(scaleShape: [4, 3]), at + ".scales: tensor 1 has 12 values for the 8 blocks of tensor 'w'");
        Fails(Blockwise(scaleShape: [4, 3], zeroPoints: 2), at + ".scales: tensor 1 has 12 values");
        Fails(Blockwise(weightShape: [], scaleShape: [1]), at + ": tensor 'w' is a scalar");
        Fails(Blockwise(detailsTable: false), at + ": the details table is missing");
    }

    [Fact]
    public void BlockwiseZeroPointsCountChecked()
    {
        var b = Blockwise(zeroPoints: 2);
        b.Main.Tensors[2].Shape = [4];
        Fails(b, "subgraphs[0].tensors[0].quantization.details(BlockwiseQuantization).zero_points: tensor 2 has 4 values for the 8 blocks");
    }

    private static TestModelBuilder MultiAxis(int[] dims, int blockSize = 0, int scales = 1) => OneTensor(new()
    {
        Name = "m", Type = G.TensorType.INT8, Shape = [2, 3, 4],
        Quantization = fb =>
        {
            var d = G.MultiAxisQuantization.CreateQuantizedDimensionsVector(fb, dims);
            int details = G.MultiAxisQuantization.CreateMultiAxisQuantization(fb, scales, -1, blockSize, d).Value;
            return G.QuantizationParameters.CreateQuantizationParameters(fb, details_type: G.QuantizationDetails.MultiAxisQuantization, detailsOffset: details).Value;
        },
    });

    [Fact]
    public void MultiAxisQuantizationReadsAndIsChecked()
    {
        // The scales index refers to a tensor of the subgraph: OneTensor has one, so index 0 (itself) is the only valid one.
        var q = MultiAxis([0, 2], scales: 0).Read().SubGraphs[0].Tensors[0].Quantization!;
        Assert.Equal([0, 2], q.MultiAxis!.QuantizedDimensions);
        Assert.Equal((0, -1, 0), (q.MultiAxis.ScalesTensor, q.MultiAxis.ZeroPointsTensor, q.MultiAxis.BlockSize));
        const string at = "subgraphs[0].tensors[0].quantization.details(MultiAxisQuantization)";
        Fails(MultiAxis([0, 3], scales: 0), at + ".quantized_dimensions[1]: 3 is outside the rank 3 of tensor 'm'");
        Fails(MultiAxis([], scales: 0), at + ": the details table or its quantized_dimensions are missing");
        Fails(MultiAxis([1], blockSize: -1, scales: 0), at + ".block_size: -1 is negative");
        Fails(MultiAxis([1], scales: 1), at + ".scales: tensor index 1 out of range [0, 1)");
    }

    [Fact]
    public void CustomQuantizationBytesAreKept()
    {
        var def = OneTensor(new()
        {
            Name = "c", Type = G.TensorType.INT8, Shape = [2],
            Quantization = fb =>
            {
                var custom = G.CustomQuantization.CreateCustomQuantization(fb, G.CustomQuantization.CreateCustomVector(fb, [1, 2, 3]));
                return G.QuantizationParameters.CreateQuantizationParameters(fb, scaleOffset: G.QuantizationParameters.CreateScaleVector(fb, [0.5f]),
                    zero_pointOffset: G.QuantizationParameters.CreateZeroPointVector(fb, [0]),
                    details_type: G.QuantizationDetails.CustomQuantization, detailsOffset: custom.Value).Value;
            },
        }).Read();
        QuantizationDef q = def.SubGraphs[0].Tensors[0].Quantization!;
        Assert.Equal([1, 2, 3], q.Custom.ToArray());
        Assert.Equal([0.5f], q.Scale);
    }

    // ---- external buffers ----

    private static TestModelBuilder External(uint tensorRef, uint group = 0, uint id = 7)
    {
        var b = OneTensor(new() { Name = "e", Shape = [4], ExternalBuffer = tensorRef });
        b.ExternalBufferGroups.Add("weights.bin");
        b.ExternalBuffers.Add((id, group, 64, 16, "raw"));
        return b;
    }

    [Fact]
    public void ExternalBuffersRead()
    {
        ModelDef def = External(7).Read();
        Assert.Equal(["weights.bin"], def.ExternalBufferGroups);
        Assert.Equal(new ExternalBufferDef(7, 0, 64, 16, "raw"), Assert.Single(def.ExternalBuffers));
        Assert.Equal(7u, def.SubGraphs[0].Tensors[0].ExternalBuffer);
        Assert.Equal(0u, External(0).Read().SubGraphs[0].Tensors[0].ExternalBuffer);
    }

    [Fact]
    public void ExternalBuffersChecked()
    {
        Fails(External(8), "subgraphs[0].tensors[0].external_buffer: no external_buffers entry has id 8 (tensor 'e')");
        Fails(External(7, group: 1), "external_buffers[0].group: group index 1 out of range [0, 1)");
        Fails(External(0, id: 0), "external_buffers[0].id: 0 is reserved");
        var dup = External(7);
        dup.ExternalBuffers.Add((7, 0, 0, 4, ""));
        Fails(dup, "external_buffers[1].id: 7 is used by an earlier external buffer");
        var both = External(7);
        both.Main.Tensors[0].Buffer = both.AddBuffer(new byte[16]);
        Fails(both, "subgraphs[0].tensors[0].external_buffer: tensor 'e' has both data in buffer 1 and external buffer 7");
    }
}
