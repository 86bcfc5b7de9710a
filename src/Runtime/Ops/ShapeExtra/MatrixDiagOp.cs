using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// MATRIX_DIAG: [..., n] -> [..., n, n] with the input on the main diagonal and zeros elsewhere. Types as TFLite's
/// matrix_diag.cc (float32, int8, uint8, int16, int32, int64).
/// </summary>
internal sealed class MatrixDiagOp : IOpKernel
{
    private int _batch, _n, _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectOneOf(context, input, "input", TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int16,
                    TensorType.Int32, TensorType.Int64);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (rank < 1) throw context.Fail($"input '{input.Name}' is a scalar; MATRIX_DIAG needs rank >= 1");
        _n = input.Dim(rank - 1);
        _batch = Product(input.Shape, 0, rank - 1);
        var shape = new int[rank + 1];
        input.Shape.CopyTo(shape);
        shape[rank] = _n;
        if (ElementCount(shape) > int.MaxValue) throw context.Fail($"output shape {Format(shape)} is too large");
        context.ResizeOutput(0, shape);
    }

    public void Eval(OpContext context)
    {
        switch (_elementSize)
        {
            case 1: Ref.MatrixDiag.Run(Read<byte>(context.Input(0)), _batch, _n, Write<byte>(context.Output(0))); break;
            case 2: Ref.MatrixDiag.Run(Read<ushort>(context.Input(0)), _batch, _n, Write<ushort>(context.Output(0))); break;
            case 4: Ref.MatrixDiag.Run(Read<uint>(context.Input(0)), _batch, _n, Write<uint>(context.Output(0))); break;
            default: Ref.MatrixDiag.Run(Read<ulong>(context.Input(0)), _batch, _n, Write<ulong>(context.Output(0))); break;
        }
    }
}
