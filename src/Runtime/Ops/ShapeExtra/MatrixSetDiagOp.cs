using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// MATRIX_SET_DIAG: input [..., rows, cols] with its main diagonal replaced by diagonal [..., min(rows, cols)]
/// (TFLite reads the diagonal without checking its shape; here it must be exactly that). Types as TFLite's
/// matrix_set_diag.cc (float32, int8, uint8, int16, int32, int64).
/// </summary>
internal sealed class MatrixSetDiagOp : IOpKernel
{
    private int _batch, _rows, _cols, _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var diagonal = context.Input(1);
        var output = context.Output(0);
        ExpectOneOf(context, input, "input", TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int16,
                    TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, input, diagonal, "diagonal");
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (rank < 2) throw context.Fail($"input '{input.Name}' {Format(input.Shape)} must have rank >= 2");
        _rows = input.Dim(rank - 2);
        _cols = input.Dim(rank - 1);
        _batch = Product(input.Shape, 0, rank - 2);
        var expected = new int[rank - 1];
        input.Shape[..(rank - 2)].CopyTo(expected);
        expected[rank - 2] = Math.Min(_rows, _cols);
        if (!diagonal.Shape.SequenceEqual(expected))
            throw context.Fail($"diagonal '{diagonal.Name}' has shape {Format(diagonal.Shape)}, expected {Format(expected)} for input '{input.Name}' {Format(input.Shape)}");
        context.ResizeOutput(0, input.Shape);
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
        => Ref.MatrixSetDiag.Run(Read<T>(context.Input(0)), Read<T>(context.Input(1)), _batch, _rows, _cols, Write<T>(context.Output(0)));
}
