namespace ManagedLite.Kernels;

/// <summary>Storage of one level of a sparse tensor (TFLite <c>DimensionType</c>).</summary>
public enum SparseDimensionFormat
{
    Dense = 0,
    SparseCsr = 1,
}

/// <summary>
/// TFLite's TACO-style sparsity metadata as plain arrays (TFLite <c>SparsityParameters</c>).
/// The tensor has <see cref="DenseShape"/> (rank r) and <see cref="BlockMap"/>.Length block dimensions; levels
/// 0..r+k-1 are stored in <see cref="TraversalOrder"/>. Per level (in traversal order): its format, its dense
/// size (dense levels), and for CSR levels its segments and indices.
/// </summary>
public sealed record SparseTensorFormat(
    int[] DenseShape,
    int[] TraversalOrder,
    int[] BlockMap,
    SparseDimensionFormat[] Formats,
    int[] DenseSizes,
    int[]?[] Segments,
    int[]?[] Indices);
