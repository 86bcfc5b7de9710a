using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>Each malformed-model case gives a <see cref="ModelFormatException"/> naming the offending field.</summary>
public sealed class ModelVerifierTests
{
    private static ModelFormatException Fails(byte[] bytes, string expectedStart, ModelLimits? limits = null)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Read(bytes, limits));
        Assert.Null(e.InnerException);
        Assert.StartsWith(expectedStart, e.Message);
        return e;
    }

    private static ModelFormatException Fails(TestModelBuilder b, string expectedStart, ModelLimits? limits = null)
        => Fails(b.Build(), expectedStart, limits);

    private static TestModelBuilder.TensorSpec F32(string name, params int[] shape) => new() { Name = name, Shape = shape };

    [Fact]
    public void SimpleModelReads()
    {
        ModelDef m = TestModelBuilder.SimpleAdd().Read();
        SubGraphDef sg = Assert.Single(m.SubGraphs);
        Assert.Equal(["a", "b", "out"], sg.Tensors.Select(t => t.Name));
        Assert.Equal([0, 1], sg.Inputs);
        Assert.Equal([2], sg.Outputs);
        Assert.Equal(BuiltinOperator.ADD, m.OperatorCodes[0].Code);
        Assert.True(m.TrailingBytes.IsEmpty);
    }

    [Fact]
    public void OperatorInputOutOfRange()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].Inputs = [0, 999];
        Fails(b, "subgraphs[0].operators[0].inputs[1]: tensor index 999 out of range [0, 3)");
    }

    [Fact]
    public void OptionalInputAllowedButNotOptionalOutput()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].Inputs = [0, -1];
        Assert.Equal([0, -1], b.Read().SubGraphs[0].Operators[0].Inputs);
        b.Main.Operators[0].Outputs = [-1];
        Fails(b, "subgraphs[0].operators[0].outputs[0]: tensor index -1 out of range [0, 3)");
        b.Main.Operators[0].Outputs = [2];
        b.Main.Operators[0].Inputs = [0, -2];
        Fails(b, "subgraphs[0].operators[0].inputs[1]: tensor index -2");
        b.Main.Operators[0].Inputs = [0, 1];
        b.Main.Operators[0].Intermediates = [-1];
        Fails(b, "subgraphs[0].operators[0].intermediates[0]");
    }

    [Fact]
    public void OpcodeIndexOutOfRange()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].OpcodeIndex = 1;
        Fails(b, "subgraphs[0].operators[0].opcode_index: 1 out of range [0, 1)");
    }

    [Fact]
    public void SubGraphInputsAndOutputsChecked()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Inputs = [0, 3];
        Fails(b, "subgraphs[0].inputs[1]: tensor index 3 out of range [0, 3)");
        b.Main.Inputs = [0];
        b.Main.Outputs = [-1];
        Fails(b, "subgraphs[0].outputs[0]");
    }

    [Fact]
    public void NegativeDimensionRejected()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1].Shape = [1, -4];
        Fails(b, "subgraphs[0].tensors[1].shape[1]: dimension -4 is negative (tensor 'b')");
    }

    [Fact]
    public void ShapeSignatureAllowsMinusOneOnly()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[0].ShapeSignature = [-1, 4];
        Assert.Equal([-1, 4], b.Read().SubGraphs[0].Tensors[0].ShapeSignature!);
        b.Main.Tensors[0].ShapeSignature = [-2, 4];
        Fails(b, "subgraphs[0].tensors[0].shape_signature[0]: dimension -2 is invalid");
        b.Main.Tensors[0].ShapeSignature = [-1, 4, 1];
        Fails(b, "subgraphs[0].tensors[0].shape_signature: rank 3 differs from shape rank 2");
    }

    [Fact]
    public void RankLimit()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[2].Shape = [1, 1, 1, 1, 1];
        Assert.Equal(5, b.Read().SubGraphs[0].Tensors[2].Shape.Length);
        Fails(b, "subgraphs[0].tensors[2].shape: rank 5 exceeds ModelLimits.MaxRank (4)", ModelLimits.Default with { MaxRank = 4 });
    }

    [Fact]
    public void TensorByteLimitAndOverflow()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[2].Shape = [1024, 1024];
        Assert.NotNull(b.Read());
        Fails(b, "subgraphs[0].tensors[2]: tensor 'out' of shape [1024,1024] needs 4194304 bytes, over ModelLimits.MaxTensorBytes (1048576)",
            ModelLimits.Default with { MaxTensorBytes = 1 << 20 });
        b.Main.Tensors[2].Shape = [int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue];
        Fails(b, "subgraphs[0].tensors[2].shape: the element count of tensor 'out'", ModelLimits.Default with { MaxTensorBytes = long.MaxValue });
        b.Main.Tensors[2].Shape = [1 << 30, 1 << 30];
        Fails(b, "subgraphs[0].tensors[2]: the byte size of tensor 'out'", ModelLimits.Default with { MaxTensorBytes = long.MaxValue });
        // An empty tensor is fine, but its other dimensions are still bounded (they feed stride arithmetic).
        b.Main.Tensors[2].Shape = [0, 4];
        Assert.Equal([0, 4], b.Read().SubGraphs[0].Tensors[2].Shape);
        b.Main.Tensors[2].Shape = [0, int.MaxValue, int.MaxValue];
        Fails(b, "subgraphs[0].tensors[2].shape: tensor 'out' of shape [0,2147483647,2147483647] has more elements than ModelLimits.MaxTensorBytes");
    }

    [Fact]
    public void BufferIndexOutOfRange()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1].Buffer = 5;
        Fails(b, "subgraphs[0].tensors[1].buffer: buffer index 5 out of range [0, 1) (tensor 'b')");
    }

    [Fact]
    public void ConstantBufferSizeMustMatchShape()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1].Buffer = b.AddBuffer(new float[] { 1, 2, 3, 4 });
        ModelDef m = b.Read();
        Assert.Equal(16, m.Buffers[1].Data.Length);
        Assert.Equal(3f, MemoryMarshal.Cast<byte, float>(m.Buffers[1].Data.Span)[2]);

        b.Main.Tensors[1].Buffer = b.AddBuffer(new float[] { 1, 2, 3 });
        Fails(b, "subgraphs[0].tensors[1]: tensor 'b' has 12 bytes in buffer 2, expected 16 (shape [1,4] x 4 bytes of Float32)");
    }

    [Fact]
    public void BufferDataIsASliceOfTheInput()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1].Buffer = b.AddBuffer(new float[] { 1, 2, 3, 4 });
        byte[] bytes = b.Build();
        ModelDef m = ModelReader.Read(bytes);
        Assert.True(MemoryMarshal.TryGetArray(m.Buffers[1].Data, out ArraySegment<byte> seg));
        Assert.Same(bytes, seg.Array);

        // Also from a slice of a larger array (positions are relative to the slice).
        byte[] padded = new byte[bytes.Length + 100];
        bytes.CopyTo(padded, 37);
        ModelDef m2 = ModelReader.Read(padded.AsMemory(37, bytes.Length));
        Assert.Equal(m.Buffers[1].Data.ToArray(), m2.Buffers[1].Data.ToArray());
    }

    [Fact]
    public void MemoryNotBackedByAnArrayReads()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1].Buffer = b.AddBuffer(new float[] { 1, 2, 3, 4 });
        using var manager = new OpaqueMemory(b.Build());
        ModelDef m = ModelReader.Read(manager.Memory);
        Assert.Equal(16, m.Buffers[1].Data.Length);
        Assert.False(MemoryMarshal.TryGetArray(m.Buffers[1].Data, out _)); // still a slice of the caller's memory
        Assert.Equal(4f, MemoryMarshal.Cast<byte, float>(m.Buffers[1].Data.Span)[3]);
    }

    /// <summary>Memory whose TryGetArray fails, like a memory-mapped file.</summary>
    private sealed class OpaqueMemory(byte[] data) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => data;
        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();
        public override void Unpin() { }
        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = default;
            return false;
        }
        protected override void Dispose(bool disposing) { }
    }

    [Fact]
    public void QuantizationChecks()
    {
        var b = TestModelBuilder.SimpleAdd();
        TestModelBuilder.TensorSpec t = b.Main.Tensors[0];
        t.Type = G.TensorType.INT8;
        t.Scale = [0.5f];
        t.ZeroPoint = [3];
        QuantizationDef q = b.Read().SubGraphs[0].Tensors[0].Quantization!;
        Assert.Equal([0.5f], q.Scale);
        Assert.Equal([3L], q.ZeroPoint);

        t.ZeroPoint = [1, 2];
        Fails(b, "subgraphs[0].tensors[0].quantization.zero_point: 2 zero points for 1 scales");

        t.Shape = [2, 3];
        t.Scale = [1, 2, 3];
        t.ZeroPoint = [0, 0, 0];
        t.QuantizedDimension = 1;
        Assert.Equal(1, b.Read().SubGraphs[0].Tensors[0].Quantization!.QuantizedDimension);
        t.QuantizedDimension = 0;
        Fails(b, "subgraphs[0].tensors[0].quantization.scale: 3 per-channel scales but dimension 0 of tensor 'a' is 2");
        t.QuantizedDimension = 2;
        Fails(b, "subgraphs[0].tensors[0].quantization.quantized_dimension: 2 is outside the rank 2 of tensor 'a'");

        // A single scale with an out-of-range dimension is accepted (person_detect does this).
        t.Scale = [1];
        t.ZeroPoint = [0];
        t.QuantizedDimension = 3;
        Assert.Equal(0, b.Read().SubGraphs[0].Tensors[0].Quantization!.QuantizedDimension);

        // No scales means no quantization, as in TFLite.
        t.Scale = [];
        t.ZeroPoint = [5];
        Assert.Null(b.Read().SubGraphs[0].Tensors[0].Quantization);
    }

    [Fact]
    public void TensorTypeMustBeKnown()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[0].Type = (G.TensorType)42;
        Fails(b, "subgraphs[0].tensors[0].type: 42 is not a TensorType");
    }

    [Fact]
    public void CustomOperatorNeedsCustomCode()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.OperatorCodes[0] = new() { Code = BuiltinOperator.CUSTOM };
        Fails(b, "operator_codes[0]: CUSTOM operator without custom_code");
    }

    [Fact]
    public void OpcodeIsMaxOfBothFields()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].OptionsType = G.BuiltinOptions.NONE; // the operator's table must fit the code read
        b.OperatorCodes[0] = new() { Code = BuiltinOperator.GELU, DeprecatedCode = 127 };
        Assert.Equal(BuiltinOperator.GELU, b.Read().OperatorCodes[0].Code);
        b.OperatorCodes[0] = new() { Code = BuiltinOperator.ADD, DeprecatedCode = (sbyte)BuiltinOperator.CONV_2D };
        Assert.Equal(BuiltinOperator.CONV_2D, b.Read().OperatorCodes[0].Code); // old files: builtin_code absent (0)
    }

    [Fact]
    public void ModelNeedsASubGraph()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.SubGraphs.Clear();
        Fails(b, "subgraphs: the model has no subgraph");
    }

    [Fact]
    public void SignatureAndMetadataIndicesChecked()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Signatures.Add(new() { Key = "run", Inputs = [("x", 0)], Outputs = [("y", 2)] });
        b.Metadata.Add(("min_runtime_version", 0));
        b.Description = null;
        ModelDef m = b.Read();
        Assert.Equal("", m.Description);
        Assert.Equal("run", m.SignatureDefs[0].SignatureKey);
        Assert.Equal(new SignatureTensorDef("y", 2), m.SignatureDefs[0].Outputs[0]);
        Assert.Equal(new MetadataDef("min_runtime_version", 0), m.Metadata[0]);

        b.Signatures[0].Outputs = [("y", 3)];
        Fails(b, "signature_defs[0].outputs[0].tensor_index: tensor index 3 out of range [0, 3)");
        b.Signatures[0].Outputs = [("y", 2)];
        b.Signatures[0].SubGraph = 1;
        Fails(b, "signature_defs[0].subgraph_index: subgraph index 1 out of range [0, 1)");
        b.Signatures[0].SubGraph = 0;
        b.Metadata[0] = ("m", 7);
        Fails(b, "metadata[0].buffer: buffer index 7 out of range [0, 1)");
    }

    [Fact]
    public void TrailingBytesAccepted()
    {
        var b = TestModelBuilder.SimpleAdd();
        byte[] zip = [0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0];
        b.Trailing = zip;
        ModelDef m = b.Read();
        Assert.Equal(zip, m.TrailingBytes.ToArray());
    }

    [Fact]
    public void ExternalBufferRangeChecked()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Trailing = [.. new byte[16], .. MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4 }.AsSpan()).ToArray()];
        // Build once to learn where the appended data starts (the FlatBuffer's size does not depend on the offset value).
        b.Buffers.Add(new() { Offset = 2, Size = 16 });
        b.Main.Tensors[1].Buffer = 1;
        int length = b.Build().Length - b.Trailing.Length;
        b.Buffers[1] = new() { Offset = (ulong)(length + 16), Size = 16 };
        ModelDef m = b.Read();
        Assert.Equal(new float[] { 1, 2, 3, 4 }, MemoryMarshal.Cast<byte, float>(m.Buffers[1].Data.Span).ToArray());
        Assert.True(m.TrailingBytes.IsEmpty); // everything after the FlatBuffer is referenced

        b.Buffers[1] = new() { Offset = (ulong)(length + 20), Size = 16 };
        Fails(b, $"buffers[1]: external data at offset {length + 20} of 16 bytes lies outside the file");
        b.Buffers[1] = new() { Offset = ulong.MaxValue - 4, Size = 16 };
        Fails(b, "buffers[1]: external data at offset");
    }

    [Fact]
    public void LargeCustomOptionsRangeChecked()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].LargeCustomOptionsOffset = 1 << 30;
        b.Main.Operators[0].LargeCustomOptionsSize = 4;
        Fails(b, "subgraphs[0].operators[0].large_custom_options_offset: 1073741824 (+4 bytes) lies outside the file");
        b.Main.Operators[0].LargeCustomOptionsOffset = 0;
        b.Main.Operators[0].CustomOptions = [7, 8, 9];
        Assert.Equal([7, 8, 9], b.Read().SubGraphs[0].Operators[0].CustomOptions.ToArray());
    }

    [Fact]
    public void ModelSizeLimit()
    {
        byte[] bytes = TestModelBuilder.SimpleAdd().Build();
        Fails(bytes, $"model: {bytes.Length} bytes exceeds ModelLimits.MaxModelBytes (100)", ModelLimits.Default with { MaxModelBytes = 100 });
    }

    [Fact]
    public void FileIdentifierRequired()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.WriteIdentifier = false;
        Fails(b, "model: file identifier is");
        Fails([1, 2, 3], "model: 3 bytes is too short");
        Fails([], "model: 0 bytes is too short");
    }

    [Fact]
    public void UnknownUnionTypeRejected()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].OptionsType = (G.BuiltinOptions)200;
        Fails(b, "subgraphs[0].operators[0].builtin_options: unknown BuiltinOptions type 200");
    }

    [Fact]
    public void OptionsOfAnotherTypeRejectedAtLoad()
    {
        // Issue 8, item 1: an operator's table must be of the type the operator takes, checked when the model is read.
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Operators[0].OptionsType = G.BuiltinOptions.Conv2DOptions;
        b.Main.Operators[0].Options = fb => G.Conv2DOptions.CreateConv2DOptions(fb, stride_w: 2).Value;
        Fails(b, "subgraphs[0].operators[0].builtin_options: ADD takes AddOptions, found Conv2DOptions");
    }

    [Fact]
    public void ControlFlowSubGraphIndicesChecked()
    {
        var b = ControlFlow(BuiltinOperator.IF, G.BuiltinOptions.IfOptions, fb => G.IfOptions.CreateIfOptions(fb, 1, 2).Value, subGraphs: 3);
        ModelDef m = b.Read();
        Assert.Equal((1, 2), (m.SubGraphs[0].Operators[0].GetOptions<IfOptions>().ThenSubgraphIndex, m.SubGraphs[0].Operators[0].GetOptions<IfOptions>().ElseSubgraphIndex));

        b = ControlFlow(BuiltinOperator.IF, G.BuiltinOptions.IfOptions, fb => G.IfOptions.CreateIfOptions(fb, 1, 3).Value, subGraphs: 3);
        Fails(b, "subgraphs[0].operators[0].builtin_options(IfOptions).else_subgraph_index: subgraph index 3 out of range [0, 3)");
        b = ControlFlow(BuiltinOperator.WHILE, G.BuiltinOptions.WhileOptions, fb => G.WhileOptions.CreateWhileOptions(fb, -1, 1).Value, subGraphs: 2);
        Fails(b, "subgraphs[0].operators[0].builtin_options(WhileOptions).cond_subgraph_index: subgraph index -1 out of range [0, 2)");
        b = ControlFlow(BuiltinOperator.CALL_ONCE, G.BuiltinOptions.CallOnceOptions, fb => G.CallOnceOptions.CreateCallOnceOptions(fb, 5).Value, subGraphs: 2);
        Fails(b, "subgraphs[0].operators[0].builtin_options(CallOnceOptions).init_subgraph_index: subgraph index 5 out of range [0, 2)");
        b = ControlFlow(BuiltinOperator.CALL, G.BuiltinOptions.CallOptions, fb => G.CallOptions.CreateCallOptions(fb, 9).Value, subGraphs: 2);
        Fails(b, "subgraphs[0].operators[0].builtin_options(CallOptions).subgraph: subgraph index 9 out of range [0, 2)");
        b = ControlFlow(BuiltinOperator.IF, G.BuiltinOptions.NONE, null, subGraphs: 2);
        Fails(b, "subgraphs[0].operators[0].builtin_options: IF needs IfOptions (absent)");
    }

    [Fact]
    public void ControlFlowCycleRejected()
    {
        var b = ControlFlow(BuiltinOperator.WHILE, G.BuiltinOptions.WhileOptions, fb => G.WhileOptions.CreateWhileOptions(fb, 1, 0).Value, subGraphs: 2);
        Fails(b, "subgraphs[0].operators[0]: calls subgraph 0, which is already running (control-flow cycle)");
    }

    [Fact]
    public void SubGraphNestingLimit()
    {
        // subgraph i runs subgraph i + 1 through CALL_ONCE: a chain 6 deep.
        var b = ControlFlow(BuiltinOperator.CALL_ONCE, G.BuiltinOptions.CallOnceOptions, fb => G.CallOnceOptions.CreateCallOnceOptions(fb, 1).Value, subGraphs: 6);
        for (int s = 1; s < 5; s++)
        {
            int next = s + 1;
            b.SubGraphs[s].Tensors = [F32("x", 1)];
            b.SubGraphs[s].Operators = [new() { OpcodeIndex = 0, OptionsType = G.BuiltinOptions.CallOnceOptions, Options = fb => G.CallOnceOptions.CreateCallOnceOptions(fb, next).Value }];
        }
        Assert.Equal(6, b.Read().SubGraphs.Count);
        Assert.NotNull(b.Read(ModelLimits.Default with { MaxSubgraphDepth = 6 }));
        Fails(b, "subgraphs[", ModelLimits.Default with { MaxSubgraphDepth = 5 });
        var e = Assert.Throws<ModelFormatException>(() => b.Read(ModelLimits.Default with { MaxSubgraphDepth = 5 }));
        Assert.Contains("MaxSubgraphDepth (5)", e.Message);
    }

    [Fact]
    public void SparsityChecked()
    {
        // 4x4 matrix, rows dense, columns CSR: rows 0 and 2 have values at columns 1 and (0, 3).
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new() { Name = "sparse", Shape = [4, 4], Buffer = b.AddBuffer(new float[] { 5, 6, 7 }), Sparsity = Sparse([0, 1], [], 4, [0, 1, 1, 3, 3], [1, 0, 3]) };
        SparsityDef s = b.Read().SubGraphs[0].Tensors[1].Sparsity!;
        Assert.Equal([0, 1], s.TraversalOrder);
        Assert.Equal(DimensionType.Dense, s.DimMetadata[0].Format);
        Assert.Equal(4, s.DimMetadata[0].DenseSize);
        Assert.Equal([0, 1, 1, 3, 3], s.DimMetadata[1].ArraySegments!);
        Assert.Equal([1, 0, 3], s.DimMetadata[1].ArrayIndices!);

        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 4, [0, 1, 1, 3], [1, 0, 3]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[1].array_segments: 4 entries, expected 5");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 4, [0, 1, 1, 3, 3], [1, 0, 4]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[1].array_indices[2]: 4 is outside the dimension size 4");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 4, [0, 1, 3, 1, 3], [1, 0, 3]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[1].array_segments[3]: 1 is smaller than the previous entry");
        b.Main.Tensors[1].Sparsity = Sparse([0, 0], [], 4, [0, 1, 1, 3, 3], [1, 0, 3]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.traversal_order[1]: 0 is not a permutation entry");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1, 2], [], 4, [0, 1, 1, 3, 3], [1, 0, 3]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.traversal_order: length 3, expected rank 2 + 0 block dimensions = 2");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 4, [0, 1, 1, 3, 3], [1, 0]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[1].array_segments: last entry 3 differs from the 2 array_indices");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 4, [0, 1, 1, 2, 2], [1, 0]);
        Fails(b, "subgraphs[0].tensors[1]: tensor 'sparse' has 12 bytes in buffer 1, expected 8 (2 stored (sparse) elements");
    }

    [Fact]
    public void BlockSparsityChecked()
    {
        // 4x4 with 2x2 blocks: block rows dense (2), block columns CSR, blocks dense 2x2; one block at (1, 0).
        var b = TestModelBuilder.SimpleAdd();
        Func<FlatBufferBuilder, int> sparsity = fb =>
        {
            var dims = new[]
            {
                G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 2),
                CsrDim(fb, [0, 0, 1], [0]),
                G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 2),
                G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 2),
            };
            return G.SparsityParameters.CreateSparsityParameters(fb,
                G.SparsityParameters.CreateTraversalOrderVector(fb, [0, 1, 2, 3]),
                G.SparsityParameters.CreateBlockMapVector(fb, [0, 1]),
                G.SparsityParameters.CreateDimMetadataVector(fb, dims)).Value;
        };
        b.Main.Tensors[1] = new() { Name = "blocks", Shape = [4, 4], Buffer = b.AddBuffer(new float[] { 1, 2, 3, 4 }), Sparsity = sparsity };
        SparsityDef s = b.Read().SubGraphs[0].Tensors[1].Sparsity!;
        Assert.Equal([0, 1], s.BlockMap);
        Assert.Equal(4, s.DimMetadata.Count);
    }

    [Fact]
    public void SparsityMustDescribeTheDenseShapeExactly()
    {
        // Issue 7, item 8: a dense size smaller than the shape was accepted and densified a partial matrix.
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new() { Name = "sparse", Shape = [4, 4], Buffer = b.AddBuffer(new float[] { 5, 6 }), Sparsity = Sparse([0, 1], [], 2, [0, 1, 2], [1, 0]) };
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[0].dense_size: 2, but traversal dimension 0 of 'sparse' (shape [4,4]) has size 4");
        b.Main.Tensors[1].Sparsity = Sparse([0, 1], [], 5, [0, 1, 2, 2, 2, 2], [1, 0]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[0].dense_size: 5, but traversal dimension 0 of 'sparse' (shape [4,4]) has size 4");
        // Column-major traversal: the dense level walks dimension 1.
        b.Main.Tensors[1] = new() { Name = "sparse", Shape = [4, 3], Buffer = b.AddBuffer(new float[] { 5, 6 }), Sparsity = Sparse([1, 0], [], 4, [0, 1, 2, 2, 2], [1, 0]) };
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[0].dense_size: 4, but traversal dimension 1 of 'sparse' (shape [4,3]) has size 3");
        b.Main.Tensors[1].Sparsity = Sparse([1, 0], [], 3, [0, 1, 2, 2], [3, 0]);
        Assert.NotNull(b.Read());
    }

    [Fact]
    public void BlockSparsityMustDescribeTheDenseShapeExactly()
    {
        // 4x4 with 2x2 blocks: levels (block row, block column, row in block, column in block).
        Func<FlatBufferBuilder, int> Blocks(int blockRows, int rowBlock, int columnBlock, int[]? blockMap = null, bool sparseBlock = false) => fb =>
        {
            var dims = new[]
            {
                G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, blockRows),
                CsrDim(fb, [0, 0, 1], [0]),
                G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, rowBlock),
                sparseBlock ? CsrDim(fb, [0, 1], [0]) : G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, columnBlock),
            };
            return G.SparsityParameters.CreateSparsityParameters(fb,
                G.SparsityParameters.CreateTraversalOrderVector(fb, [0, 1, 2, 3]),
                G.SparsityParameters.CreateBlockMapVector(fb, blockMap ?? [0, 1]),
                G.SparsityParameters.CreateDimMetadataVector(fb, dims)).Value;
        };
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new() { Name = "blocks", Shape = [4, 4], Buffer = b.AddBuffer(new float[] { 1, 2, 3, 4 }), Sparsity = Blocks(2, 2, 2) };
        Assert.NotNull(b.Read());
        b.Main.Tensors[1].Sparsity = Blocks(1, 2, 2);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[0].dense_size: 1, but traversal dimension 0 of 'blocks' (shape [4,4]) has size 2");
        b.Main.Tensors[1].Sparsity = Blocks(2, 3, 2);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[2].dense_size: block size 3 does not divide dimension 0 (4) of 'blocks'");
        b.Main.Tensors[1].Sparsity = Blocks(2, 0, 2);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[2].dense_size: block size 0 does not divide dimension 0 (4) of 'blocks'");
        b.Main.Tensors[1].Sparsity = Blocks(2, 2, 2, blockMap: [0, 0]);
        Fails(b, "subgraphs[0].tensors[1].sparsity.block_map[1]: dimension 0 of 'blocks' is blocked twice");
        b.Main.Tensors[1].Sparsity = Blocks(2, 2, 2, sparseBlock: true);
        Fails(b, "subgraphs[0].tensors[1].sparsity.dim_metadata[3]: block dimension 3 of 'blocks' must be dense");
    }

    [Fact]
    public void Uint8AndUint16IndexVectorsAreWidened()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[1] = new()
        {
            Name = "sparse", Shape = [2, 300], Buffer = b.AddBuffer(new float[] { 1, 2 }),
            Sparsity = fb =>
            {
                var segs = G.Uint8Vector.CreateUint8Vector(fb, G.Uint8Vector.CreateValuesVector(fb, [0, 1, 2]));
                var idx = G.Uint16Vector.CreateUint16Vector(fb, G.Uint16Vector.CreateValuesVector(fb, [299, 256]));
                var dims = new[]
                {
                    G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, 2),
                    G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.SPARSE_CSR, 0,
                        G.SparseIndexVector.Uint8Vector, segs.Value, G.SparseIndexVector.Uint16Vector, idx.Value),
                };
                return G.SparsityParameters.CreateSparsityParameters(fb,
                    G.SparsityParameters.CreateTraversalOrderVector(fb, [0, 1]), default,
                    G.SparsityParameters.CreateDimMetadataVector(fb, dims)).Value;
            },
        };
        DimensionMetadataDef d = b.Read().SubGraphs[0].Tensors[1].Sparsity!.DimMetadata[1];
        Assert.Equal([0, 1, 2], d.ArraySegments!);
        Assert.Equal([299, 256], d.ArrayIndices!);
    }

    // ---- byte-level corruption the builder cannot express ----

    [Fact]
    public void RootOffsetOutsideFile()
    {
        byte[] bytes = TestModelBuilder.SimpleAdd().Build();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length + 8);
        Fails(bytes, "model: offset");
    }

    [Fact]
    public void VtableOutsideFile()
    {
        byte[] bytes = TestModelBuilder.SimpleAdd().Build();
        int root = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(root), -bytes.Length);
        Fails(bytes, "model: Model table at");
    }

    [Fact]
    public void VectorLengthPastEnd()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[2].Shape = [7, 7777777];
        byte[] bytes = b.Build();
        int at = Find(bytes, [2, 0, 0, 0, 7, 0, 0, 0, 0xF1, 0xAD, 0x76, 0x00]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), int.MaxValue);
        Fails(bytes, "subgraphs[0].tensors[2].shape: vector at");
    }

    [Fact]
    public void StringWithoutTerminator()
    {
        var b = TestModelBuilder.SimpleAdd();
        b.Main.Tensors[2].Name = "unterminated";
        byte[] bytes = b.Build();
        int at = Find(bytes, "unterminated"u8.ToArray());
        bytes[at + "unterminated".Length] = (byte)'!';
        Fails(bytes, "subgraphs[0].tensors[2].name: string at");
    }

    private static int Find(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in the built model");
        return at;
    }

    private static TestModelBuilder ControlFlow(BuiltinOperator code, G.BuiltinOptions type, Func<FlatBufferBuilder, int>? options, int subGraphs)
    {
        var b = TestModelBuilder.SingleOp(code, [F32("x", 1), F32("y", 1)], [0], [1], type, options);
        for (int s = 1; s < subGraphs; s++)
            b.SubGraphs.Add(new() { Name = $"sg{s}", Tensors = [F32("x", 1)], Inputs = [0], Outputs = [0] });
        return b;
    }

    private static Func<FlatBufferBuilder, int> Sparse(int[] order, int[] blockMap, int rows, int[] segments, int[] indices) => fb =>
    {
        var dims = new[] { G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.DENSE, rows), CsrDim(fb, segments, indices) };
        return G.SparsityParameters.CreateSparsityParameters(fb,
            G.SparsityParameters.CreateTraversalOrderVector(fb, order),
            blockMap.Length == 0 ? default : G.SparsityParameters.CreateBlockMapVector(fb, blockMap),
            G.SparsityParameters.CreateDimMetadataVector(fb, dims)).Value;
    };

    private static Offset<G.DimensionMetadata> CsrDim(FlatBufferBuilder fb, int[] segments, int[] indices)
    {
        var segs = G.Int32Vector.CreateInt32Vector(fb, G.Int32Vector.CreateValuesVector(fb, segments));
        var idx = G.Int32Vector.CreateInt32Vector(fb, G.Int32Vector.CreateValuesVector(fb, indices));
        return G.DimensionMetadata.CreateDimensionMetadata(fb, G.DimensionType.SPARSE_CSR, 0,
            G.SparseIndexVector.Int32Vector, segs.Value, G.SparseIndexVector.Int32Vector, idx.Value);
    }
}
