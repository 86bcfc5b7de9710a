using ManagedLite.Kernels;
using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// DENSIFY: expands a sparse constant (TACO format: traversal order, block map, dense / CSR levels) into a
/// dense tensor of the input's shape. The metadata is validated once in Prepare; Eval rewrites the output each run.
/// </summary>
internal sealed class DensifyOp : IOpKernel
{
    private Ref.Densify? _plan;
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        ExpectConstant(context, input, "input");
        var sparsity = input.Sparsity
            ?? throw context.Fail($"input '{input.Name}' has no sparsity metadata");
        try
        {
            _plan = new Ref.Densify(ToFormat(input.Shape.ToArray(), sparsity), input.RawBytes.Length / _elementSize);
        }
        catch (ArgumentException e)
        {
            throw context.Fail($"sparse input '{input.Name}' {Format(input.Shape)}: {e.Message}");
        }
        context.ResizeOutput(0, input.Shape);
    }

    /// <summary>Converts the schema's sparsity record to the kernel's plain-array form.</summary>
    internal static SparseTensorFormat ToFormat(int[] denseShape, SparsityDef sparsity)
    {
        int levels = sparsity.DimMetadata.Count;
        var formats = new SparseDimensionFormat[levels];
        var denseSizes = new int[levels];
        var segments = new int[]?[levels];
        var indices = new int[]?[levels];
        for (int i = 0; i < levels; i++)
        {
            var m = sparsity.DimMetadata[i];
            formats[i] = m.Format == DimensionType.SparseCsr ? SparseDimensionFormat.SparseCsr
                       : m.Format == DimensionType.Dense ? SparseDimensionFormat.Dense
                       : (SparseDimensionFormat)(int)m.Format;
            denseSizes[i] = m.DenseSize;
            segments[i] = m.ArraySegments;
            indices[i] = m.ArrayIndices;
        }
        return new SparseTensorFormat(denseShape, sparsity.TraversalOrder ?? [], sparsity.BlockMap ?? [],
                                      formats, denseSizes, segments, indices);
    }

    public void Eval(OpContext context)
    {
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    private void Run<T>(OpContext context) where T : unmanaged
        => _plan!.Run(Read<T>(context.Input(0)), Write<T>(context.Output(0)));
}
