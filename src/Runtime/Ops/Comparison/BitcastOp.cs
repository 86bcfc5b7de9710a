using static ManagedLite.Ops.ComparisonOpHelpers;

namespace ManagedLite.Ops;

/// <summary>
/// BITCAST (TFLite's bitcast.cc): the input's bytes reinterpreted as the output's element type. A wider output type
/// consumes a last dimension of size width ratio; a narrower one appends a dimension of that ratio.
/// </summary>
internal sealed class BitcastOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        ExpectCounts(context, 1, 1);
        var input = context.Input(0);
        var output = context.Output(0);
        int inSize = TensorTypes.ElementSize(input.DataType), outSize = TensorTypes.ElementSize(output.DataType);
        if (inSize == 0) throw Unsupported(context, input, "fixed-size element types");
        if (outSize == 0) throw context.Fail($"output {Describe(output)}: {TensorTypes.Name(output.DataType)} has no fixed element size");
        var shape = input.Shape;
        int[] outShape;
        if (inSize > outSize)
        {
            outShape = [.. shape, inSize / outSize];
        }
        else if (inSize < outSize)
        {
            if (shape.Length == 0 || shape[^1] != outSize / inSize)
                throw context.Fail($"input {Describe(input)} must end in a dimension of {outSize / inSize} to be bitcast to {TensorTypes.Name(output.DataType)}");
            outShape = shape[..^1].ToArray();
        }
        else
        {
            outShape = shape.ToArray();
        }
        context.ResizeOutput(0, outShape);
    }

    public void Eval(OpContext context) => context.Input(0).RawBytes.CopyTo(context.Output(0).WritableBytes);
}
