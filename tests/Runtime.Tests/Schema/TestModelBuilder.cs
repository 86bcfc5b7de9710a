using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Tests.Schema;

/// <summary>
/// Builds small .tflite models in memory through the generated FlatBuffers builder API. Describe the
/// model with the mutable spec classes (or start from <see cref="SingleOp"/>), then <see cref="Build"/>.
/// Buffer 0 is the conventional empty buffer.
/// </summary>
/// <example>
/// <code>
/// var b = TestModelBuilder.SingleOp(BuiltinOperator.ADD,
///     [new() { Name = "a", Shape = [1, 4] }, new() { Name = "b", Shape = [1, 4] }, new() { Name = "out", Shape = [1, 4] }],
///     inputs: [0, 1], outputs: [2],
///     G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.RELU).Value);
/// ModelDef model = ModelReader.Read(b.Build());
/// </code>
/// </example>
internal sealed class TestModelBuilder
{
    public sealed class TensorSpec
    {
        public string Name { get; set; } = "";
        public G.TensorType Type { get; set; } = G.TensorType.FLOAT32;
        public int[]? Shape { get; set; } = [];
        public int[]? ShapeSignature { get; set; }
        public uint Buffer { get; set; }
        public float[]? Scale { get; set; }
        public long[]? ZeroPoint { get; set; }
        public int QuantizedDimension { get; set; }
        public bool IsVariable { get; set; }
        /// <summary>Writes a SparsityParameters table; return its offset value.</summary>
        public Func<FlatBufferBuilder, int>? Sparsity { get; set; }
        /// <summary>Writes the QuantizationParameters table (instead of one made from Scale/ZeroPoint); return its offset value.</summary>
        public Func<FlatBufferBuilder, int>? Quantization { get; set; }
        /// <summary>Tensor.external_buffer: the id of an entry of <see cref="ExternalBuffers"/>; 0 for none.</summary>
        public uint ExternalBuffer { get; set; }
    }

    public sealed class OperatorSpec
    {
        public uint OpcodeIndex { get; set; }
        public int[] Inputs { get; set; } = [];
        public int[] Outputs { get; set; } = [];
        public int[]? Intermediates { get; set; }
        public G.BuiltinOptions OptionsType { get; set; }
        /// <summary>Writes the builtin_options table; return its offset value.</summary>
        public Func<FlatBufferBuilder, int>? Options { get; set; }
        public G.BuiltinOptions2 Options2Type { get; set; }
        public Func<FlatBufferBuilder, int>? Options2 { get; set; }
        public byte[]? CustomOptions { get; set; }
        public ulong LargeCustomOptionsOffset { get; set; }
        public ulong LargeCustomOptionsSize { get; set; }
    }

    public sealed class SubGraphSpec
    {
        public string Name { get; set; } = "main";
        public List<TensorSpec> Tensors { get; set; } = [];
        public int[] Inputs { get; set; } = [];
        public int[] Outputs { get; set; } = [];
        public List<OperatorSpec> Operators { get; set; } = [];
    }

    public sealed class OperatorCodeSpec
    {
        public BuiltinOperator Code { get; set; }
        public string? CustomCode { get; set; }
        public int Version { get; set; } = 1;
        /// <summary>deprecated_builtin_code; by default min(code, 127) as TFLite's converter writes it.</summary>
        public sbyte? DeprecatedCode { get; set; }
    }

    public sealed class BufferSpec
    {
        public byte[]? Data { get; set; }
        public ulong Offset { get; set; }
        public ulong Size { get; set; }
    }

    public sealed class SignatureSpec
    {
        public string Key { get; set; } = "serving_default";
        public uint SubGraph { get; set; }
        public List<(string Name, uint Tensor)> Inputs { get; set; } = [];
        public List<(string Name, uint Tensor)> Outputs { get; set; } = [];
    }

    public uint Version { get; set; } = 3;
    public string? Description { get; set; } = "ManagedLite test model";
    public bool WriteIdentifier { get; set; } = true;
    public List<OperatorCodeSpec> OperatorCodes { get; set; } = [];
    public List<BufferSpec> Buffers { get; set; } = [new()];
    public List<SubGraphSpec> SubGraphs { get; set; } = [];
    public List<(string Name, uint Buffer)> Metadata { get; set; } = [];
    public List<SignatureSpec> Signatures { get; set; } = [];
    /// <summary>Bytes appended after the FlatBuffer (for example a ZIP of associated files).</summary>
    public byte[] Trailing { get; set; } = [];
    public List<string> ExternalBufferGroups { get; set; } = [];
    public List<(uint Id, uint Group, ulong Offset, ulong Length, string Packing)> ExternalBuffers { get; set; } = [];

    public SubGraphSpec Main => SubGraphs[0];

    public int AddOperatorCode(BuiltinOperator code, int version = 1, string? customCode = null)
    {
        OperatorCodes.Add(new OperatorCodeSpec { Code = code, Version = version, CustomCode = customCode });
        return OperatorCodes.Count - 1;
    }

    public uint AddBuffer(byte[] data)
    {
        Buffers.Add(new BufferSpec { Data = data });
        return (uint)(Buffers.Count - 1);
    }

    public uint AddBuffer<T>(T[] values) where T : unmanaged => AddBuffer(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>
    /// A one-subgraph, one-operator model. Subgraph inputs are the operator inputs that have no buffer;
    /// subgraph outputs are the operator outputs.
    /// </summary>
    public static TestModelBuilder SingleOp(BuiltinOperator code, TensorSpec[] tensors, int[] inputs, int[] outputs,
        G.BuiltinOptions optionsType = G.BuiltinOptions.NONE, Func<FlatBufferBuilder, int>? options = null, int version = 1)
    {
        var b = new TestModelBuilder();
        b.AddOperatorCode(code, version, code == BuiltinOperator.CUSTOM ? "TestCustom" : null);
        b.SubGraphs.Add(new SubGraphSpec
        {
            Tensors = [.. tensors],
            Inputs = inputs.Where(i => i >= 0 && tensors[i].Buffer == 0).ToArray(),
            Outputs = outputs,
            Operators = [new OperatorSpec { OpcodeIndex = 0, Inputs = inputs, Outputs = outputs, OptionsType = optionsType, Options = options }],
        });
        return b;
    }

    /// <summary>ADD of two [1, 4] float tensors into a third: the smallest useful valid model.</summary>
    public static TestModelBuilder SimpleAdd() => SingleOp(BuiltinOperator.ADD,
        [new() { Name = "a", Shape = [1, 4] }, new() { Name = "b", Shape = [1, 4] }, new() { Name = "out", Shape = [1, 4] }],
        [0, 1], [2], G.BuiltinOptions.AddOptions, fb => G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.NONE).Value);

    public ModelDef Read(ModelLimits? limits = null) => ModelReader.Read(Build(), limits);

    public byte[] Build()
    {
        var fb = new FlatBufferBuilder(1024);

        var buffers = new Offset<G.Buffer>[Buffers.Count];
        for (int i = 0; i < Buffers.Count; i++)
        {
            BufferSpec spec = Buffers[i];
            VectorOffset data = spec.Data is { Length: > 0 } d ? G.Buffer.CreateDataVector(fb, d) : default;
            buffers[i] = G.Buffer.CreateBuffer(fb, data, spec.Offset, spec.Size);
        }

        var codes = new Offset<G.OperatorCode>[OperatorCodes.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            OperatorCodeSpec c = OperatorCodes[i];
            StringOffset custom = c.CustomCode is null ? default : fb.CreateString(c.CustomCode);
            sbyte deprecated = c.DeprecatedCode ?? (sbyte)Math.Min((int)c.Code, 127);
            codes[i] = G.OperatorCode.CreateOperatorCode(fb, deprecated, custom, c.Version, (G.BuiltinOperator)(int)c.Code);
        }

        var subGraphs = new Offset<G.SubGraph>[SubGraphs.Count];
        for (int s = 0; s < subGraphs.Length; s++)
            subGraphs[s] = BuildSubGraph(fb, SubGraphs[s]);

        var metadata = new Offset<G.Metadata>[Metadata.Count];
        for (int i = 0; i < metadata.Length; i++)
            metadata[i] = G.Metadata.CreateMetadata(fb, fb.CreateString(Metadata[i].Name), Metadata[i].Buffer);

        var signatures = new Offset<G.SignatureDef>[Signatures.Count];
        for (int i = 0; i < signatures.Length; i++)
        {
            SignatureSpec sig = Signatures[i];
            var ins = sig.Inputs.Select(m => G.TensorMap.CreateTensorMap(fb, fb.CreateString(m.Name), m.Tensor)).ToArray();
            var outs = sig.Outputs.Select(m => G.TensorMap.CreateTensorMap(fb, fb.CreateString(m.Name), m.Tensor)).ToArray();
            signatures[i] = G.SignatureDef.CreateSignatureDef(fb, G.SignatureDef.CreateInputsVector(fb, ins),
                G.SignatureDef.CreateOutputsVector(fb, outs), fb.CreateString(sig.Key), sig.SubGraph);
        }

        var groups = ExternalBufferGroups.Select(g => G.ExternalBufferGroup.CreateExternalBufferGroup(fb, fb.CreateString(g))).ToArray();
        var externals = ExternalBuffers.Select(e => G.ExternalBuffer.CreateExternalBuffer(fb, e.Id, e.Group, e.Offset, e.Length, fb.CreateString(e.Packing))).ToArray();

        var model = G.Model.CreateModel(fb, Version,
            G.Model.CreateOperatorCodesVector(fb, codes),
            G.Model.CreateSubgraphsVector(fb, subGraphs),
            Description is null ? default : fb.CreateString(Description),
            G.Model.CreateBuffersVector(fb, buffers),
            default,
            metadata.Length > 0 ? G.Model.CreateMetadataVector(fb, metadata) : default,
            signatures.Length > 0 ? G.Model.CreateSignatureDefsVector(fb, signatures) : default,
            groups.Length > 0 ? G.Model.CreateExternalBufferGroupsVector(fb, groups) : default,
            externals.Length > 0 ? G.Model.CreateExternalBuffersVector(fb, externals) : default);
        if (WriteIdentifier)
            G.Model.FinishModelBuffer(fb, model);
        else
            fb.Finish(model.Value);

        byte[] flat = fb.SizedByteArray();
        return Trailing.Length == 0 ? flat : [.. flat, .. Trailing];
    }

    private static Offset<G.SubGraph> BuildSubGraph(FlatBufferBuilder fb, SubGraphSpec sg)
    {
        var tensors = new Offset<G.Tensor>[sg.Tensors.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            TensorSpec t = sg.Tensors[i];
            Offset<G.QuantizationParameters> quant = default;
            if (t.Quantization is not null)
            {
                quant = new Offset<G.QuantizationParameters>(t.Quantization(fb));
            }
            else if (t.Scale is not null || t.ZeroPoint is not null)
            {
                quant = G.QuantizationParameters.CreateQuantizationParameters(fb,
                    scaleOffset: t.Scale is null ? default : G.QuantizationParameters.CreateScaleVector(fb, t.Scale),
                    zero_pointOffset: t.ZeroPoint is null ? default : G.QuantizationParameters.CreateZeroPointVector(fb, t.ZeroPoint),
                    quantized_dimension: t.QuantizedDimension);
            }
            var sparsity = t.Sparsity is null ? default : new Offset<G.SparsityParameters>(t.Sparsity(fb));
            tensors[i] = G.Tensor.CreateTensor(fb,
                t.Shape is null ? default : G.Tensor.CreateShapeVector(fb, t.Shape),
                t.Type, t.Buffer, fb.CreateString(t.Name), quant, t.IsVariable, sparsity,
                t.ShapeSignature is null ? default : G.Tensor.CreateShapeSignatureVector(fb, t.ShapeSignature),
                external_buffer: t.ExternalBuffer);
        }

        var ops = new Offset<G.Operator>[sg.Operators.Count];
        for (int i = 0; i < ops.Length; i++)
        {
            OperatorSpec op = sg.Operators[i];
            int options = op.Options?.Invoke(fb) ?? 0;
            int options2 = op.Options2?.Invoke(fb) ?? 0;
            ops[i] = G.Operator.CreateOperator(fb, op.OpcodeIndex,
                G.Operator.CreateInputsVector(fb, op.Inputs),
                G.Operator.CreateOutputsVector(fb, op.Outputs),
                op.OptionsType, options,
                op.CustomOptions is null ? default : G.Operator.CreateCustomOptionsVector(fb, op.CustomOptions),
                G.CustomOptionsFormat.FLEXBUFFERS, default,
                op.Intermediates is null ? default : G.Operator.CreateIntermediatesVector(fb, op.Intermediates),
                op.LargeCustomOptionsOffset, op.LargeCustomOptionsSize,
                op.Options2Type, options2);
        }

        return G.SubGraph.CreateSubGraph(fb,
            G.SubGraph.CreateTensorsVector(fb, tensors),
            G.SubGraph.CreateInputsVector(fb, sg.Inputs),
            G.SubGraph.CreateOutputsVector(fb, sg.Outputs),
            G.SubGraph.CreateOperatorsVector(fb, ops),
            fb.CreateString(sg.Name));
    }
}
