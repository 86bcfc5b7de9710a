using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESHAPE. As TFLite, the new shape comes from the second input when it is a 1-D int32 tensor, else from the options'
/// new_shape (a legacy [0] means a scalar); a 1-D int64 shape input is also read when the options give none. One -1
/// dimension is inferred and the element count must not change (TFLite's ResolveOutputShape, zero dimensions
/// included). A shape input known at preparation (a constant, or computed from shapes such as SHAPE -> ... -> PACK)
/// is read in Prepare; any other makes the output dynamic, sized in Eval.
/// </summary>
internal sealed class ReshapeOp : IOpKernel
{
    private bool _dynamic;

    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        if (input.DataType != TensorType.String) ElementSize(context, input, "input");
        var shapeTensor = ShapeInput(context);
        if (shapeTensor is not null)
        {
            ExpectRankWithinLimit(context, shapeTensor.Dim(0), $"shape '{shapeTensor.Name}'");
            _dynamic = !CanRead(context, shapeTensor);
            if (_dynamic)
            {
                context.MarkOutputDynamic(0);
                return;
            }
        }
        else
        {
            _dynamic = false;
        }
        Configure(context, shapeTensor);
    }

    /// <summary>The shape input that gives the new shape, or null when it comes from the options.</summary>
    private static LiteTensor? ShapeInput(OpContext context)
    {
        if (context.InputCount != 2 || context.OptionalInput(1) is not { Rank: 1 } shape) return null;
        if (shape.DataType == TensorType.Int32) return shape;
        if (shape.DataType == TensorType.Int64 && context.GetOptions<ReshapeOptions>().NewShape is null) return shape;
        return null;
    }

    private static void Configure(OpContext context, LiteTensor? shapeTensor)
    {
        int[] shape;
        if (shapeTensor is not null)
        {
            shape = ReadInts(context, shapeTensor, "shape");
        }
        else
        {
            shape = context.GetOptions<ReshapeOptions>().NewShape ?? [];
            if (shape.Length == 1 && shape[0] == 0) shape = [];
            ExpectRankWithinLimit(context, shape.Length, "new_shape");
            shape = (int[])shape.Clone();
        }
        context.ResizeOutput(0, Resolve(context, context.Input(0), shape));
    }

    /// <summary>
    /// Fills in the -1 dimension and checks the element count in place (TFLite's reshape_internal::ResolveOutputShape):
    /// the inferred size is (product of the input's non-zero dimensions) / (product of the other non-zero output
    /// dimensions), or 0 when the input is empty and the other output dimensions are not.
    /// </summary>
    internal static int[] Resolve(OpContext context, LiteTensor input, int[] shape)
    {
        long inputCount = input.ElementCount;
        long nonZeroInput = 1;
        foreach (int d in input.Shape)
            if (d != 0) nonZeroInput *= d;
        string requested = Format(shape);
        long known = 1, nonZeroKnown = 1;
        int stretch = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (stretch != -1) throw context.Fail($"new shape {requested} has more than one -1 dimension");
                stretch = i;
                continue;
            }
            if (shape[i] < 0) throw context.Fail($"new shape {requested} has negative dimension {shape[i]}");
            if (shape[i] != 0) nonZeroKnown *= shape[i];
            known *= shape[i];
            if (nonZeroKnown > int.MaxValue) throw context.Fail($"new shape {requested} has too many elements");
        }
        if (stretch != -1)
        {
            long inferred = inputCount == 0 && known != 0 ? 0 : nonZeroInput / nonZeroKnown;
            if (inferred > int.MaxValue) throw context.Fail($"the -1 dimension of {requested} would be {inferred}, over int32");
            shape[stretch] = (int)inferred;
            known *= inferred;
        }
        if (known != inputCount)
            throw context.Fail($"cannot reshape input '{input.Name}' {Format(input.Shape)} ({inputCount} elements) to {requested}");
        return shape;
    }

    public void Eval(OpContext context)
    {
        if (_dynamic) Configure(context, ShapeInput(context));
        Strings.StringTensors.CopyOrCopyBytes(context, context.Input(0), context.Output(0));
    }
}
