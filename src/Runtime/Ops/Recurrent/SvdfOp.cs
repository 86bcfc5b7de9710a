using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Recurrent;
using ManagedLite.Kernels.Reference;
using ManagedLite.Schema;
using static ManagedLite.Ops.Recurrent.RecurrentOpHelpers;

namespace ManagedLite.Ops.Recurrent;

/// <summary>
/// SVDF. Inputs: 0 input [B, I], 1 weights_feature [F, I], 2 weights_time [F, M], 3 bias [U] (optional),
/// 4 state [B, F * M] (variable: read and updated every invoke). Output [B, U].
/// Paths: float; hybrid (float input, int8 weights, asymmetric_quantize_inputs option); integer as TFLite
/// (int8 input, int16 weights_time and state); integer as TFLite Micro (int8 weights_time and state).
/// </summary>
internal sealed class SvdfOp : IOpKernel
{
    private enum Mode { Float, Hybrid, Integer16, Integer8 }

    private Mode _mode;
    private SvdfShape _shape;
    private RecurrentActivation _activation;
    private bool _asymmetric;
    private SvdfIntegerParams _q;
    private float _weightsFeatureScale;
    private float[] _weightsTimeDequantized = [];
    private int[] _rowSums = [];
    private int _scratch = -1, _outputTemp = -1, _quantizedInput = -1, _scalingFactors = -1, _zeroPoints = -1;

    /// <summary>Batches x filters x (input size + memory size): the feature and time matrix products.</summary>
    public static long EstimateWork(OpContext ctx)
    {
        var input = ctx.Input(0);
        long batches = input.Rank > 0 ? input.Dim(0) : 1;
        long weights = OpWork.Add(ctx.Input(1).ElementCount, ctx.Input(2).ElementCount);
        return OpWork.Add(OpWork.Mul(batches, weights), OpWork.Linear(ctx));
    }

    public void Prepare(OpContext context)
    {
        var options = context.GetOptions<SVDFOptions>();
        if (context.OutputCount != 1) throw context.Fail($"expected 1 output, got {context.OutputCount}");
        if (context.InputCount != 5) throw context.Fail($"expected 5 inputs, got {context.InputCount}");
        var input = context.Input(0);
        var weightsFeature = context.Input(1);
        var weightsTime = context.Input(2);
        var bias = context.OptionalInput(3);
        var state = context.Input(4);
        var output = context.Output(0);

        int rank = options.Rank;
        if (rank <= 0) throw context.Fail($"rank must be positive, got {rank}");
        OpHelpers.ExpectRank(context, input, 2, "input");
        OpHelpers.ExpectRank(context, weightsFeature, 2, "weights_feature");
        OpHelpers.ExpectRank(context, weightsTime, 2, "weights_time");
        int batch = input.Dim(0), inputSize = input.Dim(1);
        int filters = weightsFeature.Dim(0), memory = weightsTime.Dim(1);
        if (filters % rank != 0)
            throw context.Fail($"weights_feature '{weightsFeature.Name}' has {filters} filters, not a multiple of rank {rank}");
        int units = filters / rank;
        if (weightsFeature.Dim(1) != inputSize)
            throw context.Fail($"weights_feature '{weightsFeature.Name}' must have {inputSize} columns (input size), got {weightsFeature.Dim(1)}");
        if (weightsTime.Dim(0) != filters)
            throw context.Fail($"weights_time '{weightsTime.Name}' must have {filters} rows (filters), got {weightsTime.Dim(0)}");
        if (memory <= 0) throw context.Fail($"weights_time '{weightsTime.Name}' must have a positive memory size, got {memory}");
        if (bias is not null) ExpectShape(context, bias, "bias", units);
        ExpectShape(context, state, "state", batch, filters * memory);
        ExpectVariable(context, state, "state");

        _shape = new SvdfShape(batch, inputSize, filters, rank, memory);
        _activation = ToKernel(options.FusedActivation);
        _asymmetric = options.AsymmetricQuantizeInputs;
        context.ResizeOutput(0, [batch, units]);

        if (input.DataType == TensorType.Float32 && weightsFeature.DataType == TensorType.Float32)
        {
            _mode = Mode.Float;
            OpHelpers.ExpectType(context, weightsTime, TensorType.Float32, "weights_time");
            OpHelpers.ExpectType(context, state, TensorType.Float32, "state");
            OpHelpers.ExpectType(context, output, TensorType.Float32, "output");
            if (bias is not null) OpHelpers.ExpectType(context, bias, TensorType.Float32, "bias");
            _scratch = RequestScratch<float>(context, (long)batch * filters);
        }
        else if (input.DataType == TensorType.Float32 && weightsFeature.DataType == TensorType.Int8)
        {
            _mode = Mode.Hybrid;
            OpHelpers.ExpectType(context, weightsTime, TensorType.Int8, "weights_time");
            OpHelpers.ExpectType(context, state, TensorType.Float32, "state");
            OpHelpers.ExpectType(context, output, TensorType.Float32, "output");
            if (bias is not null) OpHelpers.ExpectType(context, bias, TensorType.Float32, "bias");
            OpHelpers.ExpectConstant(context, weightsFeature, "weights_feature");
            OpHelpers.ExpectConstant(context, weightsTime, "weights_time");
            _weightsFeatureScale = Scale(context, weightsFeature, "weights_feature");
            float timeScale = Scale(context, weightsTime, "weights_time");
            var wt = weightsTime.GetData<sbyte>();
            _weightsTimeDequantized = new float[wt.Length];
            for (int i = 0; i < wt.Length; i++) _weightsTimeDequantized[i] = wt[i] * timeScale;
            _rowSums = RowSums(weightsFeature.GetData<sbyte>(), filters, inputSize);
            _scratch = RequestScratch<float>(context, (long)batch * filters);
            _quantizedInput = RequestScratch<sbyte>(context, (long)batch * inputSize);
            _scalingFactors = RequestScratch<float>(context, batch);
            _zeroPoints = RequestScratch<int>(context, batch);
        }
        else if (input.DataType == TensorType.Int8)
        {
            OpHelpers.ExpectType(context, weightsFeature, TensorType.Int8, "weights_feature");
            OpHelpers.ExpectType(context, output, TensorType.Int8, "output");
            if (bias is not null) OpHelpers.ExpectType(context, bias, TensorType.Int32, "bias");
            if (weightsTime.DataType == TensorType.Int16 && state.DataType == TensorType.Int16)
                _mode = Mode.Integer16;
            else if (weightsTime.DataType == TensorType.Int8 && state.DataType == TensorType.Int8)
                _mode = Mode.Integer8;
            else
                throw context.Fail($"integer SVDF needs weights_time and state both int16 or both int8, got {TensorTypes.Name(weightsTime.DataType)} weights_time '{weightsTime.Name}' and {TensorTypes.Name(state.DataType)} state '{state.Name}'");

            float inputScale = Scale(context, input, "input");
            float featureScale = Scale(context, weightsFeature, "weights_feature");
            float stateScale = Scale(context, state, "state");
            float timeScale = Scale(context, weightsTime, "weights_time");
            float outputScale = Scale(context, output, "output");
            // Both TFLite and TFLite Micro multiply the scales in float before widening to double.
            float scale1 = inputScale * featureScale / stateScale;
            float scale2 = stateScale * timeScale / outputScale;
            if (!float.IsFinite(scale1) || scale1 < 0f || !float.IsFinite(scale2) || scale2 < 0f)
                throw context.Fail($"effective scales {scale1} (input x weights_feature / state) and {scale2} (state x weights_time / output) must be finite and non-negative");
            QuantizedMultiplier.Quantize(scale1, out int m1, out int s1);
            QuantizedMultiplier.Quantize(scale2, out int m2, out int s2);
            _q = new SvdfIntegerParams(ZeroPoint(input), _mode == Mode.Integer8 ? ZeroPoint(state) : 0,
                                       ZeroPoint(output), m1, s1, m2, s2);
            _scratch = RequestScratch<int>(context, (long)batch * filters);
            _outputTemp = RequestScratch<int>(context, (long)batch * units);
        }
        else
        {
            throw context.Fail($"input '{input.Name}' has unsupported type {TensorTypes.Name(input.DataType)} with weights_feature of {TensorTypes.Name(weightsFeature.DataType)}; expected float32 (float or hybrid) or int8");
        }
    }

    public void Eval(OpContext context)
    {
        var input = context.Input(0);
        var weightsFeature = context.Input(1);
        var weightsTime = context.Input(2);
        var bias = context.OptionalInput(3);
        var state = context.Input(4);
        var output = context.Output(0);
        switch (_mode)
        {
            case Mode.Float:
                Svdf.EvalFloat(_shape, input.GetData<float>(), weightsFeature.GetData<float>(), weightsTime.GetData<float>(),
                               bias is null ? default : bias.GetData<float>(), state.GetWritableData<float>(),
                               Scratch<float>(context, _scratch), output.GetWritableData<float>(), _activation);
                break;
            case Mode.Hybrid:
                Svdf.EvalHybrid(_shape, input.GetData<float>(), weightsFeature.GetData<sbyte>(), _weightsFeatureScale,
                                _weightsTimeDequantized, bias is null ? default : bias.GetData<float>(),
                                state.GetWritableData<float>(), Scratch<float>(context, _scratch),
                                Scratch<sbyte>(context, _quantizedInput), Scratch<float>(context, _scalingFactors),
                                Scratch<int>(context, _zeroPoints), _rowSums, _asymmetric,
                                output.GetWritableData<float>(), _activation);
                break;
            case Mode.Integer16:
                Svdf.EvalInteger(_shape, _q, input.GetData<sbyte>(), weightsFeature.GetData<sbyte>(), weightsTime.GetData<short>(),
                                 bias is null ? default : bias.GetData<int>(), state.GetWritableData<short>(),
                                 Scratch<int>(context, _scratch), Scratch<int>(context, _outputTemp),
                                 output.GetWritableData<sbyte>());
                break;
            case Mode.Integer8:
                Svdf.EvalInteger8State(_shape, _q, input.GetData<sbyte>(), weightsFeature.GetData<sbyte>(), weightsTime.GetData<sbyte>(),
                                       bias is null ? default : bias.GetData<int>(), state.GetWritableData<sbyte>(),
                                       Scratch<int>(context, _scratch), Scratch<int>(context, _outputTemp),
                                       output.GetWritableData<sbyte>());
                break;
        }
    }
}
