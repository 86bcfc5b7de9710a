using ManagedLite.Schema;
using static ManagedLite.Ops.Shape.ShapeOpHelpers;

namespace ManagedLite.Ops.Shape;

/// <summary>SQUEEZE: removes the listed size-1 dimensions (negative allowed), or all size-1 dimensions when none are listed.</summary>
internal sealed class SqueezeOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        var input = context.Input(0);
        var output = context.Output(0);
        ExpectSameType(context, input, output, "output");
        if (input.DataType != TensorType.String) ElementSize(context, input, "input");
        int rank = input.Rank;
        if (rank > 8) throw context.Fail($"input '{input.Name}' has rank {rank}; SQUEEZE supports up to 8");
        var dims = context.GetOptions<SqueezeOptions>().SqueezeDims ?? [];
        var squeeze = new bool[rank];
        if (dims.Length == 0)
        {
            for (int d = 0; d < rank; d++) squeeze[d] = input.Dim(d) == 1;
        }
        else
        {
            foreach (int dim in dims)
            {
                int d = NormalizeAxis(context, dim, rank, "squeeze dimension");
                if (input.Dim(d) != 1)
                    throw context.Fail($"cannot squeeze dimension {dim} of input '{input.Name}' {Format(input.Shape)}: its size is not 1");
                squeeze[d] = true;
            }
        }
        var shape = new List<int>(rank);
        for (int d = 0; d < rank; d++)
            if (!squeeze[d]) shape.Add(input.Dim(d));
        context.ResizeOutput(0, shape.ToArray());
    }

    public void Eval(OpContext context) => Strings.StringTensors.CopyOrCopyBytes(context, context.Input(0), context.Output(0));
}
