using System.Runtime.InteropServices;
using Google.FlatBuffers;
using ManagedLite.Schema.Generated;
using ManagedLite.Schema.Verification;
using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>Verifies and parses a .tflite FlatBuffer into <see cref="ModelDef"/>.</summary>
/// <remarks>
/// Two passes. First <see cref="FlatBufferVerifier"/> checks that every table, vtable, offset, vector,
/// string and union reachable from the root lies inside the bytes; nothing is read before it succeeds.
/// Then the records are built and every semantic rule is checked: tensor types, shapes and sizes against
/// <see cref="ModelLimits"/>, buffer ranges, constant data sizes, quantization and sparsity metadata,
/// operator/opcode/tensor/subgraph indices, control-flow nesting. Any failure is a
/// <see cref="ModelFormatException"/> whose message starts with the path of the offending field; strings of
/// the model in messages are quoted with <see cref="ModelText.Quote(string?)"/>.
/// Objects that several offsets share (FlatBuffers allows it) are decoded once and shared, and what reading
/// costs is charged to a budget proportional to the file size (see <see cref="WorkBudget"/>).
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
            throw new ModelFormatException($"model: file identifier is {ModelText.Quote(span.Slice(4, 4))}, expected 'TFL3' (not a TFLite model)");

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
        var reader = new Reader(bytes, array, baseOffset, limits, budget);
        return reader.ReadModel(flatBufferEnd);
    }

    private sealed partial class Reader(ReadOnlyMemory<byte> bytes, byte[] array, int baseOffset, ModelLimits limits, WorkBudget budget)
    {
        private readonly ReadOnlyMemory<byte> _bytes = bytes;
        private readonly byte[] _array = array;
        private readonly ByteBuffer _bb = new(array, baseOffset);
        private readonly int _base = baseOffset;
        private readonly ModelLimits _limits = limits;
        private readonly WorkBudget _budget = budget;
        private BufferDef[] _buffers = [];
        private int _subGraphCount;
        private long _externalEnd;
        private readonly HashSet<uint> _externalBufferIds = [];

        public ModelDef ReadModel(int flatBufferEnd)
        {
            int root = _base + I32(_base);
            var model = Table<G.Model>(root);
            _buffers = ReadBuffers(Ref(root, S.Model.Buffers));
            var opcodes = ReadOperatorCodes(Ref(root, S.Model.OperatorCodes));
            var (groups, externalBuffers) = ReadExternalBuffers(root);

            int subGraphVector = Ref(root, S.Model.Subgraphs);
            _subGraphCount = Length(subGraphVector);
            if (_subGraphCount == 0)
                throw new ModelFormatException("subgraphs: the model has no subgraph");
            Charge(8L * _subGraphCount + WorkBudget.ObjectCost, "subgraphs");
            var subGraphs = new SubGraphDef[_subGraphCount];
            var calls = new List<SubGraphCall>[_subGraphCount];
            // A subgraph table shared by several entries is read once (its operators' calls are the same).
            var read = new Dictionary<int, (SubGraphDef Def, List<SubGraphCall> Calls)>();
            for (int s = 0; s < _subGraphCount; s++)
            {
                int pos = Element(subGraphVector, s);
                if (!read.TryGetValue(pos, out var entry))
                {
                    Charge(WorkBudget.ObjectCost, "subgraphs");
                    var list = new List<SubGraphCall>();
                    entry = (ReadSubGraph(pos, s, opcodes, list), list);
                    read.Add(pos, entry);
                }
                subGraphs[s] = entry.Def;
                calls[s] = entry.Calls;
            }
            CheckNesting(calls);

            int metadataVector = Ref(root, S.Model.Metadata);
            int metadataCount = Length(metadataVector);
            Charge((long)metadataCount * WorkBudget.ObjectCost, "metadata");
            var metadata = new MetadataDef[metadataCount];
            for (int i = 0; i < metadata.Length; i++)
            {
                int pos = Element(metadataVector, i);
                uint buffer = Table<G.Metadata>(pos).Buffer;
                if (buffer >= (uint)_buffers.Length)
                    throw new ModelFormatException($"metadata[{i}].buffer: buffer index {buffer} out of range [0, {_buffers.Length})");
                metadata[i] = new MetadataDef(String(pos, S.Metadata.Name, "metadata"), (int)buffer);
            }

            int signatureVector = Ref(root, S.Model.SignatureDefs);
            int signatureCount = Length(signatureVector);
            Charge((long)signatureCount * WorkBudget.ObjectCost, "signature_defs");
            var signatures = new SignatureDefDef[signatureCount];
            for (int i = 0; i < signatures.Length; i++)
                signatures[i] = ReadSignature(Element(signatureVector, i), i, subGraphs);

            long end = Math.Max(flatBufferEnd, _externalEnd);
            return new ModelDef
            {
                Version = model.Version,
                Description = String(root, S.Model.Description, "description"),
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

        private BufferDef[] ReadBuffers(int vector)
        {
            int n = Length(vector);
            Charge(8L * n + WorkBudget.ObjectCost, "buffers");
            var buffers = new BufferDef[n];
            var seen = new Dictionary<int, BufferDef>();
            long fileLength = _bytes.Length;
            for (int i = 0; i < n; i++)
            {
                int pos = Element(vector, i);
                if (seen.TryGetValue(pos, out BufferDef? shared))
                {
                    buffers[i] = shared;
                    continue;
                }
                G.Buffer b = Table<G.Buffer>(pos);
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
                    data = Bytes(Ref(pos, S.Buffer.Data));
                }
                Charge(WorkBudget.ObjectCost * 2, "buffers");
                buffers[i] = data.IsEmpty ? BufferDef.Empty : new BufferDef { Data = data };
                seen.Add(pos, buffers[i]);
            }
            return buffers;
        }

        private OperatorCodeDef[] ReadOperatorCodes(int vector)
        {
            int n = Length(vector);
            Charge(8L * n + WorkBudget.ObjectCost, "operator_codes");
            var codes = new OperatorCodeDef[n];
            var seen = new Dictionary<int, OperatorCodeDef>();
            for (int i = 0; i < codes.Length; i++)
            {
                int pos = Element(vector, i);
                if (seen.TryGetValue(pos, out OperatorCodeDef? shared))
                {
                    codes[i] = shared;
                    continue;
                }
                G.OperatorCode oc = Table<G.OperatorCode>(pos);
                int code = Math.Max(oc.DeprecatedBuiltinCode, (int)oc.BuiltinCode);
                if (code < 0)
                    throw new ModelFormatException($"operator_codes[{i}]: builtin code {code} is negative");
                string? custom = StringAt(Ref(pos, S.OperatorCode.CustomCode), "operator_codes");
                if (code == (int)BuiltinOperator.CUSTOM && custom is null)
                    throw new ModelFormatException($"operator_codes[{i}]: CUSTOM operator without custom_code");
                Charge(WorkBudget.ObjectCost * 2, "operator_codes");
                codes[i] = new OperatorCodeDef((BuiltinOperator)code, custom, oc.Version);
                seen.Add(pos, codes[i]);
            }
            return codes;
        }

        /// <summary>External buffer groups (file names) and buffers; tensors name a buffer by its <c>id</c>.</summary>
        private (string[], ExternalBufferDef[]) ReadExternalBuffers(int root)
        {
            int groupVector = Ref(root, S.Model.ExternalBufferGroups);
            int groupCount = Length(groupVector);
            Charge(8L * groupCount + WorkBudget.ObjectCost, "external_buffer_groups");
            var groups = new string[groupCount];
            for (int i = 0; i < groups.Length; i++)
                groups[i] = String(Element(groupVector, i), S.ExternalBufferGroup.Name, "external_buffer_groups");

            int bufferVector = Ref(root, S.Model.ExternalBuffers);
            int bufferCount = Length(bufferVector);
            Charge((long)bufferCount * 2 * WorkBudget.ObjectCost, "external_buffers");
            var buffers = new ExternalBufferDef[bufferCount];
            for (int i = 0; i < buffers.Length; i++)
            {
                int pos = Element(bufferVector, i);
                G.ExternalBuffer e = Table<G.ExternalBuffer>(pos);
                string path = $"external_buffers[{i}]";
                if (e.Group >= (uint)groups.Length)
                    throw new ModelFormatException($"{path}.group: group index {e.Group} out of range [0, {groups.Length})");
                if (e.Id == 0)
                    throw new ModelFormatException($"{path}.id: 0 is reserved for tensors without an external buffer");
                if (!_externalBufferIds.Add(e.Id))
                    throw new ModelFormatException($"{path}.id: {e.Id} is used by an earlier external buffer");
                buffers[i] = new ExternalBufferDef(e.Id, (int)e.Group, e.Offset, e.Length, String(pos, S.ExternalBuffer.Packing, path));
            }
            return (groups, buffers);
        }

        private SignatureDefDef ReadSignature(int pos, int index, SubGraphDef[] subGraphs)
        {
            string path = $"signature_defs[{index}]";
            uint sg = Table<G.SignatureDef>(pos).SubgraphIndex;
            if (sg >= (uint)subGraphs.Length)
                throw new ModelFormatException($"{path}.subgraph_index: subgraph index {sg} out of range [0, {subGraphs.Length})");
            int tensorCount = subGraphs[sg].Tensors.Count;
            var inputs = ReadTensorMaps(Ref(pos, S.SignatureDef.Inputs), path, ".inputs", tensorCount);
            var outputs = ReadTensorMaps(Ref(pos, S.SignatureDef.Outputs), path, ".outputs", tensorCount);
            return new SignatureDefDef
            {
                SignatureKey = String(pos, S.SignatureDef.SignatureKey, path),
                SubGraphIndex = (int)sg,
                Inputs = inputs,
                Outputs = outputs,
            };
        }

        private SignatureTensorDef[] ReadTensorMaps(int vector, string path, string field, int tensorCount)
        {
            int n = Length(vector);
            Charge((long)n * (8 + WorkBudget.ObjectCost) + WorkBudget.ObjectCost, path);
            var maps = new SignatureTensorDef[n];
            for (int i = 0; i < n; i++)
            {
                int pos = Element(vector, i);
                uint t = Table<G.TensorMap>(pos).TensorIndex;
                if (t >= (uint)tensorCount)
                    throw new ModelFormatException($"{path}{field}[{i}].tensor_index: tensor index {t} out of range [0, {tensorCount})");
                maps[i] = new SignatureTensorDef(String(pos, S.TensorMap.Name, path), (int)t);
            }
            return maps;
        }
    }
}
