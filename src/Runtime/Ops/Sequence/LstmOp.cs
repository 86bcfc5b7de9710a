using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference;
using ManagedLite.Ops.Recurrent;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Sequence;

/// <summary>
/// LSTM (one step), TFLite's two kernels chosen by LSTMOptions.kernel_type:
/// FULL (20 or 24 inputs laid out as UNIDIRECTIONAL_SEQUENCE_LSTM's, input [batch, input] -> output [batch, output],
/// states as variable tensors): float, hybrid (int8/uint8 weights, symmetric or asymmetric), integer 8x8_16 with its
/// five intermediates, CIFG, peephole, layer norm, projection, clipping; on the shared LSTM cell.
/// BASIC (5 inputs: input, prev_activation, weights [4 * depth, input + depth], bias, prev_state; 4 outputs:
/// activation, state, concat, gates): float or uint8; prev_activation and prev_state are overwritten with the new
/// activation and state, as TFLite does.
/// </summary>
internal sealed class LstmOp : IOpKernel
{
    private readonly LstmCellTensors _cell = new(LstmCellLayout.Standard);
    private bool _basic, _basicQuantized;
    private int _batches, _inputDepth, _depth, _weightsZeroPoint, _accumMultiplier, _accumShift;

    public void Prepare(OpContext ctx)
    {
        var o = ctx.GetOptions<LSTMOptions>();
        _basic = o.KernelType == 1;
        if (_basic)
        {
            PrepareBasic(ctx);
            return;
        }
        if (ctx.InputCount != 20 && ctx.InputCount != 24)
            throw ctx.Fail($"the FULL LSTM kernel expects 20 or 24 inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != 1) throw ctx.Fail($"expected 1 output, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        OpHelpers.ExpectRank(ctx, input, 2, "input");
        int batch = input.Dim(0), nInput = input.Dim(1);
        var (_, nOutput) = _cell.Sizes(ctx, nInput);
        ctx.ResizeOutput(0, [batch, nOutput]);
        var output = ctx.Output(0);
        var p = new LstmParams(1, batch, nInput, 0, 0, TimeMajor: true, ToKernel(o.FusedActivation), o.CellClip, o.ProjClip);
        _cell.Prepare(ctx, input, p, o.AsymmetricQuantizeInputs, output, integerAllowed: true);
        OpHelpers.ExpectType(ctx, output, _cell.Mode == LstmCellTensors.Kind.Integer ? TensorType.Int8 : TensorType.Float32, "output");
    }

    private void PrepareBasic(OpContext ctx)
    {
        if (ctx.InputCount != 5) throw ctx.Fail($"the BASIC LSTM kernel expects 5 inputs, got {ctx.InputCount}");
        if (ctx.OutputCount != 4) throw ctx.Fail($"the BASIC LSTM kernel expects 4 outputs, got {ctx.OutputCount}");
        var input = ctx.Input(0);
        var prevActivation = ctx.Input(1);
        var weights = ctx.Input(2);
        var bias = ctx.Input(3);
        var prevState = ctx.Input(4);
        OpHelpers.ExpectRank(ctx, input, 2, "input");
        OpHelpers.ExpectRank(ctx, prevActivation, 2, "prev_activation");
        OpHelpers.ExpectRank(ctx, weights, 2, "weights");
        OpHelpers.ExpectRank(ctx, bias, 1, "bias");
        OpHelpers.ExpectRank(ctx, prevState, 2, "prev_state");
        _batches = input.Dim(0);
        _inputDepth = input.Dim(1);
        _depth = prevActivation.Dim(1);
        if (prevActivation.Dim(0) != _batches)
            throw ctx.Fail($"prev_activation {ModelText.Quote(prevActivation.Name)} must have {_batches} rows like the input, got {prevActivation.Dim(0)}");
        ExpectShape(ctx, weights, "weights", 4 * _depth, _inputDepth + _depth);
        ExpectShape(ctx, bias, "bias", 4 * _depth);
        ExpectShape(ctx, prevState, "prev_state", _batches, _depth);
        if (prevActivation.IsConstant || prevState.IsConstant)
            throw ctx.Fail("prev_activation and prev_state receive the new activation and state: they cannot be constants");
        ctx.ResizeOutput(0, [_batches, _depth]);
        ctx.ResizeOutput(1, [_batches, _depth]);
        ctx.ResizeOutput(2, [_batches, _inputDepth + _depth]);
        ctx.ResizeOutput(3, [_batches, 4 * _depth]);
        TensorType[] floats = [TensorType.Float32, TensorType.Float32, TensorType.Float32, TensorType.Float32, TensorType.Float32];
        TensorType[] quantized = [TensorType.UInt8, TensorType.UInt8, TensorType.UInt8, TensorType.Int32, TensorType.Int16];
        TensorType[] floatOut = [TensorType.Float32, TensorType.Float32, TensorType.Float32, TensorType.Float32];
        TensorType[] quantizedOut = [TensorType.UInt8, TensorType.Int16, TensorType.UInt8, TensorType.Int16];
        bool isFloat = Matches(ctx, floats, floatOut);
        _basicQuantized = !isFloat && Matches(ctx, quantized, quantizedOut);
        if (!isFloat && !_basicQuantized)
            throw ctx.Fail("the BASIC LSTM kernel takes float32 everywhere, or uint8 input/prev_activation/weights, int32 bias, int16 prev_state " +
                           "with outputs uint8 activation, int16 state, uint8 concat and int16 gates");
        if (!_basicQuantized) return;
        var state = ctx.Output(1);
        if (state.Quantization is not { Scales.Count: > 0 } sq || !QuantizedAddSubParams.TryLog2(sq.Scale, out int log2) || 15 + log2 != 4)
            throw ctx.Fail($"the quantized BASIC LSTM needs a state output {ModelText.Quote(state.Name)} with scale 2^-11 (4 integer bits), as TFLite's only variant");
        if (weights.Quantization is not { Scales.Count: > 0 } wq) throw ctx.Fail($"weights {ModelText.Quote(weights.Name)} must be quantized");
        if (bias.Quantization is not { Scales.Count: > 0 } bq) throw ctx.Fail($"bias {ModelText.Quote(bias.Name)} must be quantized");
        _weightsZeroPoint = wq.ZeroPoint;
        QuantizedMultiplier.Quantize(4096.0 * bq.Scale, out _accumMultiplier, out _accumShift);
    }

    private static bool Matches(OpContext ctx, TensorType[] inputs, TensorType[] outputs)
    {
        for (int i = 0; i < inputs.Length; i++) if (ctx.Input(i).DataType != inputs[i]) return false;
        for (int i = 0; i < outputs.Length; i++) if (ctx.Output(i).DataType != outputs[i]) return false;
        return true;
    }

    public void Eval(OpContext ctx)
    {
        if (_basic)
        {
            EvalBasic(ctx);
            return;
        }
        var input = ctx.Input(0);
        var output = ctx.Output(0);
        if (_cell.Mode == LstmCellTensors.Kind.Integer)
            _cell.RunInteger(ctx, input.GetData<sbyte>(), output.GetWritableData<sbyte>());
        else
            _cell.RunFloatOrHybrid(ctx, input.GetData<float>(), default, output.GetWritableData<float>());
    }

    private void EvalBasic(OpContext ctx)
    {
        if (_basicQuantized)
        {
            BasicLstmCell.UInt8(_batches, _inputDepth, _depth, _weightsZeroPoint, _accumMultiplier, _accumShift,
                ctx.Input(0).GetData<byte>(), ctx.Input(1).GetData<byte>(), ctx.Input(2).GetData<byte>(), ctx.Input(3).GetData<int>(),
                ctx.Input(4).GetData<short>(), ctx.Output(1).GetWritableData<short>(), ctx.Output(0).GetWritableData<byte>(),
                ctx.Output(2).GetWritableData<byte>(), ctx.Output(3).GetWritableData<short>());
        }
        else
        {
            BasicLstmCell.Float(_batches, _inputDepth, _depth,
                ctx.Input(0).GetData<float>(), ctx.Input(1).GetData<float>(), ctx.Input(2).GetData<float>(), ctx.Input(3).GetData<float>(),
                ctx.Input(4).GetData<float>(), ctx.Output(1).GetWritableData<float>(), ctx.Output(0).GetWritableData<float>(),
                ctx.Output(2).GetWritableData<float>(), ctx.Output(3).GetWritableData<float>());
        }
        // TFLite copies the new activation and state back into the inputs that carry them to the next invoke.
        ctx.Output(0).RawBytes.CopyTo(ctx.Input(1).WritableBytes);
        ctx.Output(1).RawBytes.CopyTo(ctx.Input(4).WritableBytes);
    }

    /// <summary>FULL: batch rows x the gate and projection weights; BASIC: batch rows x the weights.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long rows = input.Rank > 0 && input.Dim(input.Rank - 1) > 0 ? input.ElementCount / input.Dim(input.Rank - 1) : 0;
        long weights = ctx.GetOptions<LSTMOptions>().KernelType == 1
            ? (ctx.OptionalInput(2)?.ElementCount ?? 0)
            : LstmCellTensors.StepWork(ctx, LstmCellLayout.Standard);
        return OpWork.Add(OpWork.Mul(rows, weights), OpWork.Linear(ctx));
    }
}
