using System.Buffers.Binary;
using ManagedLite.Schema.Generated;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

public static partial class ModelReader
{
    private sealed partial class Reader
    {
        private TensorDef ReadTensor(G.Tensor t, string path, int tensorCount)
        {
            int rawType = (sbyte)t.Type;
            if (!TensorTypeInfo.IsDefined(rawType))
                throw new ModelFormatException($"{path}.type: {rawType} is not a TensorType");
            var type = (TensorType)rawType;
            string name = t.Name ?? "";

            Charge(t.ShapeLength + t.ShapeSignatureLength, path);
            int[] shape = t.GetShapeArray() ?? [];
            if (shape.Length > _limits.MaxRank)
                throw new ModelFormatException($"{path}.shape: rank {shape.Length} exceeds ModelLimits.MaxRank ({_limits.MaxRank})");
            for (int d = 0; d < shape.Length; d++)
                if (shape[d] < 0)
                    throw new ModelFormatException($"{path}.shape[{d}]: dimension {shape[d]} is negative (tensor '{name}')");
            int[]? signature = t.GetShapeSignatureArray();
            if (signature is not null)
            {
                if (signature.Length != shape.Length)
                    throw new ModelFormatException($"{path}.shape_signature: rank {signature.Length} differs from shape rank {shape.Length} (tensor '{name}')");
                for (int d = 0; d < signature.Length; d++)
                    if (signature[d] < -1)
                        throw new ModelFormatException($"{path}.shape_signature[{d}]: dimension {signature[d]} is invalid; only -1 marks a dynamic dimension (tensor '{name}')");
            }

            long elements = ElementCount(shape, path, name);
            int elementSize = TensorTypeInfo.ElementSize(type);
            if (elements > long.MaxValue / 16)
                throw new ModelFormatException($"{path}: the byte size of tensor '{name}' of shape [{string.Join(",", shape)}] overflows");
            long packed = TensorTypeInfo.PackedByteCount(type, elements);
            long tensorBytes = packed >= 0 ? packed : elements; // STRING/RESOURCE/VARIANT: at least a byte per element
            if (tensorBytes > _limits.MaxTensorBytes)
                throw new ModelFormatException($"{path}: tensor '{name}' of shape [{string.Join(",", shape)}] needs {tensorBytes} bytes, over ModelLimits.MaxTensorBytes ({_limits.MaxTensorBytes})");

            uint buffer = t.Buffer;
            if (buffer >= (uint)_buffers.Length)
                throw new ModelFormatException($"{path}.buffer: buffer index {buffer} out of range [0, {_buffers.Length}) (tensor '{name}')");

            QuantizationDef? quantization = null;
            if (t.Quantization is G.QuantizationParameters q)
                quantization = ReadQuantization(q, shape, path + ".quantization", name, tensorCount);

            SparsityDef? sparsity = null;
            long storedElements = elements;
            if (t.Sparsity is G.SparsityParameters sp)
                (sparsity, storedElements) = ReadSparsity(sp, shape, path + ".sparsity", name);

            ReadOnlyMemory<byte> data = _buffers[buffer].Data;
            if (!data.IsEmpty)
                CheckConstantData(data.Span, type, elementSize, elements, storedElements, sparsity is not null, shape, path, name, buffer);

            uint external = t.ExternalBuffer;
            if (external != 0)
            {
                if (!_externalBufferIds.Contains(external))
                    throw new ModelFormatException($"{path}.external_buffer: no external_buffers entry has id {external} (tensor '{name}')");
                if (!data.IsEmpty)
                    throw new ModelFormatException($"{path}.external_buffer: tensor '{name}' has both data in buffer {buffer} and external buffer {external}");
            }

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

        private long ElementCount(int[] shape, string path, string name)
        {
            // Zero dimensions make an empty tensor, but the other dimensions still feed stride arithmetic:
            // their product must stay within the limit too.
            long count = 1, strided = 1;
            foreach (int d in shape)
            {
                int nonZero = Math.Max(d, 1);
                if (strided > long.MaxValue / nonZero)
                    throw new ModelFormatException($"{path}.shape: the element count of tensor '{name}' of shape [{string.Join(",", shape)}] overflows");
                strided *= nonZero;
                if (strided > _limits.MaxTensorBytes)
                    throw new ModelFormatException($"{path}.shape: tensor '{name}' of shape [{string.Join(",", shape)}] has more elements than ModelLimits.MaxTensorBytes ({_limits.MaxTensorBytes}) allows");
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
                    throw new ModelFormatException($"{path}: tensor '{name}' ({type}, shape [{string.Join(",", shape)}]) has {data.Length} bytes in buffer {buffer}, expected {packed} (packed) or {storedElements} (one value a byte)");
                return;
            }
            long expected = storedElements * elementSize;
            if (data.Length != expected)
            {
                string what = sparse ? $"{storedElements} stored (sparse) elements" : $"shape [{string.Join(",", shape)}]";
                throw new ModelFormatException($"{path}: tensor '{name}' has {data.Length} bytes in buffer {buffer}, expected {expected} ({what} x {elementSize} bytes of {type})");
            }
        }

        /// <summary>TFLite string tensor layout: int32 count, count + 1 int32 offsets, then the bytes.</summary>
        private static void CheckStringData(ReadOnlySpan<byte> data, long elements, string path, string name, uint buffer)
        {
            if (data.Length < 4)
                throw new ModelFormatException($"{path}: string tensor '{name}' buffer {buffer} has {data.Length} bytes, too short for its header");
            int count = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (count < 0 || count != elements || 4L * (count + 2) > data.Length)
                throw new ModelFormatException($"{path}: string tensor '{name}' buffer {buffer} declares {count} strings for {elements} elements in {data.Length} bytes");
            int previous = 4 * (count + 2);
            for (int i = 0; i <= count; i++)
            {
                int offset = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(4 + 4 * i));
                if (offset < previous || offset > data.Length)
                    throw new ModelFormatException($"{path}: string tensor '{name}' buffer {buffer}: string offset {i} = {offset} is out of order or outside the {data.Length} bytes");
                previous = offset;
            }
        }

        private QuantizationDef? ReadQuantization(G.QuantizationParameters q, int[] shape, string path, string name, int tensorCount)
        {
            switch (q.DetailsType)
            {
                case G.QuantizationDetails.BlockwiseQuantization:
                    return ReadBlockwise(q, shape, path, name, tensorCount);
                case G.QuantizationDetails.MultiAxisQuantization:
                    return ReadMultiAxis(q, shape, path, name, tensorCount);
            }
            ReadOnlyMemory<byte> custom = q.DetailsType == G.QuantizationDetails.CustomQuantization
                && q.Details<G.CustomQuantization>() is G.CustomQuantization cq ? VectorBytes(cq.GetCustomBytes()) : default;

            Charge(q.ScaleLength + q.ZeroPointLength + q.MinLength + q.MaxLength, path);
            float[] scale = q.GetScaleArray() ?? [];
            if (scale.Length == 0)
                return null; // as in TFLite: no scales means no (affine) quantization
            long[] zeroPoint = q.GetZeroPointArray() ?? [];
            int dim = q.QuantizedDimension;
            for (int i = 0; i < scale.Length; i++)
                if (!float.IsFinite(scale[i]) || scale[i] < 0)
                    throw new ModelFormatException($"{path}.scale[{i}]: {scale[i]} is not a finite non-negative scale (tensor '{name}')");
            if (zeroPoint.Length != 0 && zeroPoint.Length != scale.Length)
                throw new ModelFormatException($"{path}.zero_point: {zeroPoint.Length} zero points for {scale.Length} scales (tensor '{name}')");
            if (dim < 0 || dim >= shape.Length)
            {
                // Old TOCO models (person_detect) copy the filter's quantized_dimension onto rank-1 per-channel
                // biases; TFLite Micro ignores it there. Accept a single scale, or one scale per element of a
                // rank-1 tensor, and report the only axis that makes sense.
                if (scale.Length == 1 || (shape.Length == 1 && shape[0] == scale.Length))
                    dim = 0;
                else
                    throw new ModelFormatException($"{path}.quantized_dimension: {dim} is outside the rank {shape.Length} of tensor '{name}' ({scale.Length} scales)");
            }
            if (scale.Length > 1)
            {
                if (shape[dim] != scale.Length)
                    throw new ModelFormatException($"{path}.scale: {scale.Length} per-channel scales but dimension {dim} of tensor '{name}' is {shape[dim]}");
            }
            return new QuantizationDef
            {
                Scale = scale,
                ZeroPoint = zeroPoint,
                QuantizedDimension = dim,
                Min = q.GetMinArray(),
                Max = q.GetMaxArray(),
                Custom = custom,
            };
        }

        /// <summary>
        /// TFLite's <c>BlockwiseQuantization</c> (as its interpreter, XNNPACK and FULLY_CONNECTED read it): the channel
        /// axis is <c>quantized_dimension</c>, blocks of <c>block_size</c> run along the last dimension, and the scale and
        /// zero-point tensors (checked against the block count once the whole subgraph is read) hold one value per block.
        /// </summary>
        private QuantizationDef ReadBlockwise(G.QuantizationParameters q, int[] shape, string path, string name, int tensorCount)
        {
            string dpath = path + ".details(BlockwiseQuantization)";
            if (q.Details<G.BlockwiseQuantization>() is not G.BlockwiseQuantization b)
                throw new ModelFormatException($"{dpath}: the details table is missing (tensor '{name}')");
            CheckTensorIndex(b.Scales, tensorCount, dpath + ".scales", optional: false, name);
            CheckTensorIndex(b.ZeroPoints, tensorCount, dpath + ".zero_points", optional: true, name);
            int dim = q.QuantizedDimension;
            if (shape.Length == 0)
                throw new ModelFormatException($"{dpath}: tensor '{name}' is a scalar; blockwise quantization needs at least one dimension");
            if (dim < 0 || dim >= shape.Length)
                throw new ModelFormatException($"{path}.quantized_dimension: {dim} is outside the rank {shape.Length} of tensor '{name}'");
            int block = b.BlockSize;
            if (block <= 0)
                throw new ModelFormatException($"{dpath}.block_size: {block} is not positive (tensor '{name}')");
            if (shape[^1] % block != 0)
                throw new ModelFormatException($"{dpath}.block_size: {block} does not divide the last dimension ({shape[^1]}) of tensor '{name}'");
            return new QuantizationDef
            {
                Scale = [],
                ZeroPoint = [],
                QuantizedDimension = dim,
                Blockwise = new BlockwiseQuantizationDef(b.Scales, b.ZeroPoints, block),
            };
        }

        /// <summary>TFLite's <c>MultiAxisQuantization</c>, checked as TFLite's interpreter builder does.</summary>
        private QuantizationDef ReadMultiAxis(G.QuantizationParameters q, int[] shape, string path, string name, int tensorCount)
        {
            string dpath = path + ".details(MultiAxisQuantization)";
            if (q.Details<G.MultiAxisQuantization>() is not G.MultiAxisQuantization m || m.QuantizedDimensionsLength == 0)
                throw new ModelFormatException($"{dpath}: the details table or its quantized_dimensions are missing (tensor '{name}')");
            CheckTensorIndex(m.Scales, tensorCount, dpath + ".scales", optional: false, name);
            CheckTensorIndex(m.ZeroPoints, tensorCount, dpath + ".zero_points", optional: true, name);
            if (m.BlockSize < 0)
                throw new ModelFormatException($"{dpath}.block_size: {m.BlockSize} is negative (tensor '{name}')");
            Charge(m.QuantizedDimensionsLength, dpath);
            int[] dims = m.GetQuantizedDimensionsArray() ?? [];
            for (int i = 0; i < dims.Length; i++)
                if (dims[i] < 0 || (shape.Length > 0 && dims[i] >= shape.Length))
                    throw new ModelFormatException($"{dpath}.quantized_dimensions[{i}]: {dims[i]} is outside the rank {shape.Length} of tensor '{name}'");
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
                throw new ModelFormatException($"{path}: tensor index {index} out of range [0, {tensorCount}){(optional ? " (or -1 for none)" : "")} (tensor '{name}')");
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
                    throw new ModelFormatException($"{where}.scales: tensor {b.ScalesTensor} has {scales} values for the {blocks} blocks of tensor '{tensors[i].Name}'");
                if (b.ZeroPointsTensor >= 0 && Elements(tensors[b.ZeroPointsTensor].Shape) != blocks)
                    throw new ModelFormatException($"{where}.zero_points: tensor {b.ZeroPointsTensor} has {Elements(tensors[b.ZeroPointsTensor].Shape)} values for the {blocks} blocks of tensor '{tensors[i].Name}'");
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
        /// Reads and checks TACO sparsity metadata. Returns the number of values stored in the buffer:
        /// walking the levels in traversal order, a dense level multiplies the count by its size and a
        /// CSR level replaces it by its number of indices.
        /// </summary>
        private (SparsityDef, long) ReadSparsity(G.SparsityParameters sp, int[] shape, string path, string name)
        {
            Charge(sp.TraversalOrderLength + sp.BlockMapLength + sp.DimMetadataLength, path);
            int[] order = sp.GetTraversalOrderArray() ?? [];
            int[] blockMap = sp.GetBlockMapArray() ?? [];
            int rank = shape.Length;
            int levels = rank + blockMap.Length;
            if (blockMap.Length > rank)
                throw new ModelFormatException($"{path}.block_map: {blockMap.Length} block dimensions for a tensor of rank {rank} ('{name}')");
            if (order.Length != levels)
                throw new ModelFormatException($"{path}.traversal_order: length {order.Length}, expected rank {rank} + {blockMap.Length} block dimensions = {levels} ('{name}')");
            if (sp.DimMetadataLength != levels)
                throw new ModelFormatException($"{path}.dim_metadata: length {sp.DimMetadataLength}, expected {levels} ('{name}')");
            Span<bool> seen = levels <= 64 ? stackalloc bool[levels] : new bool[levels];
            for (int i = 0; i < levels; i++)
            {
                int o = order[i];
                if (o < 0 || o >= levels || seen[o])
                    throw new ModelFormatException($"{path}.traversal_order[{i}]: {o} is not a permutation entry of [0, {levels}) ('{name}')");
                seen[o] = true;
            }
            for (int i = 0; i < blockMap.Length; i++)
                if (blockMap[i] < 0 || blockMap[i] >= rank)
                    throw new ModelFormatException($"{path}.block_map[{i}]: {blockMap[i]} is outside the rank {rank} of '{name}'");

            var dims = new DimensionMetadataDef[levels];
            long count = 1;
            for (int i = 0; i < levels; i++)
            {
                string dpath = $"{path}.dim_metadata[{i}]";
                G.DimensionMetadata dm = sp.DimMetadata(i)!.Value;
                int format = (sbyte)dm.Format;
                if (format == (int)DimensionType.Dense)
                {
                    int size = dm.DenseSize;
                    if (size < 0)
                        throw new ModelFormatException($"{dpath}.dense_size: {size} is negative ('{name}')");
                    if (size != 0 && count > long.MaxValue / size)
                        throw new ModelFormatException($"{dpath}.dense_size: the sparse tensor '{name}' expands past the range of a 64-bit count");
                    count *= size;
                    if (count > _limits.MaxTensorBytes)
                        throw new ModelFormatException($"{dpath}.dense_size: the sparse tensor '{name}' expands past ModelLimits.MaxTensorBytes");
                    dims[i] = new DimensionMetadataDef { Format = DimensionType.Dense, DenseSize = size };
                }
                else if (format == (int)DimensionType.SparseCsr)
                {
                    int[] segments = SparseIndices(dm, segmentsField: true, dpath, name);
                    int[] indices = SparseIndices(dm, segmentsField: false, dpath, name);
                    if (segments.Length != count + 1)
                        throw new ModelFormatException($"{dpath}.array_segments: {segments.Length} entries, expected {count + 1} (one more than the {count} positions of the outer levels) ('{name}')");
                    if (segments[0] != 0)
                        throw new ModelFormatException($"{dpath}.array_segments[0]: {segments[0]}, expected 0 ('{name}')");
                    for (int k = 1; k < segments.Length; k++)
                        if (segments[k] < segments[k - 1])
                            throw new ModelFormatException($"{dpath}.array_segments[{k}]: {segments[k]} is smaller than the previous entry ('{name}')");
                    if (segments[^1] != indices.Length)
                        throw new ModelFormatException($"{dpath}.array_segments: last entry {segments[^1]} differs from the {indices.Length} array_indices ('{name}')");
                    int extent = LevelExtent(order[i], shape, blockMap, sp, dpath, name);
                    for (int k = 0; k < indices.Length; k++)
                        if (indices[k] < 0 || indices[k] >= extent)
                            throw new ModelFormatException($"{dpath}.array_indices[{k}]: {indices[k]} is outside the dimension size {extent} ('{name}')");
                    count = indices.Length;
                    dims[i] = new DimensionMetadataDef
                    {
                        Format = DimensionType.SparseCsr,
                        DenseSize = dm.DenseSize,
                        ArraySegments = segments,
                        ArrayIndices = indices,
                    };
                }
                else
                {
                    throw new ModelFormatException($"{dpath}.format: {format} is not a DimensionType ('{name}')");
                }
            }
            return (new SparsityDef { TraversalOrder = order, BlockMap = blockMap, DimMetadata = dims }, count);
        }

        /// <summary>Size of traversal dimension <paramref name="dim"/>: a (blocked) tensor dimension or a block dimension.</summary>
        private static int LevelExtent(int dim, int[] shape, int[] blockMap, G.SparsityParameters sp, string path, string name)
        {
            int rank = shape.Length;
            if (dim >= rank)
                return BlockSize(dim, sp, path, name); // block dimensions are stored dense
            for (int j = 0; j < blockMap.Length; j++)
            {
                if (blockMap[j] != dim)
                    continue;
                int block = BlockSize(rank + j, sp, path, name);
                if (block <= 0 || shape[dim] % block != 0)
                    throw new ModelFormatException($"{path}: block size {block} does not divide dimension {dim} ({shape[dim]}) of '{name}'");
                return shape[dim] / block;
            }
            return shape[dim];
        }

        private static int BlockSize(int traversalDim, G.SparsityParameters sp, string path, string name)
        {
            for (int i = 0; i < sp.TraversalOrderLength; i++)
            {
                if (sp.TraversalOrder(i) != traversalDim)
                    continue;
                G.DimensionMetadata dm = sp.DimMetadata(i)!.Value;
                if (dm.Format != G.DimensionType.DENSE)
                    throw new ModelFormatException($"{path}: block dimension {traversalDim} of '{name}' must be dense");
                return dm.DenseSize;
            }
            throw new ModelFormatException($"{path}: block dimension {traversalDim} of '{name}' is not in traversal_order");
        }

        private int[] SparseIndices(G.DimensionMetadata dm, bool segmentsField, string path, string name)
        {
            string field = segmentsField ? "array_segments" : "array_indices";
            var type = segmentsField ? dm.ArraySegmentsType : dm.ArrayIndicesType;
            switch (type)
            {
                case G.SparseIndexVector.Int32Vector:
                {
                    G.Int32Vector? v = segmentsField ? dm.ArraySegments<G.Int32Vector>() : dm.ArrayIndices<G.Int32Vector>();
                    if (v is not G.Int32Vector iv)
                        break;
                    Charge(iv.ValuesLength, path);
                    return iv.GetValuesArray() ?? [];
                }
                case G.SparseIndexVector.Uint16Vector:
                {
                    G.Uint16Vector? v = segmentsField ? dm.ArraySegments<G.Uint16Vector>() : dm.ArrayIndices<G.Uint16Vector>();
                    if (v is not G.Uint16Vector uv)
                        break;
                    Charge(uv.ValuesLength, path);
                    ReadOnlySpan<byte> raw = VectorBytes(uv.GetValuesBytes(), sizeof(ushort)).Span;
                    var result = new int[uv.ValuesLength];
                    for (int i = 0; i < result.Length; i++)
                        result[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(2 * i));
                    return result;
                }
                case G.SparseIndexVector.Uint8Vector:
                {
                    G.Uint8Vector? v = segmentsField ? dm.ArraySegments<G.Uint8Vector>() : dm.ArrayIndices<G.Uint8Vector>();
                    if (v is not G.Uint8Vector bv)
                        break;
                    Charge(bv.ValuesLength, path);
                    ReadOnlySpan<byte> raw = VectorBytes(bv.GetValuesBytes()).Span;
                    var result = new int[bv.ValuesLength];
                    for (int i = 0; i < result.Length; i++)
                        result[i] = raw[i];
                    return result;
                }
            }
            throw new ModelFormatException($"{path}.{field}: a SPARSE_CSR dimension needs {field} ('{name}')");
        }
    }
}
