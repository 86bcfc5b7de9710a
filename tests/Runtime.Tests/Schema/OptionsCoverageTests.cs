using Google.FlatBuffers;
using ManagedLite.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Every options table of both unions has a record, parsed once at load; every builtin operator has an entry in
/// the operator-to-options table; a table of the wrong type, or a bad enum in any record, fails the read.
/// </summary>
public sealed class OptionsCoverageTests
{
    /// <summary>The first builtin operator whose options are <paramref name="type"/>.</summary>
    internal static BuiltinOperator OperatorTaking(G.BuiltinOptions type) =>
        Enum.GetValues<BuiltinOperator>().First(o => OperatorOptions.Expected(o)?.Options == type);

    internal static BuiltinOperator OperatorTaking(G.BuiltinOptions2 type) =>
        Enum.GetValues<BuiltinOperator>().First(o => OperatorOptions.Expected(o)?.Options2 == type);

    /// <summary>
    /// A model whose subgraph 1 has one <paramref name="code"/> operator with the given options; subgraph 0 is a
    /// call-free target, so control-flow options whose indices are 0 stay valid.
    /// </summary>
    private static TestModelBuilder Model(BuiltinOperator code, G.BuiltinOptions type, Func<FlatBufferBuilder, int>? options,
        G.BuiltinOptions2 type2 = G.BuiltinOptions2.NONE, Func<FlatBufferBuilder, int>? options2 = null)
    {
        var b = new TestModelBuilder();
        b.AddOperatorCode(code, 1, code == BuiltinOperator.CUSTOM ? "TestCustom" : null);
        b.SubGraphs.Add(new() { Name = "target", Tensors = [new() { Name = "t", Shape = [1] }] });
        b.SubGraphs.Add(new()
        {
            Name = "caller",
            Tensors = [new() { Name = "x", Shape = [1] }, new() { Name = "y", Shape = [1] }],
            Inputs = [0],
            Outputs = [1],
            Operators = [new() { Inputs = [0], Outputs = [1], OptionsType = type, Options = options, Options2Type = type2, Options2 = options2 }],
        });
        return b;
    }

    private static OperatorDef ReadOperator(TestModelBuilder b) => b.Read().SubGraphs[1].Operators[0];

    private static int EmptyTable(FlatBufferBuilder fb)
    {
        fb.StartTable(0);
        return fb.EndTable();
    }

    public static IEnumerable<object[]> Union1 => Enum.GetValues<G.BuiltinOptions>().Where(t => t != G.BuiltinOptions.NONE).Select(t => new object[] { (int)t });
    public static IEnumerable<object[]> Union2 => Enum.GetValues<G.BuiltinOptions2>().Where(t => t != G.BuiltinOptions2.NONE).Select(t => new object[] { (int)t });

    [Theory]
    [MemberData(nameof(Union1))]
    public void EveryBuiltinOptionsTableHasARecord(int value)
    {
        var type = (G.BuiltinOptions)value;
        OperatorDef op = ReadOperator(Model(OperatorTaking(type), type, EmptyTable));
        Assert.Equal((int)type, op.BuiltinOptionsType);
        Assert.Equal(type.ToString(), op.ParsedOptions!.GetType().Name);
        Assert.Equal("ManagedLite.Schema", op.ParsedOptions.GetType().Namespace);
        Assert.Null(op.ParsedOptions2);
    }

    [Theory]
    [MemberData(nameof(Union2))]
    public void EveryBuiltinOptions2TableHasARecord(int value)
    {
        var type = (G.BuiltinOptions2)value;
        OperatorDef op = ReadOperator(Model(OperatorTaking(type), G.BuiltinOptions.NONE, null, type, EmptyTable));
        Assert.Equal((int)type, op.BuiltinOptions2Type);
        Assert.Equal(type.ToString(), op.ParsedOptions2!.GetType().Name);
        Assert.Null(op.ParsedOptions);
    }

    [Fact]
    public void EveryBuiltinOperatorHasAnOptionsEntry()
    {
        foreach (BuiltinOperator op in Enum.GetValues<BuiltinOperator>())
            Assert.True(OperatorOptions.Expected(op) is not null, $"{op} has no entry in OperatorOptions");
        Assert.Null(OperatorOptions.Expected((BuiltinOperator)210));
        // Every table of both unions is taken by at least one operator.
        foreach (G.BuiltinOptions t in Enum.GetValues<G.BuiltinOptions>().Where(t => t != G.BuiltinOptions.NONE))
            Assert.True(Enum.GetValues<BuiltinOperator>().Any(o => OperatorOptions.Expected(o)?.Options == t), $"no operator takes {t}");
        foreach (G.BuiltinOptions2 t in Enum.GetValues<G.BuiltinOptions2>().Where(t => t != G.BuiltinOptions2.NONE))
            Assert.True(Enum.GetValues<BuiltinOperator>().Any(o => OperatorOptions.Expected(o)?.Options2 == t), $"no operator takes {t}");
    }

    [Theory]
    [InlineData(BuiltinOperator.AVERAGE_POOL_2D, (int)G.BuiltinOptions.Pool2DOptions)]
    [InlineData(BuiltinOperator.MAX_POOL_2D, (int)G.BuiltinOptions.Pool2DOptions)]
    [InlineData(BuiltinOperator.L2_POOL_2D, (int)G.BuiltinOptions.Pool2DOptions)]
    [InlineData(BuiltinOperator.MEAN, (int)G.BuiltinOptions.ReducerOptions)]
    [InlineData(BuiltinOperator.SUM, (int)G.BuiltinOptions.ReducerOptions)]
    [InlineData(BuiltinOperator.REDUCE_ALL, (int)G.BuiltinOptions.ReducerOptions)]
    [InlineData(BuiltinOperator.MAXIMUM, (int)G.BuiltinOptions.MaximumMinimumOptions)]
    [InlineData(BuiltinOperator.MINIMUM, (int)G.BuiltinOptions.MaximumMinimumOptions)]
    [InlineData(BuiltinOperator.MULTINOMIAL, (int)G.BuiltinOptions.RandomOptions)]
    [InlineData(BuiltinOperator.RANDOM_UNIFORM, (int)G.BuiltinOptions.RandomOptions)]
    [InlineData(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN, (int)G.BuiltinOptions.SequenceRNNOptions)]
    [InlineData(BuiltinOperator.CONV_3D_TRANSPOSE, (int)G.BuiltinOptions.Conv3DOptions)]
    [InlineData(BuiltinOperator.L2_NORMALIZATION, (int)G.BuiltinOptions.L2NormOptions)]
    [InlineData(BuiltinOperator.ATAN2, (int)G.BuiltinOptions.ATan2Options)]
    [InlineData(BuiltinOperator.RFFT2D, (int)G.BuiltinOptions.Rfft2dOptions)]
    public void SharedAndIrregularOptionsNames(BuiltinOperator op, int value)
    {
        var type = (G.BuiltinOptions)value;
        Assert.Equal(type, OperatorOptions.Expected(op)!.Value.Options);
        Assert.Equal(type.ToString(), ReadOperator(Model(op, type, EmptyTable)).ParsedOptions!.GetType().Name);
    }

    [Fact]
    public void WrongTableTypesAreFormatErrorsAtLoad()
    {
        const string at = "subgraphs[1].operators[0]";
        var e = Assert.Throws<ModelFormatException>(() => Model(BuiltinOperator.CONV_2D, G.BuiltinOptions.Pool2DOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options: CONV_2D takes Conv2DOptions, found Pool2DOptions", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Model(BuiltinOperator.RELU, G.BuiltinOptions.AddOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options: RELU takes no options table, found AddOptions", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Model(BuiltinOperator.CUSTOM, G.BuiltinOptions.AddOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options: CUSTOM takes no options table, found AddOptions", e.Message);
        e = Assert.Throws<ModelFormatException>(() => Model(BuiltinOperator.STABLEHLO_GATHER, G.BuiltinOptions.GatherOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options: STABLEHLO_GATHER takes no options table, found GatherOptions", e.Message);
        e = Assert.Throws<ModelFormatException>(() =>
            Model(BuiltinOperator.ADD, G.BuiltinOptions.NONE, null, G.BuiltinOptions2.StablehloGatherOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options_2: ADD takes no options table there, found StablehloGatherOptions", e.Message);
        e = Assert.Throws<ModelFormatException>(() =>
            Model(BuiltinOperator.STABLEHLO_GATHER, G.BuiltinOptions.NONE, null, G.BuiltinOptions2.StablehloSliceOptions, EmptyTable).Read());
        Assert.Equal(at + ".builtin_options_2: STABLEHLO_GATHER takes StablehloGatherOptions there, found StablehloSliceOptions", e.Message);
    }

    [Fact]
    public void OperatorsWithoutATableGetSharedDefaults()
    {
        var b = Model(BuiltinOperator.CONV_2D, G.BuiltinOptions.NONE, null);
        OperatorDef op = ReadOperator(b);
        Assert.Null(op.ParsedOptions);
        Conv2DOptions defaults = op.GetOptions<Conv2DOptions>();
        Assert.Equal(new Conv2DOptions(), defaults);
        Assert.Same(defaults, ReadOperator(b).GetOptions<Conv2DOptions>());
    }

    [Fact]
    public void UnknownOperatorsKeepWhateverTableTheyCarry()
    {
        // A code newer than this schema: its table is parsed (it is a known table type), never rejected.
        OperatorDef op = ReadOperator(Model((BuiltinOperator)250, G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.RELU).Value));
        Assert.Equal(ActivationFunctionType.Relu, op.GetOptions<AddOptions>().FusedActivation);
    }

    [Fact]
    public void SharedOptionsTablesAreParsedOnce()
    {
        var b = Model(BuiltinOperator.ADD, G.BuiltinOptions.NONE, null);
        b.SubGraphs[1].Operators.Clear();
        // Both operators' builtin_options point at one table: the builder reuses the offset it is given.
        int shared = 0;
        Func<FlatBufferBuilder, int> once = fb => shared != 0 ? shared : shared = G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.RELU6).Value;
        b.SubGraphs[1].Operators.Add(new() { Inputs = [0, 0], Outputs = [1], OptionsType = G.BuiltinOptions.AddOptions, Options = once });
        b.SubGraphs[1].Operators.Add(new() { Inputs = [1, 1], Outputs = [1], OptionsType = G.BuiltinOptions.AddOptions, Options = once });
        var ops = b.Read().SubGraphs[1].Operators;
        Assert.NotSame(ops[0], ops[1]);
        Assert.Same(ops[0].ParsedOptions, ops[1].ParsedOptions);
        Assert.Same(ops[0].GetOptions<AddOptions>(), ops[1].GetOptions<AddOptions>());
        Assert.Equal(ActivationFunctionType.Relu6, ops[1].GetOptions<AddOptions>().FusedActivation);
    }

    // ---- bad enums in the records: format errors at load, naming the field ----

    private static void BadEnum(BuiltinOperator code, G.BuiltinOptions type, Func<FlatBufferBuilder, int> options, string expected)
    {
        var e = Assert.Throws<ModelFormatException>(() => Model(code, type, options).Read());
        Assert.Equal("subgraphs[1].operators[0].builtin_options" + expected, e.Message);
    }

    private static void BadEnum2(BuiltinOperator code, G.BuiltinOptions2 type, Func<FlatBufferBuilder, int> options, string expected)
    {
        var e = Assert.Throws<ModelFormatException>(() => Model(code, G.BuiltinOptions.NONE, null, type, options).Read());
        Assert.Equal("subgraphs[1].operators[0].builtin_options_2" + expected, e.Message);
    }

    [Fact]
    public void BadEnumsFailTheRead()
    {
        BadEnum(BuiltinOperator.LSH_PROJECTION, G.BuiltinOptions.LSHProjectionOptions,
            fb => G.LSHProjectionOptions.CreateLSHProjectionOptions(fb, (G.LSHProjectionType)3).Value,
            "(LSHProjectionOptions).type: 3 is not a LSHProjectionType");
        BadEnum(BuiltinOperator.EMBEDDING_LOOKUP_SPARSE, G.BuiltinOptions.EmbeddingLookupSparseOptions,
            fb => G.EmbeddingLookupSparseOptions.CreateEmbeddingLookupSparseOptions(fb, (G.CombinerType)(-1)).Value,
            "(EmbeddingLookupSparseOptions).combiner: -1 is not a CombinerType");
        BadEnum(BuiltinOperator.FULLY_CONNECTED, G.BuiltinOptions.FullyConnectedOptions,
            fb => G.FullyConnectedOptions.CreateFullyConnectedOptions(fb, weights_format: (G.FullyConnectedOptionsWeightsFormat)2).Value,
            "(FullyConnectedOptions).weights_format: 2 is not a FullyConnectedOptionsWeightsFormat");
        BadEnum(BuiltinOperator.LSTM, G.BuiltinOptions.LSTMOptions,
            fb => G.LSTMOptions.CreateLSTMOptions(fb, kernel_type: (G.LSTMKernelType)2).Value,
            "(LSTMOptions).kernel_type: 2 is not a LSTMKernelType");
        BadEnum(BuiltinOperator.UNIQUE, G.BuiltinOptions.UniqueOptions,
            fb => G.UniqueOptions.CreateUniqueOptions(fb, (G.TensorType)99).Value,
            "(UniqueOptions).idx_out_type: 99 is not a TensorType");
        BadEnum(BuiltinOperator.CONV_3D, G.BuiltinOptions.Conv3DOptions,
            fb => G.Conv3DOptions.CreateConv3DOptions(fb, (G.Padding)2).Value,
            "(Conv3DOptions).padding: 2 is not a Padding");
        BadEnum(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_RNN, G.BuiltinOptions.BidirectionalSequenceRNNOptions,
            fb => G.BidirectionalSequenceRNNOptions.CreateBidirectionalSequenceRNNOptions(fb, fused_activation_function: (G.ActivationFunctionType)6).Value,
            "(BidirectionalSequenceRNNOptions).fused_activation_function: 6 is not an ActivationFunctionType");
        BadEnum(BuiltinOperator.HASHTABLE, G.BuiltinOptions.HashtableOptions,
            fb => G.HashtableOptions.CreateHashtableOptions(fb, 1, G.TensorType.INT64, (G.TensorType)23).Value,
            "(HashtableOptions).value_dtype: 23 is not a TensorType");
        BadEnum2(BuiltinOperator.STABLEHLO_COMPARE, G.BuiltinOptions2.StablehloCompareOptions,
            fb => G.StablehloCompareOptions.CreateStablehloCompareOptions(fb, (G.StablehloComparisonDirection)6).Value,
            "(StablehloCompareOptions).comparison_direction: 6 is not a StablehloComparisonDirection");
        BadEnum2(BuiltinOperator.STABLEHLO_COMPARE, G.BuiltinOptions2.StablehloCompareOptions,
            fb => G.StablehloCompareOptions.CreateStablehloCompareOptions(fb, compare_type: (G.StablehloComparisonType)5).Value,
            "(StablehloCompareOptions).compare_type: 5 is not a StablehloComparisonType");
        BadEnum2(BuiltinOperator.STABLEHLO_RNG_BIT_GENERATOR, G.BuiltinOptions2.StablehloRngBitGeneratorOptions,
            fb => G.StablehloRngBitGeneratorOptions.CreateStablehloRngBitGeneratorOptions(fb, (G.RngAlgorithm)3).Value,
            "(StablehloRngBitGeneratorOptions).algorithm: 3 is not a RngAlgorithm");
        BadEnum2(BuiltinOperator.REDUCE_WINDOW, G.BuiltinOptions2.ReduceWindowOptions,
            fb => G.ReduceWindowOptions.CreateReduceWindowOptions(fb, (G.ReduceWindowFunction)7).Value,
            "(ReduceWindowOptions).reduce_function: 7 is not a ReduceWindowFunction");
        BadEnum2(BuiltinOperator.STABLEHLO_COMPOSITE, G.BuiltinOptions2.StableHLOCompositeOptions,
            fb => G.StableHLOCompositeOptions.CreateStableHLOCompositeOptions(fb, composite_attributes_format: (G.CustomOptionsFormat)1).Value,
            "(StableHLOCompositeOptions).composite_attributes_format: 1 is not a CustomOptionsFormat");
        BadEnum2(BuiltinOperator.STABLEHLO_DOT_GENERAL, G.BuiltinOptions2.StablehloDotGeneralOptions,
            fb => G.StablehloDotGeneralOptions.CreateStablehloDotGeneralOptions(fb,
                precision_configOffset: G.StablehloDotGeneralOptions.CreatePrecisionConfigVector(fb, [G.StablehloPrecisionConfig.HIGH, (G.StablehloPrecisionConfig)3])).Value,
            "(StablehloDotGeneralOptions).precision_config[1]: 3 is not a StablehloPrecisionConfig");
    }

    // ---- field values of records with vectors, strings and bytes ----

    [Fact]
    public void StableHloRecordsReadVectorsStringsAndBytes()
    {
        var gather = (StablehloGatherOptions)ReadOperator(Model(BuiltinOperator.STABLEHLO_GATHER, G.BuiltinOptions.NONE, null,
            G.BuiltinOptions2.StablehloGatherOptions, fb => G.StablehloGatherOptions.CreateStablehloGatherOptions(fb,
                G.StablehloGatherOptions.CreateOffsetDimsVector(fb, [1, 2]), G.StablehloGatherOptions.CreateCollapsedSliceDimsVector(fb, [0]),
                G.StablehloGatherOptions.CreateStartIndexMapVector(fb, [0]), 1, G.StablehloGatherOptions.CreateSliceSizesVector(fb, [1, 5, 7]), true).Value)).ParsedOptions2!;
        Assert.Equal([1L, 2L], gather.OffsetDims);
        Assert.Equal([0L], gather.CollapsedSliceDims);
        Assert.Equal([1L, 5L, 7L], gather.SliceSizes);
        Assert.Equal((1L, true), (gather.IndexVectorDim, gather.IndicesAreSorted));

        var composite = ReadOperator(Model(BuiltinOperator.STABLEHLO_COMPOSITE, G.BuiltinOptions.NONE, null,
            G.BuiltinOptions2.StableHLOCompositeOptions, fb => G.StableHLOCompositeOptions.CreateStableHLOCompositeOptions(fb,
                fb.CreateString("odml.rms_norm"), 0, G.StableHLOCompositeOptions.CreateCompositeAttributesVector(fb, [7, 8, 9]), G.CustomOptionsFormat.FLEXBUFFERS, 3).Value))
            .GetOptions<StableHLOCompositeOptions>();
        Assert.Equal(("odml.rms_norm", 0, 3), (composite.Name, composite.DecompositionSubgraphIndex, composite.Version));
        Assert.Equal([7, 8, 9], composite.CompositeAttributes.ToArray());
        Assert.Equal(CustomOptionsFormat.FlexBuffers, composite.CompositeAttributesFormat);

        var call = ReadOperator(Model(BuiltinOperator.STABLEHLO_CUSTOM_CALL, G.BuiltinOptions.NONE, null,
            G.BuiltinOptions2.StablehloCustomCallOptions, fb => G.StablehloCustomCallOptions.CreateStablehloCustomCallOptions(fb,
                fb.CreateString("my_target"), true, fb.CreateString("cfg"), 2, G.StablehloCustomCallOptions.CreateCalledComputationsVector(fb, [0]),
                G.StablehloCustomCallOptions.CreateCustomAttributesVector(fb, [1])).Value)).GetOptions<StablehloCustomCallOptions>();
        Assert.Equal(("my_target", true, "cfg", 2), (call.CallTargetName, call.HasSideEffect, call.BackendConfig, call.ApiVersion));
        Assert.Equal([0], call.CalledComputations);

        var conv = ReadOperator(Model(BuiltinOperator.STABLEHLO_CONVOLUTION, G.BuiltinOptions.NONE, null,
            G.BuiltinOptions2.StablehloConvolutionOptions, fb => G.StablehloConvolutionOptions.CreateStablehloConvolutionOptions(fb,
                window_reversalOffset: G.StablehloConvolutionOptions.CreateWindowReversalVector(fb, [true, false]),
                feature_group_count: 4,
                precision_configOffset: G.StablehloConvolutionOptions.CreatePrecisionConfigVector(fb, [G.StablehloPrecisionConfig.HIGHEST, G.StablehloPrecisionConfig.DEFAULT])).Value))
            .GetOptions<StablehloConvolutionOptions>();
        Assert.Equal([true, false], conv.WindowReversal);
        Assert.Equal(4, conv.FeatureGroupCount);
        Assert.Equal([StablehloPrecisionConfig.Highest, StablehloPrecisionConfig.Default], conv.PrecisionConfig);
        Assert.Empty(conv.WindowStrides);

        var compare = ReadOperator(Model(BuiltinOperator.STABLEHLO_COMPARE, G.BuiltinOptions.NONE, null,
            G.BuiltinOptions2.StablehloCompareOptions, fb => G.StablehloCompareOptions.CreateStablehloCompareOptions(fb,
                G.StablehloComparisonDirection.STABLEHLO_COMPARISON_DIRECTION_LT, G.StablehloComparisonType.STABLEHLO_COMPARISON_TYPE_SIGNED).Value))
            .GetOptions<StablehloCompareOptions>();
        Assert.Equal((StablehloComparisonDirection.Lt, StablehloComparisonType.Signed), (compare.ComparisonDirection, compare.CompareType));
    }

    [Fact]
    public void BuiltinRecordsReadTheirFields()
    {
        var vh = ReadOperator(Model(BuiltinOperator.VAR_HANDLE, G.BuiltinOptions.VarHandleOptions,
            fb => G.VarHandleOptions.CreateVarHandleOptions(fb, fb.CreateString("c"), fb.CreateString("state\u001b")).Value)).GetOptions<VarHandleOptions>();
        Assert.Equal(("c", "state\u001b"), (vh.Container, vh.SharedName));
        var bucketize = ReadOperator(Model(BuiltinOperator.BUCKETIZE, G.BuiltinOptions.BucketizeOptions,
            fb => G.BucketizeOptions.CreateBucketizeOptions(fb, G.BucketizeOptions.CreateBoundariesVector(fb, [0.5f, 2f])).Value)).GetOptions<BucketizeOptions>();
        Assert.Equal([0.5f, 2f], bucketize.Boundaries);
        var random = ReadOperator(Model(BuiltinOperator.RANDOM_UNIFORM, G.BuiltinOptions.RandomOptions,
            fb => G.RandomOptions.CreateRandomOptions(fb, 7, 1L << 40).Value)).GetOptions<RandomOptions>();
        Assert.Equal(new RandomOptions { Seed = 7, Seed2 = 1L << 40 }, random);
        var conv3d = ReadOperator(Model(BuiltinOperator.CONV_3D, G.BuiltinOptions.Conv3DOptions,
            fb => G.Conv3DOptions.CreateConv3DOptions(fb, G.Padding.VALID, 1, 2, 3, G.ActivationFunctionType.RELU, 4, 5, 6).Value)).GetOptions<Conv3DOptions>();
        Assert.Equal(new Conv3DOptions { Padding = Padding.Valid, StrideD = 1, StrideW = 2, StrideH = 3, FusedActivation = ActivationFunctionType.Relu, DilationDFactor = 4, DilationWFactor = 5, DilationHFactor = 6 }, conv3d);
        Assert.Equal(new Conv3DOptions { DilationDFactor = 1, DilationWFactor = 1, DilationHFactor = 1 }, new Conv3DOptions());
        var concat = ReadOperator(Model(BuiltinOperator.CONCAT_EMBEDDINGS, G.BuiltinOptions.ConcatEmbeddingsOptions,
            fb => G.ConcatEmbeddingsOptions.CreateConcatEmbeddingsOptions(fb, 2, G.ConcatEmbeddingsOptions.CreateNumColumnsPerChannelVector(fb, [3, 4]),
                G.ConcatEmbeddingsOptions.CreateEmbeddingDimPerChannelVector(fb, [5, 6])).Value)).GetOptions<ConcatEmbeddingsOptions>();
        Assert.Equal(2, concat.NumChannels);
        Assert.Equal([3, 4], concat.NumColumnsPerChannel);
        Assert.Equal([5, 6], concat.EmbeddingDimPerChannel);
        Assert.Equal(TensorType.Int32, new UniqueOptions().IdxOutType);
        Assert.Equal(TensorType.Int64, ReadOperator(Model(BuiltinOperator.UNIQUE, G.BuiltinOptions.UniqueOptions,
            fb => G.UniqueOptions.CreateUniqueOptions(fb, G.TensorType.INT64).Value)).GetOptions<UniqueOptions>().IdxOutType);
        Assert.Equal(LSHProjectionType.Dense, ReadOperator(Model(BuiltinOperator.LSH_PROJECTION, G.BuiltinOptions.LSHProjectionOptions,
            fb => G.LSHProjectionOptions.CreateLSHProjectionOptions(fb, G.LSHProjectionType.DENSE).Value)).GetOptions<LSHProjectionOptions>().Type);
        Assert.Equal(0u, ReadOperator(Model(BuiltinOperator.CALL, G.BuiltinOptions.CallOptions,
            fb => G.CallOptions.CreateCallOptions(fb, 0).Value)).GetOptions<CallOptions>().Subgraph);
    }
}
