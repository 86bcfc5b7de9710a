using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema.Generated;
using ManagedLite.Schema.Verification;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>Verifies and parses a .tflite FlatBuffer into <see cref="ModelDef"/>.</summary>
/// <remarks>
/// Two passes. First <see cref="FlatBufferVerifier"/> checks that every table, vtable, offset, vector,
/// string and union reachable from the root lies inside the bytes; nothing is read before it succeeds.
/// Then the records are built and every semantic rule is checked: tensor types, shapes and sizes against
/// <see cref="ModelLimits"/>, buffer ranges, constant data sizes, quantization and sparsity metadata,
/// operator/opcode/tensor/subgraph indices, control-flow nesting. Any failure is a
/// <see cref="ModelFormatException"/> whose message starts with the path of the offending field.
/// The file identifier must be "TFL3", as TFLite's own verifier requires.
/// </remarks>
public static partial class ModelReader
{
    private static ReadOnlySpan<byte> Identifier => "TFL3"u8;

    public static ModelDef Read(ReadOnlyMemory<byte> bytes, ModelLimits? limits = null)
    {
        limits ??= ModelLimits.Default;
        try
        {
            return ReadCore(bytes, limits);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException
                                      or NullReferenceException or InvalidCastException or OverflowException)
        {
            // Safety net only: the checks above should leave nothing for it. Tests assert it never fires.
            throw new ModelFormatException($"model: malformed file ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static ModelDef ReadCore(ReadOnlyMemory<byte> bytes, ModelLimits limits)
    {
        if (bytes.Length > limits.MaxModelBytes)
            throw new ModelFormatException($"model: {bytes.Length} bytes exceeds ModelLimits.MaxModelBytes ({limits.MaxModelBytes})");
        ReadOnlySpan<byte> span = bytes.Span;
        if (span.Length < 8)
            throw new ModelFormatException($"model: {span.Length} bytes is too short for a TFLite model");
        if (!span.Slice(4, 4).SequenceEqual(Identifier))
            throw new ModelFormatException($"model: file identifier is \"{Printable(span.Slice(4, 4))}\", expected \"TFL3\" (not a TFLite model)");

        var budget = WorkBudget.ForFile(span.Length);
        int flatBufferEnd = FlatBufferVerifier.Verify(span, SchemaLayout.RootTable, budget);

        // The generated accessors need a byte[]; positions they return are absolute in that array.
        byte[] array;
        int baseOffset;
        if (MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment) && segment.Array is not null)
        {
            array = segment.Array;
            baseOffset = segment.Offset;
        }
        else
        {
            array = bytes.ToArray(); // memory not backed by an array: the accessors read a copy, Data still slices `bytes`
            baseOffset = 0;
        }
        var bb = new ByteBuffer(array, baseOffset);
        var model = G.Model.GetRootAsModel(bb);
        var reader = new Reader(bytes, bb, baseOffset, limits, budget);
        return reader.ReadModel(model, flatBufferEnd);
    }

    private static string Printable(ReadOnlySpan<byte> s)
    {
        var chars = new char[s.Length];
        for (int i = 0; i < s.Length; i++)
            chars[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
        return new string(chars);
    }

    private sealed partial class Reader(ReadOnlyMemory<byte> bytes, ByteBuffer bb, int baseOffset, ModelLimits limits, WorkBudget budget)
    {
        private readonly ReadOnlyMemory<byte> _bytes = bytes;
        private readonly ByteBuffer _bb = bb;
        private readonly int _base = baseOffset;
        private readonly ModelLimits _limits = limits;
        private readonly WorkBudget _budget = budget;
        private BufferDef[] _buffers = [];
        private int _subGraphCount;
        private long _externalEnd;
        private readonly HashSet<uint> _externalBufferIds = [];

        public ModelDef ReadModel(G.Model model, int flatBufferEnd)
        {
            _buffers = ReadBuffers(model);
            var opcodes = ReadOperatorCodes(model);
            var (groups, externalBuffers) = ReadExternalBuffers(model);

            _subGraphCount = model.SubgraphsLength;
            if (_subGraphCount == 0)
                throw new ModelFormatException("subgraphs: the model has no subgraph");
            var subGraphs = new SubGraphDef[_subGraphCount];
            var calls = new List<SubGraphCall>[_subGraphCount];
            for (int s = 0; s < _subGraphCount; s++)
            {
                calls[s] = [];
                subGraphs[s] = ReadSubGraph(model.Subgraphs(s)!.Value, s, opcodes, calls[s]);
            }
            CheckNesting(calls);

            var metadata = new MetadataDef[model.MetadataLength];
            for (int i = 0; i < metadata.Length; i++)
            {
                G.Metadata m = model.Metadata(i)!.Value;
                uint buffer = m.Buffer;
                if (buffer >= (uint)_buffers.Length)
                    throw new ModelFormatException($"metadata[{i}].buffer: buffer index {buffer} out of range [0, {_buffers.Length})");
                metadata[i] = new MetadataDef(m.Name ?? "", (int)buffer);
            }

            var signatures = new SignatureDefDef[model.SignatureDefsLength];
            for (int i = 0; i < signatures.Length; i++)
                signatures[i] = ReadSignature(model.SignatureDefs(i)!.Value, i, subGraphs);

            long end = Math.Max(flatBufferEnd, _externalEnd);
            return new ModelDef
            {
                Version = model.Version,
                Description = model.Description ?? "",
                OperatorCodes = opcodes,
                SubGraphs = subGraphs,
                Buffers = _buffers,
                Metadata = metadata,
                SignatureDefs = signatures,
                TrailingBytes = _bytes.Slice((int)end),
                ExternalBufferGroups = groups,
                ExternalBuffers = externalBuffers,
            };
        }

        /// <summary>External buffer groups (file names) and buffers; tensors name a buffer by its <c>id</c>.</summary>
        private (string[], ExternalBufferDef[]) ReadExternalBuffers(G.Model model)
        {
            var groups = new string[model.ExternalBufferGroupsLength];
            for (int i = 0; i < groups.Length; i++)
                groups[i] = model.ExternalBufferGroups(i)!.Value.Name ?? "";
            var buffers = new ExternalBufferDef[model.ExternalBuffersLength];
            for (int i = 0; i < buffers.Length; i++)
            {
                G.ExternalBuffer e = model.ExternalBuffers(i)!.Value;
                string path = $"external_buffers[{i}]";
                if (e.Group >= (uint)groups.Length)
                    throw new ModelFormatException($"{path}.group: group index {e.Group} out of range [0, {groups.Length})");
                if (e.Id == 0)
                    throw new ModelFormatException($"{path}.id: 0 is reserved for tensors without an external buffer");
                if (!_externalBufferIds.Add(e.Id))
                    throw new ModelFormatException($"{path}.id: {e.Id} is used by an earlier external buffer");
                buffers[i] = new ExternalBufferDef(e.Id, (int)e.Group, e.Offset, e.Length, e.Packing ?? "");
            }
            return (groups, buffers);
        }

        private BufferDef[] ReadBuffers(G.Model model)
        {
            int n = model.BuffersLength;
            var buffers = new BufferDef[n];
            long fileLength = _bytes.Length;
            for (int i = 0; i < n; i++)
            {
                G.Buffer b = model.Buffers(i)!.Value;
                ulong offset = b.Offset;
                ReadOnlyMemory<byte> data;
                if (offset > 1)
                {
                    ulong size = b.Size;
                    if (offset > (ulong)fileLength || size > (ulong)fileLength - offset)
                        throw new ModelFormatException($"buffers[{i}]: external data at offset {offset} of {size} bytes lies outside the file ({fileLength} bytes)");
                    data = _bytes.Slice((int)offset, (int)size);
                    _externalEnd = Math.Max(_externalEnd, (long)(offset + size));
                }
                else
                {
                    data = VectorBytes(b.GetDataBytes());
                }
                buffers[i] = data.IsEmpty ? BufferDef.Empty : new BufferDef { Data = data };
            }
            return buffers;
        }

        private OperatorCodeDef[] ReadOperatorCodes(G.Model model)
        {
            var codes = new OperatorCodeDef[model.OperatorCodesLength];
            for (int i = 0; i < codes.Length; i++)
            {
                G.OperatorCode oc = model.OperatorCodes(i)!.Value;
                int code = Math.Max(oc.DeprecatedBuiltinCode, (int)oc.BuiltinCode);
                if (code < 0)
                    throw new ModelFormatException($"operator_codes[{i}]: builtin code {code} is negative");
                string? custom = oc.CustomCode;
                if (code == (int)BuiltinOperator.CUSTOM && custom is null)
                    throw new ModelFormatException($"operator_codes[{i}]: CUSTOM operator without custom_code");
                codes[i] = new OperatorCodeDef((BuiltinOperator)code, custom, oc.Version);
            }
            return codes;
        }

        private SignatureDefDef ReadSignature(G.SignatureDef sig, int index, SubGraphDef[] subGraphs)
        {
            string path = $"signature_defs[{index}]";
            uint sg = sig.SubgraphIndex;
            if (sg >= (uint)subGraphs.Length)
                throw new ModelFormatException($"{path}.subgraph_index: subgraph index {sg} out of range [0, {subGraphs.Length})");
            int tensorCount = subGraphs[sg].Tensors.Count;
            var inputs = new SignatureTensorDef[sig.InputsLength];
            for (int i = 0; i < inputs.Length; i++)
                inputs[i] = ReadTensorMap(sig.Inputs(i)!.Value, $"{path}.inputs[{i}]", tensorCount);
            var outputs = new SignatureTensorDef[sig.OutputsLength];
            for (int i = 0; i < outputs.Length; i++)
                outputs[i] = ReadTensorMap(sig.Outputs(i)!.Value, $"{path}.outputs[{i}]", tensorCount);
            return new SignatureDefDef
            {
                SignatureKey = sig.SignatureKey ?? "",
                SubGraphIndex = (int)sg,
                Inputs = inputs,
                Outputs = outputs,
            };
        }

        private static SignatureTensorDef ReadTensorMap(G.TensorMap map, string path, int tensorCount)
        {
            uint t = map.TensorIndex;
            if (t >= (uint)tensorCount)
                throw new ModelFormatException($"{path}.tensor_index: tensor index {t} out of range [0, {tensorCount})");
            return new SignatureTensorDef(map.Name ?? "", (int)t);
        }

        /// <summary>
        /// Slice of the input for a vector returned by a generated accessor (no copy). The accessor's segment
        /// counts elements, not bytes: pass the element size for vectors of wider scalars.
        /// </summary>
        private ReadOnlyMemory<byte> VectorBytes(ArraySegment<byte>? segment, int elementSize = 1)
        {
            if (segment is not { Count: > 0 } s)
                return ReadOnlyMemory<byte>.Empty;
            return _bytes.Slice(s.Offset - _base, s.Count * elementSize);
        }

        /// <summary>Charges <paramref name="length"/> elements to the work budget before they are copied.</summary>
        private void Charge(int length, string path) => _budget.Spend(length, path);
    }
}
