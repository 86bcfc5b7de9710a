using Google.FlatBuffers;
using ManagedLite.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Each options record reads its table's fields, and keeps the schema defaults when the table is absent. Options
/// are parsed when the model is read: a bad enum or a table of the wrong type fails <see cref="ModelReader.Read"/>.
/// </summary>
public sealed class OptionsParseTests
{
    /// <summary>
    /// Writes <paramref name="options"/> on a one-operator model (an operator that takes that table), reads it back and
    /// returns the record as <typeparamref name="T"/>.
    /// </summary>
    private static T Parse<T>(G.BuiltinOptions type, Func<FlatBufferBuilder, int>? options) where T : IBuiltinOptions<T>
    {
        BuiltinOperator op = type == G.BuiltinOptions.NONE ? BuiltinOperator.ADD : OptionsCoverageTests.OperatorTaking(type);
        var b = TestModelBuilder.SingleOp(op,
            [new() { Name = "x", Shape = [1] }, new() { Name = "y", Shape = [1] }], [0], [1], type, options);
        if (op is BuiltinOperator.IF or BuiltinOperator.WHILE or BuiltinOperator.CALL_ONCE)
        {
            // Control flow needs the subgraphs its options name (1 to 5 here) to exist.
            for (int s = 1; s <= 5; s++)
                b.SubGraphs.Add(new() { Name = $"sg{s}", Tensors = [new() { Name = "t", Shape = [1] }] });
        }
        return b.Read().SubGraphs[0].Operators[0].GetOptions<T>();
    }

    [Fact]
    public void AbsentTablesGiveSchemaDefaults()
    {
        Assert.Equal(new AddOptions(), Parse<AddOptions>(G.BuiltinOptions.NONE, null));
        Assert.True(Parse<AddOptions>(G.BuiltinOptions.NONE, null).PotScaleInt16);
        Assert.True(Parse<SubOptions>(G.BuiltinOptions.NONE, null).PotScaleInt16);
        Assert.Equal(1, Parse<Conv2DOptions>(G.BuiltinOptions.NONE, null).DilationW);
        Assert.Null(Parse<ReshapeOptions>(G.BuiltinOptions.NONE, null).NewShape);
        Assert.Empty(Parse<SqueezeOptions>(G.BuiltinOptions.NONE, null).SqueezeDims);
        Assert.Equal(TensorType.Int32, Parse<ShapeOptions>(G.BuiltinOptions.NONE, null).OutType);
        Assert.True(Parse<BidirectionalSequenceLSTMOptions>(G.BuiltinOptions.NONE, null).TimeMajor);
    }

    [Fact]
    public void EmptyTablesGiveSchemaDefaults()
    {
        // FlatBuffers omits fields equal to their default: a table with no fields must read as the defaults.
        var add = Parse<AddOptions>(G.BuiltinOptions.AddOptions, fb => { G.AddOptions.StartAddOptions(fb); return G.AddOptions.EndAddOptions(fb).Value; });
        Assert.True(add.PotScaleInt16);
        var conv = Parse<Conv2DOptions>(G.BuiltinOptions.Conv2DOptions, fb => { G.Conv2DOptions.StartConv2DOptions(fb); return G.Conv2DOptions.EndConv2DOptions(fb).Value; });
        Assert.Equal((1, 1), (conv.DilationW, conv.DilationH));
        var gather = Parse<GatherOptions>(G.BuiltinOptions.GatherOptions, fb => { G.GatherOptions.StartGatherOptions(fb); return G.GatherOptions.EndGatherOptions(fb).Value; });
        Assert.Equal(new GatherOptions(), gather);
    }

    [Fact]
    public void AddAndSub()
    {
        var add = Parse<AddOptions>(G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.RELU6, false).Value);
        Assert.Equal(new AddOptions { FusedActivation = ActivationFunctionType.Relu6, PotScaleInt16 = false }, add);
        var sub = Parse<SubOptions>(G.BuiltinOptions.SubOptions, fb => G.SubOptions.CreateSubOptions(fb, G.ActivationFunctionType.RELU_N1_TO_1, false).Value);
        Assert.Equal(new SubOptions { FusedActivation = ActivationFunctionType.ReluN1To1, PotScaleInt16 = false }, sub);
        Assert.Equal(ActivationFunctionType.Tanh, Parse<MulOptions>(G.BuiltinOptions.MulOptions, fb => G.MulOptions.CreateMulOptions(fb, G.ActivationFunctionType.TANH).Value).FusedActivation);
        Assert.Equal(ActivationFunctionType.Relu, Parse<DivOptions>(G.BuiltinOptions.DivOptions, fb => G.DivOptions.CreateDivOptions(fb, G.ActivationFunctionType.RELU).Value).FusedActivation);
    }

    [Fact]
    public void Convolutions()
    {
        var conv = Parse<Conv2DOptions>(G.BuiltinOptions.Conv2DOptions,
            fb => G.Conv2DOptions.CreateConv2DOptions(fb, G.Padding.VALID, 2, 3, G.ActivationFunctionType.RELU, 4, 5, G.TensorType.INT64).Value);
        Assert.Equal(new Conv2DOptions { Padding = Padding.Valid, StrideW = 2, StrideH = 3, FusedActivation = ActivationFunctionType.Relu, DilationW = 4, DilationH = 5, QuantizedBiasType = TensorType.Int64 }, conv);
        var dw = Parse<DepthwiseConv2DOptions>(G.BuiltinOptions.DepthwiseConv2DOptions,
            fb => G.DepthwiseConv2DOptions.CreateDepthwiseConv2DOptions(fb, G.Padding.SAME, 1, 2, 3, G.ActivationFunctionType.RELU6, 2, 1).Value);
        Assert.Equal(new DepthwiseConv2DOptions { StrideW = 1, StrideH = 2, DepthMultiplier = 3, FusedActivation = ActivationFunctionType.Relu6, DilationW = 2, DilationH = 1 }, dw);
        var tc = Parse<TransposeConvOptions>(G.BuiltinOptions.TransposeConvOptions,
            fb => G.TransposeConvOptions.CreateTransposeConvOptions(fb, G.Padding.VALID, 2, 2, G.ActivationFunctionType.RELU).Value);
        Assert.Equal(new TransposeConvOptions { Padding = Padding.Valid, StrideW = 2, StrideH = 2, FusedActivation = ActivationFunctionType.Relu }, tc);
        var pool = Parse<Pool2DOptions>(G.BuiltinOptions.Pool2DOptions,
            fb => G.Pool2DOptions.CreatePool2DOptions(fb, G.Padding.VALID, 2, 2, 3, 3, G.ActivationFunctionType.NONE).Value);
        Assert.Equal(new Pool2DOptions { Padding = Padding.Valid, StrideW = 2, StrideH = 2, FilterWidth = 3, FilterHeight = 3 }, pool);
    }

    [Fact]
    public void FullyConnectedAndBatchMatMul()
    {
        var fc = Parse<FullyConnectedOptions>(G.BuiltinOptions.FullyConnectedOptions,
            fb => G.FullyConnectedOptions.CreateFullyConnectedOptions(fb, G.ActivationFunctionType.RELU, G.FullyConnectedOptionsWeightsFormat.SHUFFLED4x16INT8, true, true).Value);
        Assert.Equal(new FullyConnectedOptions { FusedActivation = ActivationFunctionType.Relu, WeightsFormat = 1, KeepNumDims = true, AsymmetricQuantizeInputs = true }, fc);
        var bmm = Parse<BatchMatMulOptions>(G.BuiltinOptions.BatchMatMulOptions, fb => G.BatchMatMulOptions.CreateBatchMatMulOptions(fb, true, false, true).Value);
        Assert.Equal(new BatchMatMulOptions { AdjX = true, AdjY = false, AsymmetricQuantizeInputs = true }, bmm);
    }

    [Fact]
    public void Resizes()
    {
        // ResizeBilinearOptions keeps two deprecated fields first: align_corners is field 2, half_pixel_centers field 3.
        var bl = Parse<ResizeBilinearOptions>(G.BuiltinOptions.ResizeBilinearOptions, fb => G.ResizeBilinearOptions.CreateResizeBilinearOptions(fb, false, true).Value);
        Assert.Equal(new ResizeBilinearOptions { AlignCorners = false, HalfPixelCenters = true }, bl);
        var nn = Parse<ResizeNearestNeighborOptions>(G.BuiltinOptions.ResizeNearestNeighborOptions, fb => G.ResizeNearestNeighborOptions.CreateResizeNearestNeighborOptions(fb, true, false).Value);
        Assert.Equal(new ResizeNearestNeighborOptions { AlignCorners = true, HalfPixelCenters = false }, nn);
    }

    [Fact]
    public void ShapesAndSlices()
    {
        var ss = Parse<StridedSliceOptions>(G.BuiltinOptions.StridedSliceOptions, fb => G.StridedSliceOptions.CreateStridedSliceOptions(fb, 1, 2, 4, 8, 16, true).Value);
        Assert.Equal(new StridedSliceOptions { BeginMask = 1, EndMask = 2, EllipsisMask = 4, NewAxisMask = 8, ShrinkAxisMask = 16, Offset = true }, ss);
        var reshape = Parse<ReshapeOptions>(G.BuiltinOptions.ReshapeOptions, fb => G.ReshapeOptions.CreateReshapeOptions(fb, G.ReshapeOptions.CreateNewShapeVector(fb, [2, -1])).Value);
        Assert.Equal([2, -1], reshape.NewShape!);
        var squeeze = Parse<SqueezeOptions>(G.BuiltinOptions.SqueezeOptions, fb => G.SqueezeOptions.CreateSqueezeOptions(fb, G.SqueezeOptions.CreateSqueezeDimsVector(fb, [0, 2])).Value);
        Assert.Equal([0, 2], squeeze.SqueezeDims);
        Assert.Equal(new GatherOptions { Axis = 2, BatchDims = 1 }, Parse<GatherOptions>(G.BuiltinOptions.GatherOptions, fb => G.GatherOptions.CreateGatherOptions(fb, 2, 1).Value));
        Assert.Equal(new ConcatenationOptions { Axis = -1, FusedActivation = ActivationFunctionType.Relu },
            Parse<ConcatenationOptions>(G.BuiltinOptions.ConcatenationOptions, fb => G.ConcatenationOptions.CreateConcatenationOptions(fb, -1, G.ActivationFunctionType.RELU).Value));
        Assert.Equal(3, Parse<SplitOptions>(G.BuiltinOptions.SplitOptions, fb => G.SplitOptions.CreateSplitOptions(fb, 3).Value).NumSplits);
        Assert.Equal(4, Parse<SplitVOptions>(G.BuiltinOptions.SplitVOptions, fb => G.SplitVOptions.CreateSplitVOptions(fb, 4).Value).NumSplits);
        Assert.Equal(2, Parse<DepthToSpaceOptions>(G.BuiltinOptions.DepthToSpaceOptions, fb => G.DepthToSpaceOptions.CreateDepthToSpaceOptions(fb, 2).Value).BlockSize);
        Assert.Equal(4, Parse<SpaceToDepthOptions>(G.BuiltinOptions.SpaceToDepthOptions, fb => G.SpaceToDepthOptions.CreateSpaceToDepthOptions(fb, 4).Value).BlockSize);
        Assert.Equal(new PackOptions { ValuesCount = 3, Axis = 1 }, Parse<PackOptions>(G.BuiltinOptions.PackOptions, fb => G.PackOptions.CreatePackOptions(fb, 3, 1).Value));
        Assert.Equal(new UnpackOptions { Num = 2, Axis = -1 }, Parse<UnpackOptions>(G.BuiltinOptions.UnpackOptions, fb => G.UnpackOptions.CreateUnpackOptions(fb, 2, -1).Value));
        Assert.Equal(-1, Parse<OneHotOptions>(G.BuiltinOptions.OneHotOptions, fb => G.OneHotOptions.CreateOneHotOptions(fb, -1).Value).Axis);
        Assert.True(Parse<ReducerOptions>(G.BuiltinOptions.ReducerOptions, fb => G.ReducerOptions.CreateReducerOptions(fb, true).Value).KeepDims);
        Assert.Equal(MirrorPadMode.Symmetric, Parse<MirrorPadOptions>(G.BuiltinOptions.MirrorPadOptions, fb => G.MirrorPadOptions.CreateMirrorPadOptions(fb, G.MirrorPadMode.SYMMETRIC).Value).Mode);
    }

    [Fact]
    public void ActivationsAndTypes()
    {
        Assert.True(Parse<GeluOptions>(G.BuiltinOptions.GeluOptions, fb => G.GeluOptions.CreateGeluOptions(fb, true).Value).Approximate);
        Assert.Equal(0.2f, Parse<LeakyReluOptions>(G.BuiltinOptions.LeakyReluOptions, fb => G.LeakyReluOptions.CreateLeakyReluOptions(fb, 0.2f).Value).Alpha);
        Assert.Equal(0.5f, Parse<SoftmaxOptions>(G.BuiltinOptions.SoftmaxOptions, fb => G.SoftmaxOptions.CreateSoftmaxOptions(fb, 0.5f).Value).Beta);
        Assert.Equal(new CastOptions { InDataType = TensorType.UInt8, OutDataType = TensorType.Float16 },
            Parse<CastOptions>(G.BuiltinOptions.CastOptions, fb => G.CastOptions.CreateCastOptions(fb, G.TensorType.UINT8, G.TensorType.FLOAT16).Value));
        Assert.Equal(TensorType.Int64, Parse<ShapeOptions>(G.BuiltinOptions.ShapeOptions, fb => G.ShapeOptions.CreateShapeOptions(fb, G.TensorType.INT64).Value).OutType);
        Assert.Equal(TensorType.Int32, Parse<ArgMaxOptions>(G.BuiltinOptions.ArgMaxOptions, fb => G.ArgMaxOptions.CreateArgMaxOptions(fb, G.TensorType.INT32).Value).OutputType);
        Assert.Equal(TensorType.Int64, Parse<ArgMinOptions>(G.BuiltinOptions.ArgMinOptions, fb => G.ArgMinOptions.CreateArgMinOptions(fb, G.TensorType.INT64).Value).OutputType);
    }

    [Fact]
    public void Recurrent()
    {
        var svdf = Parse<SVDFOptions>(G.BuiltinOptions.SVDFOptions, fb => G.SVDFOptions.CreateSVDFOptions(fb, 2, G.ActivationFunctionType.RELU, true).Value);
        Assert.Equal(new SVDFOptions { Rank = 2, FusedActivation = ActivationFunctionType.Relu, AsymmetricQuantizeInputs = true }, svdf);
        var lstm = Parse<UnidirectionalSequenceLSTMOptions>(G.BuiltinOptions.UnidirectionalSequenceLSTMOptions,
            fb => G.UnidirectionalSequenceLSTMOptions.CreateUnidirectionalSequenceLSTMOptions(fb, G.ActivationFunctionType.TANH, 10f, 3f, true, false, true).Value);
        Assert.Equal(new UnidirectionalSequenceLSTMOptions { FusedActivation = ActivationFunctionType.Tanh, CellClip = 10f, ProjClip = 3f, TimeMajor = true, DiagonalRecurrentTensors = true }, lstm);
        var full = Parse<LSTMOptions>(G.BuiltinOptions.LSTMOptions, fb => G.LSTMOptions.CreateLSTMOptions(fb, G.ActivationFunctionType.TANH, 1f, 2f, G.LSTMKernelType.BASIC).Value);
        Assert.Equal(new LSTMOptions { FusedActivation = ActivationFunctionType.Tanh, CellClip = 1f, ProjClip = 2f, KernelType = 1 }, full);
    }

    [Fact]
    public void ControlFlowOptions()
    {
        Assert.Equal(new IfOptions { ThenSubgraphIndex = 1, ElseSubgraphIndex = 2 }, Parse<IfOptions>(G.BuiltinOptions.IfOptions, fb => G.IfOptions.CreateIfOptions(fb, 1, 2).Value));
        Assert.Equal(new WhileOptions { CondSubgraphIndex = 3, BodySubgraphIndex = 4 }, Parse<WhileOptions>(G.BuiltinOptions.WhileOptions, fb => G.WhileOptions.CreateWhileOptions(fb, 3, 4).Value));
        Assert.Equal(5, Parse<CallOnceOptions>(G.BuiltinOptions.CallOnceOptions, fb => G.CallOnceOptions.CreateCallOnceOptions(fb, 5).Value).InitSubgraphIndex);
    }

    [Fact]
    public void InvalidEnumValuesAreFormatErrors()
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            Parse<AddOptions>(G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb, (G.ActivationFunctionType)9).Value));
        Assert.Equal("subgraphs[0].operators[0].builtin_options(AddOptions).fused_activation_function: 9 is not an ActivationFunctionType", e.Message);
        e = Assert.Throws<ModelFormatException>(() =>
            Parse<Conv2DOptions>(G.BuiltinOptions.Conv2DOptions, fb => G.Conv2DOptions.CreateConv2DOptions(fb, (G.Padding)2).Value));
        Assert.Equal("subgraphs[0].operators[0].builtin_options(Conv2DOptions).padding: 2 is not a Padding", e.Message);
        e = Assert.Throws<ModelFormatException>(() =>
            Parse<CastOptions>(G.BuiltinOptions.CastOptions, fb => G.CastOptions.CreateCastOptions(fb, G.TensorType.FLOAT32, (G.TensorType)99).Value));
        Assert.Equal("subgraphs[0].operators[0].builtin_options(CastOptions).out_data_type: 99 is not a TensorType", e.Message);
    }

    [Fact]
    public void AskingForAnotherRecordIsAFormatError()
    {
        // The table is the right one for ADD; a kernel asking for another record gets a clear error, not defaults.
        var e = Assert.Throws<ModelFormatException>(() =>
            Parse<SoftmaxOptions>(G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb).Value));
        Assert.Equal("subgraphs[0].operators[0].builtin_options: expected SoftmaxOptions, found AddOptions", e.Message);
    }

    [Fact]
    public void ParsingIsSafeFromManyThreads()
    {
        // A Model is shared by interpreters on many threads, each asking for its operators' options in Prepare:
        // the records parsed at load are shared, immutable and never re-read from the FlatBuffer.
        var b = new TestModelBuilder();
        b.AddOperatorCode(BuiltinOperator.LEAKY_RELU);
        var sg = new TestModelBuilder.SubGraphSpec { Tensors = [new() { Name = "x", Shape = [1] }] };
        for (int i = 0; i < 64; i++)
        {
            float alpha = i * 0.25f + 0.125f;
            sg.Operators.Add(new() { Inputs = [0], Outputs = [0], OptionsType = G.BuiltinOptions.LeakyReluOptions, Options = fb => G.LeakyReluOptions.CreateLeakyReluOptions(fb, alpha).Value });
        }
        b.SubGraphs.Add(sg);
        ModelDef model = b.Read();
        int wrong = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int round = 0; round < 200; round++)
                for (int i = 0; i < 64; i++)
                    if (model.SubGraphs[0].Operators[i].GetOptions<LeakyReluOptions>().Alpha != i * 0.25f + 0.125f)
                        Interlocked.Increment(ref wrong);
        });
        Assert.Equal(0, wrong);
    }
}
