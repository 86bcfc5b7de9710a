using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// FULLY_CONNECTED (float32): input (any rank, flattened to [elements / IN, IN]), weights [OUT, IN], optional bias [OUT].
/// Output [batches, OUT], or with keep_num_dims the input shape with its last dimension replaced by OUT.
/// Constant weights with enough batches are packed once for the GEMM; otherwise dot products run on the weights as given.
/// </summary>
internal sealed class FullyConnectedOp : IOpKernel, IFusableActivation
{
    private FullyConnectedParams _p;
    private F32GemmMicrokernel? _uk;
    private float[]? _packed;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 2, 3);
        var input = ctx.Input(0);
        var weights = ctx.Input(1);
        var bias = ctx.OptionalInput(2);
        var output = ctx.Output(0);
        RequireFloat(ctx, input, "input");
        if (weights.DataType is TensorType.Int8 or TensorType.UInt8 && input.DataType == TensorType.Float32)
            throw ctx.Fail($"weights '{weights.Name}' are {TensorTypes.Name(weights.DataType)}: hybrid (float input, quantized weights) not supported yet");
        RequireFloat(ctx, weights, "weights");
        RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, weights, 2, "weights");

        var o = ctx.GetOptions<FullyConnectedOptions>();
        if (o.WeightsFormat != 0) throw ctx.Fail($"weights_format {o.WeightsFormat} is not supported for float32 (only DEFAULT)");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);

        int outDepth = weights.Dim(0), depth = weights.Dim(1);
        if (outDepth <= 0 || depth <= 0) throw ctx.Fail($"weights '{weights.Name}' must have positive dimensions, got {ShapeText(weights)}");
        long elements = input.ElementCount;
        if (elements % depth != 0)
            throw ctx.Fail($"input '{input.Name}' {ShapeText(input)} has {elements} elements, not a multiple of the weights' input depth {depth}");
        int batches = (int)(elements / depth);
        CheckBias(ctx, bias, outDepth);

        if (o.KeepNumDims)
        {
            if (input.Rank == 0 || input.Dim(input.Rank - 1) != depth)
                throw ctx.Fail($"keep_num_dims needs input '{input.Name}' {ShapeText(input)} to end in the weights' input depth {depth}");
            var shape = input.Shape.ToArray();
            shape[^1] = outDepth;
            ctx.ResizeOutput(0, shape);
        }
        else
        {
            ctx.ResizeOutput(0, [batches, outDepth]);
        }

        _p = new FullyConnectedParams { Batches = batches, InputDepth = depth, OutputDepth = outDepth, ActivationMin = min, ActivationMax = max };
        _uk = null;
        _packed = null;
        if (ctx.UseReferenceKernels || !weights.IsConstant || (bias is not null && !bias.IsConstant)) return;
        _uk = Opt.FullyConnected.SelectMicrokernel(_p);
        if (_uk is null) return;
        _packed = new float[Opt.FullyConnected.PackedWeightsLength(_p, _uk)];
        Opt.FullyConnected.PackWeights(_p, _uk, weights.GetData<float>(), bias is null ? default : bias.GetData<float>(), _packed);
    }

    public void Eval(OpContext ctx)
    {
        var input = ctx.Input(0).GetData<float>();
        var weights = ctx.Input(1).GetData<float>();
        var biasTensor = ctx.OptionalInput(2);
        var bias = biasTensor is null ? default : biasTensor.GetData<float>();
        var output = ctx.Output(0).GetWritableData<float>();
        if (ctx.UseReferenceKernels) Ref.FullyConnected.Run(_p, input, weights, bias, output);
        else if (_uk is not null && _packed is not null) Opt.FullyConnected.RunPacked(_p, _uk, input, _packed, output);
        else Opt.FullyConnected.RunDot(_p, input, weights, bias, output);
    }
}
