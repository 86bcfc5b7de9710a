namespace ManagedLite.Kernels.Reference;

/// <summary>
/// DENSIFY (TFLite <c>FormatConverter::SparseToDense</c>): expands a sparse constant stored in TACO format
/// (dense / CSR levels in traversal order, optional dense blocks) into a dense row-major tensor.
/// The constructor validates the metadata completely (a dry run of the traversal), so <see cref="Run{T}"/>
/// cannot read or write out of range; one instance serves one tensor and is not thread-safe.
/// </summary>
public sealed class Densify
{
    private readonly int[] _denseShape;
    private readonly int[] _traversal;
    private readonly int[] _blockMap;
    private readonly int[] _blockSize;
    private readonly SparseDimensionFormat[] _formats;
    private readonly int[] _denseSizes;
    private readonly int[][] _segments;
    private readonly int[][] _indices;
    private readonly int[] _level;   // current coordinate per level
    private readonly int[] _orig;    // current coordinate in the dense shape
    private readonly int[] _denseStrides;
    private long _visits;
    private long _visitLimit;

    /// <summary>Number of dense elements (product of the dense shape).</summary>
    public int DenseLength { get; }
    /// <summary>Number of stored values the traversal consumes.</summary>
    public int ValueCount { get; }

    /// <param name="format">The sparsity metadata.</param>
    /// <param name="storedValues">How many values the sparse tensor's buffer holds.</param>
    /// <exception cref="ArgumentException">The metadata is inconsistent or would index outside the tensor.</exception>
    public Densify(SparseTensorFormat format, int storedValues)
    {
        ArgumentNullException.ThrowIfNull(format);
        _denseShape = format.DenseShape ?? throw new ArgumentException("dense shape is missing");
        _traversal = format.TraversalOrder ?? throw new ArgumentException("traversal_order is missing");
        _blockMap = format.BlockMap ?? [];
        _formats = format.Formats ?? throw new ArgumentException("dim_metadata is missing");
        _denseSizes = format.DenseSizes ?? throw new ArgumentException("dim_metadata is missing");
        int rank = _denseShape.Length;
        int total = rank + _blockMap.Length;
        DenseLength = ShapeMath.FlatSize(_denseShape, "dense shape");

        if (_traversal.Length != total)
            throw new ArgumentException($"traversal_order has {_traversal.Length} entries, expected {total} (rank {rank} + {_blockMap.Length} block dims)");
        if (_formats.Length != total || _denseSizes.Length != total || format.Segments.Length != total || format.Indices.Length != total)
            throw new ArgumentException($"dim_metadata has {_formats.Length} entries, expected {total}");
        int seen = 0;
        for (int i = 0; i < total; i++)
        {
            int t = _traversal[i];
            if ((uint)t >= (uint)total || total > 31 || (seen & (1 << t)) != 0)
                throw new ArgumentException($"traversal_order [{string.Join(",", _traversal)}] is not a permutation of 0..{total - 1}");
            if (i < rank && t >= rank)
                throw new ArgumentException($"traversal_order [{string.Join(",", _traversal)}] places a block dimension among the first {rank} levels");
            seen |= 1 << t;
        }

        // Block sizes, as TFLite derives them: block k's size is the dense size of level traversal[rank + k].
        _blockSize = new int[_blockMap.Length];
        for (int k = 0; k < _blockMap.Length; k++)
        {
            int dim = _blockMap[k];
            if ((uint)dim >= (uint)rank || (k > 0 && dim <= _blockMap[k - 1]))
                throw new ArgumentException($"block_map [{string.Join(",", _blockMap)}] must be increasing dimensions below {rank}");
            int size = _denseSizes[_traversal[rank + k]];
            if (size <= 0 || _denseShape[dim] % size != 0)
                throw new ArgumentException($"block size {size} of dimension {dim} does not divide its size {_denseShape[dim]}");
            _blockSize[k] = size;
        }

        _segments = new int[total][];
        _indices = new int[total][];
        for (int l = 0; l < total; l++)
        {
            if (_formats[l] == SparseDimensionFormat.Dense)
            {
                if (_denseSizes[l] < 0) throw new ArgumentException($"level {l} has negative dense size {_denseSizes[l]}");
                _segments[l] = [];
                _indices[l] = [];
            }
            else if (_formats[l] == SparseDimensionFormat.SparseCsr)
            {
                _segments[l] = format.Segments[l] ?? throw new ArgumentException($"sparse level {l} has no array_segments");
                _indices[l] = format.Indices[l] ?? throw new ArgumentException($"sparse level {l} has no array_indices");
            }
            else
            {
                throw new ArgumentException($"level {l} has unknown format {(int)_formats[l]}");
            }
        }

        _level = new int[total];
        _orig = new int[rank];
        _denseStrides = new int[rank];
        ShapeMath.Strides(_denseShape, _denseStrides);

        // Dry run: checks every index and counts the values consumed. In valid metadata each level visits distinct
        // coordinate prefixes, so (levels + 1) * dense size bounds the work; more means the metadata is hostile.
        _visitLimit = (long)(total + 1) * (DenseLength + 1);
        _visits = 0;
        int consumed = 0;
        Populate<byte>(default, default, 0, 0, ref consumed, dryRun: true, storedValues);
        ValueCount = consumed;
    }

    /// <summary>Writes the dense tensor: zeros, then every stored value at its coordinate.</summary>
    public void Run<T>(ReadOnlySpan<T> values, Span<T> dense) where T : unmanaged
    {
        if (values.Length < ValueCount)
            throw new ArgumentException($"sparse tensor has {values.Length} values, the metadata needs {ValueCount}");
        ShapeMath.CheckLength(dense.Length, DenseLength, "dense output");
        dense.Clear();
        int consumed = 0;
        Populate(values, dense, 0, 0, ref consumed, dryRun: false, values.Length);
    }

    private void Populate<T>(ReadOnlySpan<T> src, Span<T> dst, int level, int prevIdx, ref int srcPtr, bool dryRun, int storedValues)
        where T : unmanaged
    {
        if (dryRun && ++_visits > _visitLimit)
            throw new ArgumentException("sparsity metadata describes more elements than the dense tensor holds");
        int total = _traversal.Length;
        int rank = _denseShape.Length;
        if (level == total)
        {
            for (int i = 0; i < rank; i++) _orig[_traversal[i]] = _level[i];
            for (int i = rank; i < total; i++)
            {
                int k = _traversal[i] - rank;
                int d = _blockMap[k];
                _orig[d] = _orig[d] * _blockSize[k] + _level[i];
            }
            int flat = 0;
            for (int d = 0; d < rank; d++)
            {
                if (dryRun && (uint)_orig[d] >= (uint)_denseShape[d])
                    throw new ArgumentException($"sparse element at [{string.Join(",", _orig)}] is outside the dense shape [{string.Join(",", _denseShape)}]");
                flat += _orig[d] * _denseStrides[d];
            }
            if (dryRun)
            {
                if (srcPtr >= storedValues)
                    throw new ArgumentException($"sparsity metadata needs more than the {storedValues} stored values");
            }
            else
            {
                dst[flat] = src[srcPtr];
            }
            srcPtr++;
            return;
        }

        if (_formats[level] == SparseDimensionFormat.Dense)
        {
            int size = _denseSizes[level];
            if (dryRun && (long)prevIdx * size + size > int.MaxValue)
                throw new ArgumentException($"level {level} position overflows");
            for (int i = 0; i < size; i++)
            {
                _level[level] = i;
                Populate(src, dst, level + 1, prevIdx * size + i, ref srcPtr, dryRun, storedValues);
            }
        }
        else
        {
            int[] segments = _segments[level];
            int[] indices = _indices[level];
            if (prevIdx + 1 < segments.Length)
            {
                int from = segments[prevIdx], to = Math.Min(segments[prevIdx + 1], indices.Length);
                if (dryRun && from < 0 && from < to)
                    throw new ArgumentException($"level {level} has negative segment start {from}");
                for (int i = from; i < to; i++)
                {
                    _level[level] = indices[i];
                    Populate(src, dst, level + 1, i, ref srcPtr, dryRun, storedValues);
                }
            }
        }
    }
}
