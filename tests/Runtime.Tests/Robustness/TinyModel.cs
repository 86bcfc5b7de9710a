using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema;

namespace ManagedLite.Robustness;

/// <summary>
/// Builds small single-subgraph .tflite files in memory with Google.FlatBuffers' builder, writing the
/// schema's tables by slot number (schema.fbs field order) so that tests need no model files.
/// Shared by the robustness tests, the fuzz tests (as seeds) and tools/fuzz.
/// </summary>
internal sealed class TinyModel
{
    public enum OptionKind { Byte, Bool, Int, Float, Long, IntVector, String, BoolWritten, FloatVector, LongVector, ByteVector }

    /// <summary>
    /// One field of a builtin options table: slot = field index in schema.fbs. Scalars use <paramref name="Value"/>;
    /// <see cref="OptionKind.IntVector"/> uses <paramref name="Ints"/>, <see cref="OptionKind.String"/> <paramref name="Text"/>,
    /// <see cref="OptionKind.FloatVector"/> <paramref name="Floats"/>.
    /// </summary>
    public readonly record struct OptionField(int Slot, OptionKind Kind, double Value, int[]? Ints = null, string? Text = null, float[]? Floats = null,
        long[]? Longs = null, byte[]? Bytes = null)
    {
        public static OptionField LongVector(int slot, params long[] values) => new(slot, OptionKind.LongVector, 0, Longs: values);
        public static OptionField ByteVector(int slot, params byte[] values) => new(slot, OptionKind.ByteVector, 0, Bytes: values);
        public static OptionField Vector(int slot, params int[] values) => new(slot, OptionKind.IntVector, 0, values);
        public static OptionField Str(int slot, string text) => new(slot, OptionKind.String, 0, null, text);
        public static OptionField FloatVector(int slot, params float[] values) => new(slot, OptionKind.FloatVector, 0, null, null, values);
        /// <summary>A bool written even when false (for fields whose schema default is true, such as time_major).</summary>
        public static OptionField Flag(int slot, bool value) => new(slot, OptionKind.BoolWritten, value ? 1 : 0);
    }

    /// <summary>One level of sparsity metadata: dense (with its size) or CSR (segments and indices, as int32 vectors).</summary>
    public sealed record SparseDim(bool Csr, int DenseSize, int[]? Segments = null, int[]? Indices = null);

    /// <summary>TFLite sparsity parameters of a constant (input of DENSIFY).</summary>
    public sealed record Sparsity(int[] TraversalOrder, int[] BlockMap, SparseDim[] Dims);

    /// <summary>
    /// TFLite BlockwiseQuantization of a tensor: its scales (and zero points, -1 for none) are the tensors at these
    /// indices of the same subgraph, one value per block of <paramref name="BlockSize"/> along the last dimension.
    /// </summary>
    public sealed record Blockwise(int ScalesTensor, int ZeroPointsTensor, int BlockSize, int QuantizedDimension = 0);

    private sealed record TensorSpec(string Name, TensorType Type, int[] Shape, byte[]? Data, int[]? Signature,
                                     float[]? Scale, long[]? ZeroPoint, bool IsVariable, int QuantizedDimension,
                                     Sparsity? Sparsity, Blockwise? BlockwiseQuantization = null);

    private sealed record OpSpec(BuiltinOperator Op, int[] Inputs, int[] Outputs, int Version,
                                 byte OptionsType, OptionField[] Options)
    {
        public string? CustomCode { get; init; }
        public byte[]? CustomOptions { get; init; }
        /// <summary>True when <see cref="OptionsType"/> is a tag of the BuiltinOptions2 union (StableHLO options).</summary>
        public bool Options2 { get; init; }
        public int[] Intermediates { get; init; } = [];
    }

    private readonly List<TensorSpec> _tensors = new();
    private readonly List<OpSpec> _ops = new();
    private int[] _inputs = [];
    private int[] _outputs = [];

    /// <summary>Adds a tensor and returns its index; <paramref name="data"/> makes it a constant.</summary>
    public int Tensor(string name, TensorType type, int[] shape, byte[]? data = null, int[]? signature = null,
                      float[]? scale = null, long[]? zeroPoint = null, bool isVariable = false,
                      int quantizedDimension = 0, Sparsity? sparsity = null, Blockwise? blockwise = null)
    {
        _tensors.Add(new TensorSpec(name, type, shape, data, signature, scale, zeroPoint, isVariable, quantizedDimension, sparsity, blockwise));
        return _tensors.Count - 1;
    }

    /// <summary>A tensor without data: a graph input or an intermediate.</summary>
    public int Input(string name, TensorType type, params int[] shape) => Tensor(name, type, shape);

    public int Const<T>(string name, TensorType type, int[] shape, params T[] values) where T : unmanaged
        => Tensor(name, type, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public int ConstFloat(string name, int[] shape, params float[] values) => Const(name, TensorType.Float32, shape, values);

    public int ConstInt(string name, int[] shape, params int[] values) => Const(name, TensorType.Int32, shape, values);

    /// <summary>Adds an operator; <paramref name="optionsType"/> is the BuiltinOptions union tag (0 = none).</summary>
    public TinyModel Op(BuiltinOperator op, int[] inputs, int[] outputs, int version = 1, byte optionsType = 0,
                        params OptionField[] options)
    {
        _ops.Add(new OpSpec(op, inputs, outputs, version, optionsType, options));
        return this;
    }

    /// <summary>Adds an operator whose options table belongs to the BuiltinOptions2 union (tag <paramref name="options2Type"/>).</summary>
    public TinyModel Op2(BuiltinOperator op, int[] inputs, int[] outputs, int version, byte options2Type, params OptionField[] options)
    {
        _ops.Add(new OpSpec(op, inputs, outputs, version, options2Type, options) { Options2 = true });
        return this;
    }

    /// <summary>Adds a custom operator with its (FlexBuffers or raw) custom options.</summary>
    public TinyModel Custom(string code, int[] inputs, int[] outputs, byte[]? customOptions = null, int version = 1)
    {
        _ops.Add(new OpSpec(BuiltinOperator.CUSTOM, inputs, outputs, version, 0, []) { CustomCode = code, CustomOptions = customOptions });
        return this;
    }

    /// <summary>Sets the intermediate tensors of the last operator added (LSTM quantization carriers).</summary>
    public TinyModel WithIntermediates(params int[] tensors)
    {
        _ops[^1] = _ops[^1] with { Intermediates = tensors };
        return this;
    }

    private readonly List<(string Key, int Subgraph, (string Name, int Tensor)[] Inputs, (string Name, int Tensor)[] Outputs)> _signatures = new();

    /// <summary>Adds a signature (names of inputs and outputs of subgraph <paramref name="subgraph"/>) to the model built from this graph.</summary>
    public TinyModel Signature(string key, int subgraph, (string Name, int Tensor)[] inputs, (string Name, int Tensor)[] outputs)
    {
        _signatures.Add((key, subgraph, inputs, outputs));
        return this;
    }

    public TinyModel Inputs(params int[] tensors) { _inputs = tensors; return this; }
    public TinyModel Outputs(params int[] tensors) { _outputs = tensors; return this; }

    /// <summary>The model: this is subgraph 0, <paramref name="more"/> are subgraphs 1, 2, ...</summary>
    public byte[] Build(params TinyModel[] more)
    {
        var b = new FlatBufferBuilder(1024);
        TinyModel[] graphs = [this, .. more];

        // Operator codes: one per distinct (op, version) of all subgraphs.
        var codes = new List<(BuiltinOperator Op, int Version, string? Custom)>();
        foreach (var g in graphs)
            foreach (var op in g._ops)
                if (!codes.Contains((op.Op, op.Version, op.CustomCode))) codes.Add((op.Op, op.Version, op.CustomCode));

        // Buffers: 0 is the empty sentinel, then one per constant tensor.
        var bufferData = new List<byte[]?> { null };
        var bufferOf = new int[graphs.Length][];
        for (int g = 0; g < graphs.Length; g++)
        {
            var ts = graphs[g]._tensors;
            bufferOf[g] = new int[ts.Count];
            for (int i = 0; i < ts.Count; i++)
                if (ts[i].Data is { } d) { bufferOf[g][i] = bufferData.Count; bufferData.Add(d); }
        }

        var bufferOffsets = new int[bufferData.Count];
        for (int i = 0; i < bufferData.Count; i++)
        {
            int dataVec = 0;
            if (bufferData[i] is { } d)
            {
                b.StartVector(1, d.Length, 16);
                for (int k = d.Length - 1; k >= 0; k--) b.AddByte(d[k]);
                dataVec = b.EndVector().Value;
            }
            b.StartTable(3);
            if (dataVec != 0) b.AddOffset(0, dataVec, 0);
            bufferOffsets[i] = b.EndTable();
        }

        var subgraphOffsets = new int[graphs.Length];
        for (int g = 0; g < graphs.Length; g++)
            subgraphOffsets[g] = graphs[g].BuildSubGraph(b, codes, bufferOf[g], g);

        var codeOffsets = new int[codes.Count];
        for (int i = 0; i < codes.Count; i++)
        {
            int custom = codes[i].Custom is null ? 0 : b.CreateString(codes[i].Custom).Value;
            b.StartTable(4);
            b.AddSbyte(0, (sbyte)Math.Min((int)codes[i].Op, 127), 0);
            if (custom != 0) b.AddOffset(1, custom, 0);
            b.AddInt(2, codes[i].Version, 1);
            b.AddInt(3, (int)codes[i].Op, 0);
            codeOffsets[i] = b.EndTable();
        }
        int signaturesVec = 0;
        if (_signatures.Count > 0)
        {
            var sigOffsets = new int[_signatures.Count];
            for (int i = 0; i < sigOffsets.Length; i++)
            {
                var (key, sg, ins, outs) = _signatures[i];
                int TensorMaps((string Name, int Tensor)[] maps)
                {
                    var offs = new int[maps.Length];
                    for (int k = 0; k < maps.Length; k++)
                    {
                        int n = b.CreateString(maps[k].Name).Value;
                        b.StartTable(2);
                        b.AddOffset(0, n, 0);
                        b.AddUint(1, (uint)maps[k].Tensor, 0);
                        offs[k] = b.EndTable();
                    }
                    return OffsetVector(b, offs);
                }
                int iv = TensorMaps(ins), ov = TensorMaps(outs);
                int k2 = b.CreateString(key).Value;
                b.StartTable(5);
                b.AddOffset(0, iv, 0);
                b.AddOffset(1, ov, 0);
                b.AddOffset(2, k2, 0);
                b.AddUint(4, (uint)sg, 0);
                sigOffsets[i] = b.EndTable();
            }
            signaturesVec = OffsetVector(b, sigOffsets);
        }

        int codesVec = OffsetVector(b, codeOffsets);
        int subgraphsVec = OffsetVector(b, subgraphOffsets);
        int buffersVec = OffsetVector(b, bufferOffsets);
        int description = b.CreateString("TinyModel").Value;
        b.StartTable(8);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codesVec, 0);
        b.AddOffset(2, subgraphsVec, 0);
        b.AddOffset(3, description, 0);
        b.AddOffset(4, buffersVec, 0);
        if (signaturesVec != 0) b.AddOffset(7, signaturesVec, 0);
        int model = b.EndTable();
        b.Finish(model, "TFL3");
        return b.SizedByteArray();
    }

    private int BuildSubGraph(FlatBufferBuilder b, List<(BuiltinOperator Op, int Version, string? Custom)> codes, int[] bufferOf, int index)
    {
        var tensorOffsets = new int[_tensors.Count];
        for (int i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            int name = b.CreateString(t.Name).Value;
            int shape = IntVector(b, t.Shape);
            int sig = t.Signature is null ? 0 : IntVector(b, t.Signature);
            int quant = 0;
            if (t.Scale is not null)
            {
                b.StartVector(4, t.Scale.Length, 4);
                for (int k = t.Scale.Length - 1; k >= 0; k--) b.AddFloat(t.Scale[k]);
                int scale = b.EndVector().Value;
                long[] zp = t.ZeroPoint ?? new long[t.Scale.Length];
                b.StartVector(8, zp.Length, 8);
                for (int k = zp.Length - 1; k >= 0; k--) b.AddLong(zp[k]);
                int zpv = b.EndVector().Value;
                b.StartTable(7);
                b.AddOffset(2, scale, 0);
                b.AddOffset(3, zpv, 0);
                b.AddInt(6, t.QuantizedDimension, 0);
                quant = b.EndTable();
            }
            else if (t.BlockwiseQuantization is { } bw)
            {
                b.StartTable(3);
                b.AddInt(0, bw.ScalesTensor, 0);
                b.AddInt(1, bw.ZeroPointsTensor, int.MinValue); // always written: the schema default 0 names tensor 0
                b.AddInt(2, bw.BlockSize, 0);
                int details = b.EndTable();
                b.StartTable(7);
                b.AddByte(4, 2, 0); // QuantizationDetails.BlockwiseQuantization
                b.AddOffset(5, details, 0);
                b.AddInt(6, bw.QuantizedDimension, 0);
                quant = b.EndTable();
            }
            int sparsity = t.Sparsity is null ? 0 : BuildSparsity(b, t.Sparsity);
            b.StartTable(8);
            b.AddOffset(0, shape, 0);
            b.AddSbyte(1, (sbyte)t.Type, 0);
            b.AddUint(2, (uint)bufferOf[i], 0);
            b.AddOffset(3, name, 0);
            if (quant != 0) b.AddOffset(4, quant, 0);
            b.AddBool(5, t.IsVariable, false);
            if (sparsity != 0) b.AddOffset(6, sparsity, 0);
            if (sig != 0) b.AddOffset(7, sig, 0);
            tensorOffsets[i] = b.EndTable();
        }

        var opOffsets = new int[_ops.Count];
        for (int i = 0; i < _ops.Count; i++)
        {
            var op = _ops[i];
            int inputs = IntVector(b, op.Inputs);
            int outputs = IntVector(b, op.Outputs);
            int options = 0;
            if (op.OptionsType != 0)
            {
                // Vectors and strings first: a table cannot be built while another object is open.
                var refs = new Dictionary<int, int>();
                foreach (var f in op.Options)
                {
                    if (f.Kind == OptionKind.IntVector) refs[f.Slot] = IntVector(b, f.Ints ?? []);
                    else if (f.Kind == OptionKind.String) refs[f.Slot] = b.CreateString(f.Text ?? "").Value;
                    else if (f.Kind == OptionKind.FloatVector)
                    {
                        var fl = f.Floats ?? [];
                        b.StartVector(4, fl.Length, 4);
                        for (int k = fl.Length - 1; k >= 0; k--) b.AddFloat(fl[k]);
                        refs[f.Slot] = b.EndVector().Value;
                    }
                    else if (f.Kind == OptionKind.LongVector)
                    {
                        var lv = f.Longs ?? [];
                        b.StartVector(8, lv.Length, 8);
                        for (int k = lv.Length - 1; k >= 0; k--) b.AddLong(lv[k]);
                        refs[f.Slot] = b.EndVector().Value;
                    }
                    else if (f.Kind == OptionKind.ByteVector)
                    {
                        var bv = f.Bytes ?? [];
                        b.StartVector(1, bv.Length, 1);
                        for (int k = bv.Length - 1; k >= 0; k--) b.AddByte(bv[k]);
                        refs[f.Slot] = b.EndVector().Value;
                    }
                }
                int slots = op.Options.Length == 0 ? 0 : op.Options.Max(o => o.Slot) + 1;
                b.StartTable(slots);
                foreach (var f in op.Options)
                {
                    switch (f.Kind)
                    {
                        case OptionKind.Byte: b.AddSbyte(f.Slot, (sbyte)f.Value, 0); break;
                        case OptionKind.Bool: b.AddBool(f.Slot, f.Value != 0, false); break;
                        // Written even when false: for fields whose schema default is true (pot_scale_int16).
                        case OptionKind.BoolWritten: b.AddBool(f.Slot, f.Value != 0, f.Value == 0); break;
                        case OptionKind.Int: b.AddInt(f.Slot, (int)f.Value, 0); break;
                        case OptionKind.Float: b.AddFloat(f.Slot, (float)f.Value, 0); break;
                        case OptionKind.Long: b.AddLong(f.Slot, (long)f.Value, 0); break;
                        case OptionKind.IntVector:
                        case OptionKind.FloatVector:
                        case OptionKind.LongVector:
                        case OptionKind.ByteVector:
                        case OptionKind.String: b.AddOffset(f.Slot, refs[f.Slot], 0); break;
                    }
                }
                options = b.EndTable();
            }
            int customOptions = 0;
            if (op.CustomOptions is { } co)
            {
                b.StartVector(1, co.Length, 1);
                for (int k = co.Length - 1; k >= 0; k--) b.AddByte(co[k]);
                customOptions = b.EndVector().Value;
            }
            int intermediates = op.Intermediates.Length > 0 ? IntVector(b, op.Intermediates) : 0;
            b.StartTable(13);
            b.AddUint(0, (uint)codes.IndexOf((op.Op, op.Version, op.CustomCode)), 0);
            b.AddOffset(1, inputs, 0);
            b.AddOffset(2, outputs, 0);
            if (options != 0 && !op.Options2)
            {
                b.AddByte(3, op.OptionsType, 0);
                b.AddOffset(4, options, 0);
            }
            if (customOptions != 0) b.AddOffset(5, customOptions, 0);
            if (intermediates != 0) b.AddOffset(8, intermediates, 0);
            if (options != 0 && op.Options2)
            {
                b.AddByte(11, op.OptionsType, 0);
                b.AddOffset(12, options, 0);
            }
            opOffsets[i] = b.EndTable();
        }

        int tensorsVec = OffsetVector(b, tensorOffsets);
        int sgInputs = IntVector(b, _inputs);
        int sgOutputs = IntVector(b, _outputs);
        int opsVec = OffsetVector(b, opOffsets);
        int sgName = b.CreateString(index == 0 ? "main" : $"subgraph{index}").Value;
        b.StartTable(5);
        b.AddOffset(0, tensorsVec, 0);
        b.AddOffset(1, sgInputs, 0);
        b.AddOffset(2, sgOutputs, 0);
        b.AddOffset(3, opsVec, 0);
        b.AddOffset(4, sgName, 0);
        return b.EndTable();
    }

    private static int BuildSparsity(FlatBufferBuilder b, Sparsity sp)
    {
        int order = IntVector(b, sp.TraversalOrder);
        int blockMap = IntVector(b, sp.BlockMap);
        var dims = new int[sp.Dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = sp.Dims[i];
            int segments = 0, indices = 0;
            if (d.Csr)
            {
                segments = Int32VectorTable(b, d.Segments ?? []);
                indices = Int32VectorTable(b, d.Indices ?? []);
            }
            b.StartTable(6);
            b.AddSbyte(0, d.Csr ? (sbyte)1 : (sbyte)0, 0);
            b.AddInt(1, d.DenseSize, 0);
            if (d.Csr)
            {
                b.AddByte(2, 1, 0); // SparseIndexVector.Int32Vector
                b.AddOffset(3, segments, 0);
                b.AddByte(4, 1, 0);
                b.AddOffset(5, indices, 0);
            }
            dims[i] = b.EndTable();
        }
        int dimsVec = OffsetVector(b, dims);
        b.StartTable(3);
        b.AddOffset(0, order, 0);
        b.AddOffset(1, blockMap, 0);
        b.AddOffset(2, dimsVec, 0);
        return b.EndTable();
    }

    private static int Int32VectorTable(FlatBufferBuilder b, int[] values)
    {
        int v = IntVector(b, values);
        b.StartTable(1);
        b.AddOffset(0, v, 0);
        return b.EndTable();
    }

    private static int IntVector(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (int k = values.Length - 1; k >= 0; k--) b.AddInt(values[k]);
        return b.EndVector().Value;
    }

    private static int OffsetVector(FlatBufferBuilder b, int[] offsets)
    {
        b.StartVector(4, offsets.Length, 4);
        for (int k = offsets.Length - 1; k >= 0; k--) b.AddOffset(offsets[k]);
        return b.EndVector().Value;
    }
}
