using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>TRANSPOSE. Inputs: data (rank &lt;= 6), perm (constant 1-D int32/int64 permutation of 0..rank-1).</summary>
internal sealed class TransposeOp : IOpKernel
{
    private readonly bool _reference;

    public TransposeOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int[] _perm = [];
    private int _elementSize;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var permT = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _elementSize = ElementSize(context, input, "input");
        int rank = input.Rank;
        if (rank > Ref.Transpose.MaxRank)
            throw context.Fail($"input '{input.Name}' has rank {rank}; TRANSPOSE supports up to {Ref.Transpose.MaxRank}");
        if (permT.Rank != 1)
            throw context.Fail($"perm '{permT.Name}' must be 1-D, got shape {Format(permT.Shape)}");
        var perm = ReadConstantInts(context, permT, "perm");
        if (perm.Length != rank)
            throw context.Fail($"perm {Format(perm)} has {perm.Length} values, expected {rank} (rank of '{input.Name}' {Format(input.Shape)})");
        var seen = new bool[rank];
        var outShape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int p = perm[i];
            if (p < 0 || p >= rank || seen[p])
                throw context.Fail($"perm {Format(perm)} is not a permutation of 0..{rank - 1}");
            seen[p] = true;
            outShape[i] = input.Dim(p);
        }
        _inputShape = input.Shape.ToArray();
        _perm = perm;
        context.ResizeOutput(0, outShape);
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
    {
        var input = Read<T>(context.Input(0));
        var output = Write<T>(context.Output(0));
        if (_reference)
            Ref.Transpose.Run(_inputShape, _perm, input, output);
        else
            Opt.Transpose.Run(_inputShape, _perm, input, output);
    }
}
