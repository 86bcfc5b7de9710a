using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// UNIDIRECTIONAL_SEQUENCE_RNN: a basic RNN cell over a sequence. Input [batch, time, input] ([time, batch, input]
/// when time_major), weights [units, input], recurrent weights [units, units], bias [units], hidden state
/// (variable) [batch, units] -> output [batch, time, units] (or time-major). Float32 or hybrid weights.
/// </summary>
internal sealed class UnidirectionalSequenceRnnOp : IOpKernel
{
    private const int InputIndex = 0, Weights = 1, RecurrentWeights = 2, BiasIndex = 3, Hidden = 4;
    private readonly RnnWeights _w = new();
    private RnnParams _p;
    private bool _asymmetric;
    private int _scratch = -1;

    public void Prepare(OpContext ctx)
    {
        if (ctx.InputCount != 5) throw ctx.Fail($"expected 5 inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var o = ctx.GetOptions<SequenceRNNOptions>();
        var input = ctx.Input(InputIndex);
        OpHelpers.ExpectRank(ctx, input, 3, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        int batch = o.TimeMajor ? input.Dim(1) : input.Dim(0);
        int maxTime = o.TimeMajor ? input.Dim(0) : input.Dim(1);
        int inputSize = input.Dim(2);
        _asymmetric = o.AsymmetricQuantizeInputs;
        _w.Prepare(ctx, Weights, -1, RecurrentWeights, BiasIndex, inputSize, 0, _asymmetric, "");
        _w.CheckHidden(ctx, Hidden, batch, "");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        ctx.ResizeOutput(0, [input.Dim(0), input.Dim(1), _w.Units]);
        _p = new RnnParams(maxTime, batch, inputSize, _w.Units, o.TimeMajor, ToKernel(o.FusedActivation));
        _scratch = _w.Hybrid ? RequestScratch<sbyte>(ctx, RnnCell.HybridScratchLength(inputSize, 0, _w.Units)) : -1;
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(InputIndex).GetData<float>();
        var hidden = ctx.Input(Hidden).GetWritableData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (_w.Hybrid) RnnSequence.Hybrid(_p, _w.HybridWeights(ctx), _asymmetric, input, default, hidden, output, Scratch<sbyte>(ctx, _scratch));
        else RnnSequence.Float(_p, _w.FloatWeights(ctx), input, default, hidden, output);
    }

    /// <summary>Steps x batch rows x (units x (input + units)) multiply-adds.</summary>
    public static long EstimateWork(OpContext ctx) => RnnOp.RnnWork(ctx, 0, 1, 2);
}
