namespace ManagedLite.Schema;

/// <summary>
/// A parsed, verified TFLite model: plain immutable records over the original bytes. Constant buffer
/// data is a slice of the bytes given to <see cref="ModelReader.Read"/>, never a copy.
/// </summary>
public sealed class ModelDef
{
    public required uint Version { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<OperatorCodeDef> OperatorCodes { get; init; }
    public required IReadOnlyList<SubGraphDef> SubGraphs { get; init; }
    public required IReadOnlyList<BufferDef> Buffers { get; init; }
    public required IReadOnlyList<MetadataDef> Metadata { get; init; }
    public required IReadOnlyList<SignatureDefDef> SignatureDefs { get; init; }
    /// <summary>Bytes after the FlatBuffer (for example an appended ZIP of associated files); may be empty.</summary>
    public required ReadOnlyMemory<byte> TrailingBytes { get; init; }
    /// <summary>Names (file or URI) of the groups of <see cref="ExternalBuffers"/>; empty for self-contained models.</summary>
    public IReadOnlyList<string> ExternalBufferGroups { get; init; } = [];
    /// <summary>Constant data stored outside the model file, referenced by <see cref="TensorDef.ExternalBuffer"/>.</summary>
    public IReadOnlyList<ExternalBufferDef> ExternalBuffers { get; init; } = [];
}

/// <summary>
/// One entry of <c>Model.external_buffers</c>: <see cref="Length"/> bytes at <see cref="Offset"/> of the file named by
/// <c>ExternalBufferGroups[Group]</c>. The reader checks the group index; it never opens the file.
/// </summary>
public sealed record ExternalBufferDef(uint Id, int Group, ulong Offset, ulong Length, string Packing);

/// <summary>One entry of <c>Model.operator_codes</c>. <see cref="Code"/> is max(builtin_code, deprecated_builtin_code).</summary>
public sealed record OperatorCodeDef(BuiltinOperator Code, string? CustomCode, int Version);

public sealed class SubGraphDef
{
    public required string Name { get; init; }
    public required IReadOnlyList<TensorDef> Tensors { get; init; }
    public required int[] Inputs { get; init; }
    public required int[] Outputs { get; init; }
    public required IReadOnlyList<OperatorDef> Operators { get; init; }
}

public sealed class TensorDef
{
    public required string Name { get; init; }
    public required TensorType Type { get; init; }
    public required int[] Shape { get; init; }
    /// <summary>Shape with -1 for dynamic dimensions, or null when the model has none.</summary>
    public int[]? ShapeSignature { get; init; }
    /// <summary>Index into <see cref="ModelDef.Buffers"/>; 0 means no data.</summary>
    public required int Buffer { get; init; }
    public QuantizationDef? Quantization { get; init; }
    public SparsityDef? Sparsity { get; init; }
    public bool IsVariable { get; init; }
    /// <summary>
    /// <see cref="ExternalBufferDef.Id"/> of the external buffer holding this tensor's constant data; 0 when none
    /// (the data, if any, is in <see cref="Buffer"/>).
    /// </summary>
    public uint ExternalBuffer { get; init; }
}

/// <summary>
/// Quantization of a tensor. Affine: real = scale * (q - zero_point), per tensor or per channel
/// (<see cref="Scale"/> non-empty). Blockwise or multi-axis: the scales and zero points are other tensors of the
/// subgraph (<see cref="Blockwise"/> or <see cref="MultiAxis"/> set, <see cref="Scale"/> empty).
/// </summary>
public sealed class QuantizationDef
{
    public required float[] Scale { get; init; }
    public required long[] ZeroPoint { get; init; }
    /// <summary>
    /// Axis of the per-channel scales. When there are several scales it is a valid axis and
    /// <c>Shape[QuantizedDimension] == Scale.Length</c>. An out-of-range value in the file is reported as 0 when
    /// it is harmless (a single scale, or old TOCO models' rank-1 per-channel biases).
    /// </summary>
    public required int QuantizedDimension { get; init; }
    public float[]? Min { get; init; }
    public float[]? Max { get; init; }
    /// <summary>Blockwise quantization details (scale and zero-point tensors, block size), or null.</summary>
    public BlockwiseQuantizationDef? Blockwise { get; init; }
    /// <summary>Multi-axis quantization details, or null.</summary>
    public MultiAxisQuantizationDef? MultiAxis { get; init; }
    /// <summary>Bytes of a <c>CustomQuantization</c> detail (a slice of the model); empty when none.</summary>
    public ReadOnlyMemory<byte> Custom { get; init; }
}

/// <summary>
/// TFLite <c>BlockwiseQuantization</c>: the tensor's values are split along its last dimension into blocks of
/// <see cref="BlockSize"/> consecutive elements; block b of channel c (<see cref="QuantizationDef.QuantizedDimension"/>)
/// has scale <c>scales[c * blocksPerChannel + b]</c>, real = scale * (q - zero_point). The reader checks that the
/// block size is positive and divides the last dimension, that <see cref="ScalesTensor"/> (and
/// <see cref="ZeroPointsTensor"/> unless -1) index tensors of the same subgraph, and that those hold one value per block.
/// </summary>
public sealed record BlockwiseQuantizationDef(int ScalesTensor, int ZeroPointsTensor, int BlockSize);

/// <summary>
/// TFLite <c>MultiAxisQuantization</c>: scales (and zero points unless -1) in other tensors of the subgraph, quantized
/// along every axis of <see cref="QuantizedDimensions"/>; <see cref="BlockSize"/> is 0 for per-channel.
/// </summary>
public sealed record MultiAxisQuantizationDef(int ScalesTensor, int ZeroPointsTensor, int BlockSize, int[] QuantizedDimensions);

public enum DimensionType : sbyte
{
    Dense = 0,
    SparseCsr = 1,
}

/// <summary>TFLite sparsity metadata (TACO format), as in <c>SparsityParameters</c>.</summary>
public sealed class SparsityDef
{
    public required int[] TraversalOrder { get; init; }
    public required int[] BlockMap { get; init; }
    public required IReadOnlyList<DimensionMetadataDef> DimMetadata { get; init; }
}

public sealed class DimensionMetadataDef
{
    public required DimensionType Format { get; init; }
    public required int DenseSize { get; init; }
    /// <summary>Segments of a sparse dimension (widened to int from int32/uint16/uint8 vectors); null when dense.</summary>
    public int[]? ArraySegments { get; init; }
    public int[]? ArrayIndices { get; init; }
}

public sealed class OperatorDef
{
    public required int OpcodeIndex { get; init; }
    /// <summary>Tensor indices; -1 marks an omitted optional input.</summary>
    public required int[] Inputs { get; init; }
    public required int[] Outputs { get; init; }
    public required int[] Intermediates { get; init; }
    /// <summary>Union type of <c>builtin_options</c> (TFLite's <c>BuiltinOptions</c> value; 0 when the operator has none).</summary>
    public int BuiltinOptionsType { get; init; }
    /// <summary>Union type of <c>builtin_options_2</c> (TFLite's <c>BuiltinOptions2</c> value; 0 when none).</summary>
    public int BuiltinOptions2Type { get; init; }
    /// <summary>
    /// The <c>builtin_options</c> table parsed at load into its record (for example <see cref="Conv2DOptions"/>), or
    /// null when the operator has none. Checked at load: a bad enum, or a table of another type than the operator
    /// takes, is a <see cref="ModelFormatException"/> from <see cref="ModelReader.Read"/>.
    /// </summary>
    public object? ParsedOptions { get; init; }
    /// <summary>The <c>builtin_options_2</c> table parsed at load (the StableHLO options), or null.</summary>
    public object? ParsedOptions2 { get; init; }
    public required ReadOnlyMemory<byte> CustomOptions { get; init; }
    /// <summary>Subgraph of the operator, for messages (the first one when several entries share the operator table).</summary>
    public int SubGraphIndex { get; init; } = -1;
    /// <summary>Index of the operator in its subgraph, for messages (the first entry when entries share the table).</summary>
    public int Index { get; init; } = -1;

    /// <summary>
    /// The operator's options as <typeparamref name="T"/>: the record parsed at load, or a shared instance holding
    /// TFLite's defaults when the operator has no options table. Never reads the model again. Asking for another
    /// record type than the operator's table is a <see cref="ModelFormatException"/>.
    /// </summary>
    public T GetOptions<T>() where T : IBuiltinOptions<T>
    {
        if (ParsedOptions is T options)
            return options;
        if (ParsedOptions2 is T options2)
            return options2;
        object? other = ParsedOptions ?? ParsedOptions2;
        if (other is null)
            return DefaultOptions<T>.Value;
        string where = SubGraphIndex < 0 ? "operator" : $"subgraphs[{SubGraphIndex}].operators[{Index}]";
        string field = ParsedOptions is null ? "builtin_options_2" : "builtin_options";
        throw new ModelFormatException($"{where}.{field}: expected {typeof(T).Name}, found {other.GetType().Name}");
    }

    /// <summary>One default-valued record per options type, shared by every operator without a table.</summary>
    private static class DefaultOptions<T> where T : IBuiltinOptions<T>
    {
        public static readonly T Value = T.Parse(default);
    }
}

public sealed class BufferDef
{
    public static readonly BufferDef Empty = new() { Data = ReadOnlyMemory<byte>.Empty };
    public required ReadOnlyMemory<byte> Data { get; init; }
}

public sealed record MetadataDef(string Name, int Buffer);

public sealed record SignatureTensorDef(string Name, int TensorIndex);

public sealed class SignatureDefDef
{
    public required string SignatureKey { get; init; }
    public required int SubGraphIndex { get; init; }
    public required IReadOnlyList<SignatureTensorDef> Inputs { get; init; }
    public required IReadOnlyList<SignatureTensorDef> Outputs { get; init; }
}
