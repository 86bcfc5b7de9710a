using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// TILE: repeats the input multiples[d] times along each dimension. multiples is int32 or int64 with one value per
/// dimension (>= 0); read in Prepare when known there, else the output is dynamic and sized in Eval. Any fixed-size
/// element type (TFLite dispatches on the element size).
/// </summary>
internal sealed class TileOp(KernelFlavor flavor) : IOpKernel
{
    private readonly bool _reference = flavor == KernelFlavor.Reference;
    private int[] _inputShape = [];
    private int[] _multiples = [];
    private int _elementSize;
    private bool _strings;
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var multiples = context.Input(1);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        _strings = input.DataType == TensorType.String;
        _elementSize = _strings ? 4 : ElementSize(context, input, "input");
        ExpectIndexType(context, multiples, "multiples");
        if (multiples.ElementCount != input.Rank)
            throw context.Fail($"multiples '{multiples.Name}' has {multiples.ElementCount} values, expected {input.Rank} (rank of '{input.Name}' {Format(input.Shape)})");
        _dynamic = !CanRead(context, multiples);
        if (_dynamic) context.MarkOutputDynamic(0);
        else Configure(context);
    }

    private void Configure(OpContext context)
    {
        var input = context.Input(0);
        var multiples = context.Input(1);
        var m = ReadInts(context, multiples, "multiples");
        var outShape = new int[input.Rank];
        for (int d = 0; d < outShape.Length; d++)
        {
            if (m[d] < 0) throw context.Fail($"multiples '{multiples.Name}' {Format(m)} has a negative value; multiples must be >= 0");
            long n = (long)input.Dim(d) * m[d];
            if (n > int.MaxValue) throw context.Fail($"tiled dimension {d} ({input.Dim(d)} x {m[d]}) is over int32");
            outShape[d] = (int)n;
        }
        _inputShape = input.Shape.ToArray();
        _multiples = m;
        context.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context);
        if (_strings)
        {
            RunStrings(context);
            return;
        }
        switch (_elementSize)
        {
            case 1: Run<byte>(context); break;
            case 2: Run<ushort>(context); break;
            case 4: Run<uint>(context); break;
            default: Run<ulong>(context); break;
        }
    }

    // A separate method: the lambda's closure is allocated only on the string path (Eval of other types allocates nothing).
    private void RunStrings(OpContext context) => Strings.StringTensors.RunOnIds(context, (ids, picked) => Run(context, ids, picked));

    private void Run<T>(OpContext context) where T : unmanaged => Run(context, Read<T>(context.Input(0)), Write<T>(context.Output(0)));

    private void Run<T>(OpContext context, ReadOnlySpan<T> input, Span<T> output) where T : unmanaged
    {
        if (_reference) Ref.Tile.Run(_inputShape, input, _multiples, output);
        else Opt.Tile.Run(_inputShape, input, _multiples, output);
    }
}
