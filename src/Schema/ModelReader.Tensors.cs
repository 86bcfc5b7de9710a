using System.Buffers.Binary;
using ManagedLite.Schema.Verification;
using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

public static partial class ModelReader
{
    private sealed partial class Reader
    {
        /// <summary>Per quantization table and effective quantized dimension: the record (a tensor's checks are O(1) on a hit).</summary>
        private readonly Dictionary<(int Position, int Dim), QuantizationDef> _quantizations = [];
        /// <summary>Scale vectors already checked to be finite and non-negative.</summary>
        private readonly HashSet<int> _checkedScales = [];
        /// <summary>Per sparsity table: the record, the shape it was checked against and its stored value count.</summary>
        private readonly Dictionary<int, (SparsityDef Def, int[] Shape, long Stored)> _sparsities = [];

        private TensorDef ReadTensor(int pos, string path, int tensorCount)
        {
            G.Tensor t = Table<G.Tensor>(pos);
            string name = String(pos, S.Tensor.Name, path);
            int rawType = (sbyte)t.Type;
            if (!TensorTypeInfo.IsDefined(rawType))
                throw new ModelFormatException($"{path}.type: {rawType} is not a TensorType");
            var type = (TensorType)rawType;

            int shapeVector = Ref(pos, S.Tensor.Shape);
            if (Length(shapeVector) > _limits.MaxRank)
                throw new ModelFormatException($"{path}.shape: rank {Length(shapeVector)} exceeds ModelLimits.MaxRank ({_limits.MaxRank})");
            int[] shape = Int32sAt(shapeVector, path) ?? [];
            for (int d = 0; d < shape.Length; d++)
                if (shape[d] < 0)
                    throw new ModelFormatException($"{path}.shape[{d}]: dimension {shape[d]} is negative (tensor {ModelText.Quote(name)})");
            int signatureVector = Ref(pos, S.Tensor.ShapeSignature);
            int[]? signature = null;
            if (signatureVector != 0)
            {
                if (Length(signatureVector) != shape.Length)
                    throw new ModelFormatException($"{path}.shape_signature: rank {Length(signatureVector)} differs from shape rank {shape.Length} (tensor {ModelText.Quote(name)})");
                signature = Int32sAt(signatureVector, path)!;
                for (int d = 0; d < signature.Length; d++)
                    if (signature[d] < -1)
                        throw new ModelFormatException($"{path}.shape_signature[{d}]: dimension {signature[d]} is invalid; only -1 marks a dynamic dimension (tensor {ModelText.Quote(name)})");
            }

            long elements = ElementCount(shape, path, name);
            int elementSize = TensorTypeInfo.ElementSize(type);
            if (elements > long.MaxValue / 16)
                throw new ModelFormatException($"{path}: the byte size of tensor {ModelText.Quote(name)} of shape {ShapeText(shape)} overflows");
            long packed = TensorTypeInfo.PackedByteCount(type, elements);
            long tensorBytes = packed >= 0 ? packed : elements; // STRING/RESOURCE/VARIANT: at least a byte per element
            if (tensorBytes > _limits.MaxTensorBytes)
                throw new ModelFormatException($"{path}: tensor {ModelText.Quote(name)} of shape {ShapeText(shape)} needs {tensorBytes} bytes, over ModelLimits.MaxTensorBytes ({_limits.MaxTensorBytes})");

            uint buffer = t.Buffer;
            if (buffer >= (uint)_buffers.Length)
                throw new ModelFormatException($"{path}.buffer: buffer index {buffer} out of range [0, {_buffers.Length}) (tensor {ModelText.Quote(name)})");

            QuantizationDef? quantization = null;
            int quantTable = Ref(pos, S.Tensor.Quantization);
            if (quantTable != 0)
                quantization = ReadQuantization(quantTable, shape, path + ".quantization", name, tensorCount);

            SparsityDef? sparsity = null;
            long storedElements = elements;
            int sparsityTable = Ref(pos, S.Tensor.Sparsity);
            if (sparsityTable != 0)
                (sparsity, storedElements) = ReadSparsity(sparsityTable, shape, path + ".sparsity", name);

            ReadOnlyMemory<byte> data = _buffers[buffer].Data;
            if (!data.IsEmpty)
                CheckConstantData(data.Span, type, elementSize, elements, storedElements, sparsity is not null, shape, path, name, buffer);

            uint external = t.ExternalBuffer;
            if (external != 0)
            {
                if (!_externalBufferIds.Contains(external))
                    throw new ModelFormatException($"{path}.external_buffer: no external_buffers entry has id {external} (tensor {ModelText.Quote(name)})");
                if (!data.IsEmpty)
                    throw new ModelFormatException($"{path}.external_buffer: tensor {ModelText.Quote(name)} has both data in buffer {buffer} and external buffer {external}");
            }

            Charge(2 * WorkBudget.ObjectCost, path);
            return new TensorDef
            {
                Name = name,
                Type = type,
                Shape = shape,
                ShapeSignature = signature,
                Buffer = (int)buffer,
                Quantization = quantization,
                Sparsity = sparsity,
                IsVariable = t.IsVariable,
                ExternalBuffer = external,
            };
        }

        /// <summary>A shape for messages: at most 16 dimensions.</summary>
        private static string ShapeText(int[] shape) =>
            shape.Length <= 16 ? $"[{string.Join(",", shape)}]" : $"[{string.Join(",", shape.Take(16))},...] (rank {shape.Length})";

        private long ElementCount(int[] shape, string path, string name)
        {
            // Zero dimensions make an empty tensor, but the other dimensions still feed stride arithmetic:
            // their product must stay within the limit too.
            long count = 1, strided = 1;
            foreach (int d in shape)
            {
                int nonZero = Math.Max(d, 1);
                if (strided > long.MaxValue / nonZero)
                    throw new ModelFormatException($"{path}.shape: the element count of tensor {ModelText.Quote(name)} of shape {ShapeText(shape)} overflows");
                strided *= nonZero;
                if (strided > _limits.MaxTensorBytes)
                    throw new ModelFormatException($"{path}.shape: tensor {ModelText.Quote(name)} of shape {ShapeText(shape)} has more elements than ModelLimits.MaxTensorBytes ({_limits.MaxTensorBytes}) allows");
                count *= d; // count <= strided: no overflow
            }
            return count;
        }

        private static void CheckConstantData(ReadOnlySpan<byte> data, TensorType type, int elementSize, long elements,
            long storedElements, bool sparse, int[] shape, string path, string name, uint buffer)
        {
            if (type == TensorType.String)
            {
                CheckStringData(data, elements, path, name, buffer);
                return;
            }
            if (elementSize == 0)
                return; // RESOURCE / VARIANT: opaque
            if (TensorTypeInfo.IsSubByte(type))
            {
                // Packed (two INT4/UINT4 or four INT2 values a byte, as TFLite writes them) or one value a byte.
                long packed = TensorTypeInfo.PackedByteCount(type, storedElements);
                if (data.Length != packed && data.Length != storedElements)
                    throw new ModelFormatException($"{path}: tensor {ModelText.Quote(name)} ({type}, shape {ShapeText(shape)}) has {data.Length} bytes in buffer {buffer}, expected {packed} (packed) or {storedElements} (one value a byte)");
                return;
            }
            long expected = storedElements * elementSize;
            if (data.Length != expected)
            {
                string what = sparse ? $"{storedElements} stored (sparse) elements" : $"shape {ShapeText(shape)}";
                throw new ModelFormatException($"{path}: tensor {ModelText.Quote(name)} has {data.Length} bytes in buffer {buffer}, expected {expected} ({what} x {elementSize} bytes of {type})");
            }
        }

        /// <summary>TFLite string tensor layout: int32 count, count + 1 int32 offsets, then the bytes.</summary>
        private static void CheckStringData(ReadOnlySpan<byte> data, long elements, string path, string name, uint buffer)
        {
            if (data.Length < 4)
                throw new ModelFormatException($"{path}: string tensor {ModelText.Quote(name)} buffer {buffer} has {data.Length} bytes, too short for its header");
            int count = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (count < 0 || count != elements || 4L * (count + 2) > data.Length)
                throw new ModelFormatException($"{path}: string tensor {ModelText.Quote(name)} buffer {buffer} declares {count} strings for {elements} elements in {data.Length} bytes");
            int previous = 4 * (count + 2);
            for (int i = 0; i <= count; i++)
            {
                int offset = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(4 + 4 * i));
                if (offset < previous || offset > data.Length)
                    throw new ModelFormatException($"{path}: string tensor {ModelText.Quote(name)} buffer {buffer}: string offset {i} = {offset} is out of order or outside the {data.Length} bytes");
                previous = offset;
            }
        }

        private QuantizationDef? ReadQuantization(int pos, int[] shape, string path, string name, int tensorCount)
        {
            G.QuantizationParameters q = Table<G.QuantizationParameters>(pos);
            var (detailsType, details) = Union(pos, S.QuantizationParameters.DetailsType);
            switch ((G.QuantizationDetails)detailsType)
            {
                case G.QuantizationDetails.BlockwiseQuantization:
                    return ReadBlockwise(q, details, shape, path, name, tensorCount);
                case G.QuantizationDetails.MultiAxisQuantization:
                    return ReadMultiAxis(details, shape, path, name, tensorCount);
            }

            int scaleVector = Ref(pos, S.QuantizationParameters.Scale);
            if (Length(scaleVector) == 0)
                return null; // as in TFLite: no scales means no (affine) quantization
            int scaleCount = Length(scaleVector);
            int zeroPointCount = Length(Ref(pos, S.QuantizationParameters.ZeroPoint));
            int dim = q.QuantizedDimension;
            if (zeroPointCount != 0 && zeroPointCount != scaleCount)
                throw new ModelFormatException($"{path}.zero_point: {zeroPointCount} zero points for {scaleCount} scales (tensor {ModelText.Quote(name)})");
            if (dim < 0 || dim >= shape.Length)
            {
                // Old TOCO models (person_detect) copy the filter's quantized_dimension onto rank-1 per-channel
                // biases; TFLite Micro ignores it there. Accept a single scale, or one scale per element of a
                // rank-1 tensor, and report the only axis that makes sense.
                if (scaleCount == 1 || (shape.Length == 1 && shape[0] == scaleCount))
                    dim = 0;
                else
                    throw new ModelFormatException($"{path}.quantized_dimension: {dim} is outside the rank {shape.Length} of tensor {ModelText.Quote(name)} ({scaleCount} scales)");
            }
            if (scaleCount > 1 && shape[dim] != scaleCount)
                throw new ModelFormatException($"{path}.scale: {scaleCount} per-channel scales but dimension {dim} of tensor {ModelText.Quote(name)} is {shape[dim]}");

            // Everything above is O(1); what follows decodes once per table (and dimension) however many tensors share it.
            if (_quantizations.TryGetValue((pos, dim), out QuantizationDef? shared))
                return shared;
            float[] scale = FloatsAt(scaleVector, path)!;
            if (_checkedScales.Add(scaleVector))
            {
                for (int i = 0; i < scale.Length; i++)
                    if (!float.IsFinite(scale[i]) || scale[i] < 0)
                        throw new ModelFormatException($"{path}.scale[{i}]: {scale[i]} is not a finite non-negative scale (tensor {ModelText.Quote(name)})");
            }
            var (customType, customTable) = (detailsType, details);
            ReadOnlyMemory<byte> custom = customType == (int)G.QuantizationDetails.CustomQuantization && customTable != 0
                ? Bytes(Ref(customTable, S.CustomQuantization.Custom)) : default;
            Charge(2 * WorkBudget.ObjectCost, path);
            var def = new QuantizationDef
            {
                Scale = scale,
                ZeroPoint = Int64sAt(Ref(pos, S.QuantizationParameters.ZeroPoint), path) ?? [],
                QuantizedDimension = dim,
                Min = FloatsAt(Ref(pos, S.QuantizationParameters.Min), path),
                Max = FloatsAt(Ref(pos, S.QuantizationParameters.Max), path),
                Custom = custom,
            };
            _quantizations.Add((pos, dim), def);
            return def;
        }

        /// <summary>
        /// TFLite's <c>BlockwiseQuantization</c> (as its interpreter, XNNPACK and FULLY_CONNECTED read it): the channel
        /// axis is <c>quantized_dimension</c>, blocks of <c>block_size</c> run along the last dimension, and the scale and
        /// zero-point tensors (checked against the block count once the whole subgraph is read) hold one value per block.
        /// </summary>
        private QuantizationDef ReadBlockwise(G.QuantizationParameters q, int details, int[] shape, string path, string name, int tensorCount)
        {
            string dpath = path + ".details(BlockwiseQuantization)";
            if (details == 0)
                throw new ModelFormatException($"{dpath}: the details table is missing (tensor {ModelText.Quote(name)})");
            G.BlockwiseQuantization b = Table<G.BlockwiseQuantization>(details);
            CheckTensorIndex(b.Scales, tensorCount, dpath + ".scales", optional: false, name);
            CheckTensorIndex(b.ZeroPoints, tensorCount, dpath + ".zero_points", optional: true, name);
            int dim = q.QuantizedDimension;
            if (shape.Length == 0)
                throw new ModelFormatException($"{dpath}: tensor {ModelText.Quote(name)} is a scalar; blockwise quantization needs at least one dimension");
            if (dim < 0 || dim >= shape.Length)
                throw new ModelFormatException($"{path}.quantized_dimension: {dim} is outside the rank {shape.Length} of tensor {ModelText.Quote(name)}");
            int block = b.BlockSize;
            if (block <= 0)
                throw new ModelFormatException($"{dpath}.block_size: {block} is not positive (tensor {ModelText.Quote(name)})");
            if (shape[^1] % block != 0)
                throw new ModelFormatException($"{dpath}.block_size: {block} does not divide the last dimension ({shape[^1]}) of tensor {ModelText.Quote(name)}");
            Charge(3 * WorkBudget.ObjectCost, path);
            return new QuantizationDef
            {
                Scale = [],
                ZeroPoint = [],
                QuantizedDimension = dim,
                Blockwise = new BlockwiseQuantizationDef(b.Scales, b.ZeroPoints, block),
            };
        }

        /// <summary>TFLite's <c>MultiAxisQuantization</c>, checked as TFLite's interpreter builder does.</summary>
        private QuantizationDef ReadMultiAxis(int details, int[] shape, string path, string name, int tensorCount)
        {
            string dpath = path + ".details(MultiAxisQuantization)";
            int dimsVector = details == 0 ? 0 : Ref(details, S.MultiAxisQuantization.QuantizedDimensions);
            if (Length(dimsVector) == 0)
                throw new ModelFormatException($"{dpath}: the details table or its quantized_dimensions are missing (tensor {ModelText.Quote(name)})");
            G.MultiAxisQuantization m = Table<G.MultiAxisQuantization>(details);
            CheckTensorIndex(m.Scales, tensorCount, dpath + ".scales", optional: false, name);
            CheckTensorIndex(m.ZeroPoints, tensorCount, dpath + ".zero_points", optional: true, name);
            if (m.BlockSize < 0)
                throw new ModelFormatException($"{dpath}.block_size: {m.BlockSize} is negative (tensor {ModelText.Quote(name)})");
            int[] dims = Int32sAt(dimsVector, dpath)!;
            Charge(dims.Length, dpath); // checked per tensor
            for (int i = 0; i < dims.Length; i++)
                if (dims[i] < 0 || (shape.Length > 0 && dims[i] >= shape.Length))
                    throw new ModelFormatException($"{dpath}.quantized_dimensions[{i}]: {dims[i]} is outside the rank {shape.Length} of tensor {ModelText.Quote(name)}");
            Charge(3 * WorkBudget.ObjectCost, path);
            return new QuantizationDef
            {
                Scale = [],
                ZeroPoint = [],
                QuantizedDimension = dims[0],
                MultiAxis = new MultiAxisQuantizationDef(m.Scales, m.ZeroPoints, m.BlockSize, dims),
            };
        }

        private static void CheckTensorIndex(int index, int tensorCount, string path, bool optional, string name)
        {
            if (optional && index == -1)
                return;
            if (index < 0 || index >= tensorCount)
                throw new ModelFormatException($"{path}: tensor index {index} out of range [0, {tensorCount}){(optional ? " (or -1 for none)" : "")} (tensor {ModelText.Quote(name)})");
        }

        /// <summary>
        /// The scale and zero-point tensors of each blockwise-quantized tensor hold one value per block
        /// (elements / block_size), as TFLite's kernels and XNNPACK index them.
        /// </summary>
        private static void CheckBlockwiseTensors(TensorDef[] tensors, string path)
        {
            for (int i = 0; i < tensors.Length; i++)
            {
                if (tensors[i].Quantization?.Blockwise is not BlockwiseQuantizationDef b)
                    continue;
                long blocks = Elements(tensors[i].Shape) / b.BlockSize;
                string where = $"{path}.tensors[{i}].quantization.details(BlockwiseQuantization)";
                long scales = Elements(tensors[b.ScalesTensor].Shape);
                if (scales != blocks)
                    throw new ModelFormatException($"{where}.scales: tensor {b.ScalesTensor} has {scales} values for the {blocks} blocks of tensor {ModelText.Quote(tensors[i].Name)}");
                if (b.ZeroPointsTensor >= 0 && Elements(tensors[b.ZeroPointsTensor].Shape) != blocks)
                    throw new ModelFormatException($"{where}.zero_points: tensor {b.ZeroPointsTensor} has {Elements(tensors[b.ZeroPointsTensor].Shape)} values for the {blocks} blocks of tensor {ModelText.Quote(tensors[i].Name)}");
            }
        }

        private static long Elements(int[] shape)
        {
            long n = 1;
            foreach (int d in shape)
                n *= d; // shapes were checked against ModelLimits.MaxTensorBytes: no overflow
            return n;
        }

        /// <summary>
        /// Reads and checks TACO sparsity metadata against the tensor's dense shape. Returns the number of values
        /// stored in the buffer: walking the levels in traversal order, a dense level multiplies the count by its
        /// size and a CSR level replaces it by its number of indices. The levels must describe the dense shape
        /// exactly: a dense level's size is the (blocked) dimension it traverses, a block level's size divides
        /// the dimension it blocks, and the sparse levels' indices lie within their dimension.
        /// </summary>
        private (SparsityDef, long) ReadSparsity(int pos, int[] shape, string path, string name)
        {
            if (_sparsities.TryGetValue(pos, out var cached) && cached.Shape.AsSpan().SequenceEqual(shape))
                return (cached.Def, cached.Stored);

            int orderVector = Ref(pos, S.SparsityParameters.TraversalOrder);
            int blockVector = Ref(pos, S.SparsityParameters.BlockMap);
            int dimsVector = Ref(pos, S.SparsityParameters.DimMetadata);
            int rank = shape.Length;
            int blockCount = Length(blockVector);
            if (blockCount > rank)
                throw new ModelFormatException($"{path}.block_map: {blockCount} block dimensions for a tensor of rank {rank} ({ModelText.Quote(name)})");
            int levels = rank + blockCount;
            if (Length(orderVector) != levels)
                throw new ModelFormatException($"{path}.traversal_order: length {Length(orderVector)}, expected rank {rank} + {blockCount} block dimensions = {levels} ({ModelText.Quote(name)})");
            if (Length(dimsVector) != levels)
                throw new ModelFormatException($"{path}.dim_metadata: length {Length(dimsVector)}, expected {levels} ({ModelText.Quote(name)})");
            int[] order = Int32sAt(orderVector, path) ?? [];
            int[] blockMap = Int32sAt(blockVector, path) ?? [];
            Span<bool> seen = levels <= 64 ? stackalloc bool[levels] : new bool[levels]; // levels <= 2 x MaxRank
            for (int i = 0; i < levels; i++)
            {
                int o = order[i];
                if (o < 0 || o >= levels || seen[o])
                    throw new ModelFormatException($"{path}.traversal_order[{i}]: {o} is not a permutation entry of [0, {levels}) ({ModelText.Quote(name)})");
                seen[o] = true;
            }
            seen.Clear();
            for (int i = 0; i < blockCount; i++)
            {
                if (blockMap[i] < 0 || blockMap[i] >= rank)
                    throw new ModelFormatException($"{path}.block_map[{i}]: {blockMap[i]} is outside the rank {rank} of {ModelText.Quote(name)}");
                if (seen[blockMap[i]])
                    throw new ModelFormatException($"{path}.block_map[{i}]: dimension {blockMap[i]} of {ModelText.Quote(name)} is blocked twice");
                seen[blockMap[i]] = true;
            }

            // Level sizes implied by the shape: traversal dimension d < rank is shape[d] (divided by its block size
            // when blocked); block dimension rank + j is the dense size of its own level.
            Span<int> extent = levels <= 64 ? stackalloc int[levels] : new int[levels];
            Span<int> levelOf = levels <= 64 ? stackalloc int[levels] : new int[levels]; // traversal dimension -> level
            for (int i = 0; i < levels; i++)
                levelOf[order[i]] = i;
            for (int j = 0; j < blockCount; j++)
            {
                int level = levelOf[rank + j];
                G.DimensionMetadata meta = Table<G.DimensionMetadata>(Element(dimsVector, level));
                if ((sbyte)meta.Format != (sbyte)G.DimensionType.DENSE)
                    throw new ModelFormatException($"{path}.dim_metadata[{level}]: block dimension {rank + j} of {ModelText.Quote(name)} must be dense");
                int block = meta.DenseSize;
                int d = blockMap[j];
                if (block <= 0 || shape[d] % block != 0)
                    throw new ModelFormatException($"{path}.dim_metadata[{level}].dense_size: block size {block} does not divide dimension {d} ({shape[d]}) of {ModelText.Quote(name)}");
                extent[rank + j] = block;
            }
            for (int d = 0; d < rank; d++)
            {
                int blockIndex = blockMap.AsSpan().IndexOf(d);
                extent[d] = blockIndex < 0 ? shape[d] : shape[d] / extent[rank + blockIndex];
            }

            Charge((long)levels * 2 * WorkBudget.ObjectCost, path);
            var dims = new DimensionMetadataDef[levels];
            long count = 1;
            for (int i = 0; i < levels; i++)
            {
                string dpath = $"{path}.dim_metadata[{i}]";
                int dm = Element(dimsVector, i);
                G.DimensionMetadata meta = Table<G.DimensionMetadata>(dm);
                int format = (sbyte)meta.Format;
                int size = extent[order[i]];
                if (format == (int)DimensionType.Dense)
                {
                    if (meta.DenseSize != size)
                        throw new ModelFormatException($"{dpath}.dense_size: {meta.DenseSize}, but traversal dimension {order[i]} of {ModelText.Quote(name)} (shape {ShapeText(shape)}) has size {size}");
                    if (size != 0 && count > long.MaxValue / size)
                        throw new ModelFormatException($"{dpath}.dense_size: the sparse tensor {ModelText.Quote(name)} expands past the range of a 64-bit count");
                    count *= size;
                    if (count > _limits.MaxTensorBytes)
                        throw new ModelFormatException($"{dpath}.dense_size: the sparse tensor {ModelText.Quote(name)} expands past ModelLimits.MaxTensorBytes");
                    dims[i] = new DimensionMetadataDef { Format = DimensionType.Dense, DenseSize = size };
                }
                else if (format == (int)DimensionType.SparseCsr)
                {
                    if (order[i] >= rank)
                        throw new ModelFormatException($"{dpath}.format: block dimension {order[i]} of {ModelText.Quote(name)} must be dense");
                    int[] segments = SparseIndices(dm, segmentsField: true, dpath, name);
                    int[] indices = SparseIndices(dm, segmentsField: false, dpath, name);
                    Charge(segments.Length + indices.Length, dpath); // checked per tensor
                    if (segments.Length != count + 1)
                        throw new ModelFormatException($"{dpath}.array_segments: {segments.Length} entries, expected {count + 1} (one more than the {count} positions of the outer levels) ({ModelText.Quote(name)})");
                    if (segments[0] != 0)
                        throw new ModelFormatException($"{dpath}.array_segments[0]: {segments[0]}, expected 0 ({ModelText.Quote(name)})");
                    for (int k = 1; k < segments.Length; k++)
                        if (segments[k] < segments[k - 1])
                            throw new ModelFormatException($"{dpath}.array_segments[{k}]: {segments[k]} is smaller than the previous entry ({ModelText.Quote(name)})");
                    if (segments[^1] != indices.Length)
                        throw new ModelFormatException($"{dpath}.array_segments: last entry {segments[^1]} differs from the {indices.Length} array_indices ({ModelText.Quote(name)})");
                    for (int k = 0; k < indices.Length; k++)
                        if (indices[k] < 0 || indices[k] >= size)
                            throw new ModelFormatException($"{dpath}.array_indices[{k}]: {indices[k]} is outside the dimension size {size} ({ModelText.Quote(name)})");
                    count = indices.Length;
                    dims[i] = new DimensionMetadataDef
                    {
                        Format = DimensionType.SparseCsr,
                        DenseSize = meta.DenseSize,
                        ArraySegments = segments,
                        ArrayIndices = indices,
                    };
                }
                else
                {
                    throw new ModelFormatException($"{dpath}.format: {format} is not a DimensionType ({ModelText.Quote(name)})");
                }
            }
            var def = new SparsityDef { TraversalOrder = order, BlockMap = blockMap, DimMetadata = dims };
            _sparsities.TryAdd(pos, (def, shape, count));
            return (def, count);
        }

        private int[] SparseIndices(int dm, bool segmentsField, string path, string name)
        {
            string field = segmentsField ? "array_segments" : "array_indices";
            var (type, table) = Union(dm, segmentsField ? S.DimensionMetadata.ArraySegmentsType : S.DimensionMetadata.ArrayIndicesType);
            if (table != 0)
            {
                switch ((G.SparseIndexVector)type)
                {
                    case G.SparseIndexVector.Int32Vector:
                        return Int32sAt(Ref(table, S.Int32Vector.Values), path) ?? [];
                    case G.SparseIndexVector.Uint16Vector:
                        return Ref(table, S.Uint16Vector.Values) is int u16 and not 0 ? UInt16sAt(u16, path) : [];
                    case G.SparseIndexVector.Uint8Vector:
                        return Ref(table, S.Uint8Vector.Values) is int u8 and not 0 ? UInt8sAt(u8, path) : [];
                }
            }
            throw new ModelFormatException($"{path}.{field}: a SPARSE_CSR dimension needs {field} ({ModelText.Quote(name)})");
        }
    }
}
