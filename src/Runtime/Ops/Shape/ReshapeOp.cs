using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;

namespace ManagedLite.Ops.Shape;

/// <summary>
/// RESHAPE. The new shape comes from the second input when it is a 1-D int32 tensor (which must be constant),
/// else from the options' new_shape (a legacy [0] means a scalar). One -1 dimension is inferred; the element
/// count must not change.
/// </summary>
internal sealed class ReshapeOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        ElementSize(context, input, "input");

        int[] shape;
        var shapeTensor = context.OptionalInput(1);
        if (shapeTensor is not null && shapeTensor.Rank == 1 && shapeTensor.DataType == TensorType.Int32)
        {
            shape = ReadConstantInts(context, shapeTensor, "shape");
        }
        else
        {
            shape = context.GetOptions<ReshapeOptions>().NewShape ?? [];
            if (shape.Length == 1 && shape[0] == 0) shape = [];
            shape = (int[])shape.Clone();
        }
        context.ResizeOutput(0, Resolve(context, input, shape));
    }

    /// <summary>Fills in the -1 dimension and checks the element count (TFLite's reshape ResizeOutput).</summary>
    internal static int[] Resolve(OpContext context, LiteTensor input, int[] shape)
    {
        long inputCount = input.ElementCount;
        string requested = Format(shape);
        long known = 1;
        int stretch = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (stretch != -1)
                    throw context.Fail($"new shape {Format(shape)} has more than one -1 dimension");
                stretch = i;
            }
            else if (shape[i] < 0)
            {
                throw context.Fail($"new shape {Format(shape)} has negative dimension {shape[i]}");
            }
            else
            {
                known *= shape[i];
                if (known > int.MaxValue) throw context.Fail($"new shape {Format(shape)} has too many elements");
            }
        }
        if (stretch != -1)
        {
            if (known == 0)
            {
                if (inputCount != 0)
                    throw context.Fail($"cannot infer the -1 dimension of {requested} for input '{input.Name}' {Format(input.Shape)}");
                shape[stretch] = 0;
            }
            else
            {
                shape[stretch] = (int)(inputCount / known);
                known *= shape[stretch];
            }
        }
        if (known != inputCount)
            throw context.Fail($"cannot reshape input '{input.Name}' {Format(input.Shape)} ({inputCount} elements) to {requested}");
        return shape;
    }

    public void Eval(OpContext context) => CopyBytes(context, context.Input(0), context.Output(0));
}
