using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// TRANSPOSE. Inputs: data (rank &lt;= 8), perm (1-D int32/int64, a permutation of 0..rank-1; negative entries count
/// from the end, as TFLite). perm is read in Prepare when known there, else the output is dynamic.
/// </summary>
internal sealed class TransposeOp : IOpKernel
{
    private readonly bool _reference;

    public TransposeOp(KernelFlavor flavor) => _reference = flavor == KernelFlavor.Reference;

    private int[] _inputShape = [];
    private int[] _perm = [];
    private int _elementSize;
    private bool _dynamic;

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
        ExpectIndexType(context, permT, "perm");
        if (permT.Dim(0) != rank)
            throw context.Fail($"perm '{permT.Name}' has {permT.Dim(0)} values, expected {rank} (rank of '{input.Name}' {Format(input.Shape)})");
        _inputShape = input.Shape.ToArray();
        _dynamic = !CanRead(context, permT);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var perm = ReadInts(context, context.Input(1), "perm");
        int rank = perm.Length;
        var seen = new bool[rank];
        var outShape = new int[rank];
        string given = Format(perm);
        for (int i = 0; i < rank; i++)
        {
            int p = perm[i] < 0 ? perm[i] + rank : perm[i];
            if (p < 0 || p >= rank || seen[p])
                throw context.Fail($"perm {given} is not a permutation of 0..{rank - 1}");
            seen[p] = true;
            perm[i] = p;
            outShape[i] = input.Dim(p);
        }
        _perm = perm;
        context.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
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
