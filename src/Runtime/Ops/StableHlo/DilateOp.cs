using ManagedLite.Schema;
using static ManagedLite.Ops.IndexReduceChecks;

namespace ManagedLite.Ops.StableHlo;

/// <summary>
/// DILATE (TFLite's dilate.cc): input of rank &gt;= 1, int32 dilations (one per dimension, each &gt;= 1) and a
/// one-element padding value of the input's type; dimension d becomes <c>(d - 1) * dilation + 1</c> (0 stays 0) with
/// padding values between the input elements: a StableHLO pad with interior padding dilation - 1 (it runs that
/// kernel). Non-constant dilations make the output dynamic.
/// </summary>
internal sealed class DilateOp : IOpKernel
{
    private long[] _low = [], _interior = [];
    private int _elementSize;
    private bool _dynamic;

    public void Prepare(OpContext ctx)
    {
        ExpectCounts(ctx, 3, 1);
        var input = ctx.Input(0);
        var dilations = ctx.Input(1);
        var value = ctx.Input(2);
        ExpectSameType(ctx, input, ctx.Output(0), "output");
        ExpectSameType(ctx, input, value, "padding value");
        if (value.ElementCount != 1) throw ctx.Fail($"padding value {Describe(value)} must have one element");
        ExpectType(ctx, dilations, "dilations", TensorType.Int32);
        ExpectRank(ctx, input, "input", 1, StableHloPadOp.MaxRank);
        if (dilations.Rank != 1 || dilations.Dim(0) != input.Rank)
            throw ctx.Fail($"dilations {Describe(dilations)} must be a vector of {input.Rank} values (the rank of {Describe(input)})");
        _elementSize = StableHloPadOp.PadElementSize(ctx, input);
        _dynamic = ctx.InPrepare && !dilations.IsKnownAtPrepare;
        if (_dynamic) ctx.MarkOutputDynamic(0);
        else Configure(ctx);
    }

    private void Configure(OpContext ctx)
    {
        var input = ctx.Input(0);
        var dilations = ctx.Input(1);
        var d = dilations.GetData<int>();
        _low = new long[input.Rank];
        _interior = new long[input.Rank];
        for (int i = 0; i < d.Length; i++)
        {
            if (d[i] < 1) throw ctx.Fail($"dilations {Describe(dilations)} [{string.Join(",", d.ToArray())}] has {d[i]}; every dilation must be >= 1");
            _interior[i] = d[i] - 1L;
        }
        ctx.ResizeOutput(0, StableHloPadOp.Shape(ctx, input, _low, _low, _interior, clearWhenEmpty: false));
    }

    public void Eval(OpContext ctx)
    {
        if (_dynamic) Configure(ctx);
        StableHloPadOp.Apply(ctx, ctx.Input(0), ctx.Input(2), _low, _interior, _elementSize);
    }
}
