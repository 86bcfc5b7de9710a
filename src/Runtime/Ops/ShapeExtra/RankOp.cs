using ManagedLite.Schema;

namespace ManagedLite.Ops.ShapeExtra;

/// <summary>
/// RANK: the input's number of dimensions as an int32 scalar. Reads only the input's shape (registered with
/// <see cref="OpTraits.ReadsOnlyInputShapes"/>), so with a fixed input shape it runs while preparing.
/// </summary>
internal sealed class RankOp : IOpKernel
{
    public void Prepare(OpContext context)
    {
        context.Input(0);
        var output = context.Output(0);
        OpHelpers.ExpectType(context, output, TensorType.Int32, "output");
        context.ResizeOutput(0, []);
    }

    public void Eval(OpContext context) => context.Output(0).GetWritableData<int>()[0] = context.Input(0).Rank;
}
