using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// RNN (one step of a basic RNN cell): input [batch, input], weights [units, input], recurrent weights
/// [units, units], bias [units], hidden state (variable) [batch, units] -> output [batch, units]; the hidden state
/// becomes the output. Float32, or hybrid (int8/uint8 weights, float activations; asymmetric input quantization
/// from v3).
/// </summary>
internal sealed class RnnOp : IOpKernel
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
        var o = ctx.GetOptions<RNNOptions>();
        var input = ctx.Input(InputIndex);
        OpHelpers.ExpectRank(ctx, input, 2, "input");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        int batch = input.Dim(0), inputSize = input.Dim(1);
        _asymmetric = o.AsymmetricQuantizeInputs;
        _w.Prepare(ctx, Weights, -1, RecurrentWeights, BiasIndex, inputSize, 0, _asymmetric, "");
        _w.CheckHidden(ctx, Hidden, batch, "");
        OpHelpers.ExpectType(ctx, ctx.Output(0), TensorType.Float32, "output");
        ctx.ResizeOutput(0, [batch, _w.Units]);
        _p = new RnnParams(1, batch, inputSize, _w.Units, TimeMajor: true, ToKernel(o.FusedActivation));
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

    /// <summary>Batch rows x (units x (input + units)) multiply-adds.</summary>
    public static long EstimateWork(OpContext ctx) => RnnWork(ctx, 0, 1, 2, -1);

    /// <summary>Rows of the input (all steps) x the elements of the weight matrices at the given indices.</summary>
    internal static long RnnWork(OpContext ctx, int input, params int[] weights)
    {
        var x = ctx.Input(input);
        long rows = x.Rank > 0 && x.Dim(x.Rank - 1) > 0 ? x.ElementCount / x.Dim(x.Rank - 1) : 0;
        long elements = 0;
        foreach (int i in weights)
            if (i >= 0 && ctx.OptionalInput(i) is { } w) elements = OpWork.Add(elements, w.ElementCount);
        return OpWork.Add(OpWork.Mul(rows, elements), OpWork.Linear(ctx));
    }
}
