using System.Runtime.InteropServices;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using ManagedLite.Schema;
using static ManagedLite.Ops.Convolution.ConvolutionChecks;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// TRANSPOSE_CONV (float32): inputs output_shape (int32 [4]), weights [OC, KH, KW, IC], input [N, H, W, IC] and, from
/// version 3, an optional bias [OC]. Padding is that of the convolution mapping the output back to the input
/// (TFLite's ComputePaddingHeightWidth on the output size). The output_shape values are read at Prepare, so they
/// must be available then (constant, or computed before this node is prepared); Eval checks they did not change.
/// </summary>
internal sealed class TransposeConvOp : IOpKernel, IFusableActivation
{
    private TransposeConvParams _p;
    private F32GemmMicrokernel? _uk;
    private float[]? _packed;
    private int _packScratch = -1;
    private int _colScratch = -1;

    public void Prepare(OpContext ctx)
    {
        CheckInputCount(ctx, 3, 4);
        var shapeTensor = ctx.Input(0);
        var weights = ctx.Input(1);
        var input = ctx.Input(2);
        var bias = ctx.OptionalInput(3);
        var output = ctx.Output(0);
        OpHelpers.ExpectType(ctx, shapeTensor, TensorType.Int32, "output_shape");
        RequireFloat(ctx, input, "input");
        RequireFloat(ctx, weights, "weights");
        RequireFloat(ctx, output, "output");
        OpHelpers.ExpectRank(ctx, shapeTensor, 1, "output_shape");
        OpHelpers.ExpectRank(ctx, input, 4, "input");
        OpHelpers.ExpectRank(ctx, weights, 4, "weights");
        if (shapeTensor.Dim(0) != 4) throw ctx.Fail($"output_shape '{shapeTensor.Name}' must have 4 elements, got {shapeTensor.Dim(0)}");
        if (!shapeTensor.HasData) throw ctx.Fail($"output_shape '{shapeTensor.Name}' has no data at preparation (a dynamic output shape is not supported)");
        var os = shapeTensor.GetData<int>();

        var o = ctx.GetOptions<TransposeConvOptions>();
        RequirePositive(ctx, o.StrideH, "stride_h");
        RequirePositive(ctx, o.StrideW, "stride_w");
        var (min, max) = ActivationRange(ctx, o.FusedActivation);

        int n = input.Dim(0), h = input.Dim(1), w = input.Dim(2), ic = input.Dim(3);
        int oc = weights.Dim(0), kh = weights.Dim(1), kw = weights.Dim(2);
        if (oc <= 0 || kh <= 0 || kw <= 0 || weights.Dim(3) <= 0)
            throw ctx.Fail($"weights '{weights.Name}' must have positive dimensions, got {ShapeText(weights)}");
        if (weights.Dim(3) != ic)
            throw ctx.Fail($"weights '{weights.Name}' {ShapeText(weights)} must have the input's {ic} channels last");
        if (os[0] != n || os[3] != oc || os[1] < 0 || os[2] < 0)
            throw ctx.Fail($"output_shape [{os[0]},{os[1]},{os[2]},{os[3]}] must be [{n}, H, W, {oc}] with H, W >= 0");
        CheckBias(ctx, bias, oc);

        int outH = os[1], outW = os[2];
        ctx.ResizeOutput(0, [n, outH, outW, oc]);
        int convH = OpHelpers.ComputeOutSize(o.Padding, outH, kh, o.StrideH);
        int convW = OpHelpers.ComputeOutSize(o.Padding, outW, kw, o.StrideW);
        _p = new TransposeConvParams
        {
            Batches = n, InputHeight = h, InputWidth = w, InputChannels = ic, FilterHeight = kh, FilterWidth = kw,
            OutputHeight = outH, OutputWidth = outW, OutputChannels = oc, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            PadTop = OpHelpers.ComputePadding(o.StrideH, 1, outH, kh, convH, out _),
            PadLeft = OpHelpers.ComputePadding(o.StrideW, 1, outW, kw, convW, out _),
            BiasFirst = false, ActivationMin = min, ActivationMax = max,
        };
        PrepareOptimized(ctx, ref _uk, ref _packed, ref _packScratch, ref _colScratch, _p, weights);
    }

    /// <summary>Shared with <see cref="TransposeConvBiasOp"/>: microkernel choice, packing, scratch requests.</summary>
    internal static void PrepareOptimized(OpContext ctx, ref F32GemmMicrokernel? uk, ref float[]? packed, ref int packScratch,
                                          ref int colScratch, in TransposeConvParams p, Tensor weights)
    {
        uk = ctx.UseReferenceKernels ? null : Opt.TransposeConv.SelectMicrokernel(p);
        packed = null;
        packScratch = colScratch = -1;
        if (uk is null) return;
        int length = Opt.TransposeConv.PackedWeightsLength(p, uk);
        if (weights.IsConstant)
        {
            packed = new float[length];
            Opt.TransposeConv.PackWeights(p, uk, weights.GetData<float>(), packed);
        }
        else
        {
            packScratch = ctx.RequestScratch(checked(length * sizeof(float)));
        }
        colScratch = ctx.RequestScratch(checked(Opt.TransposeConv.ScratchLength(p) * sizeof(float)));
    }

    /// <summary>Shared with <see cref="TransposeConvBiasOp"/>: runs the reference or optimized kernel without allocating.</summary>
    internal static void Run(OpContext ctx, F32GemmMicrokernel? uk, float[]? packed, int packScratch, int colScratch,
                             in TransposeConvParams p, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
                             ReadOnlySpan<float> bias, Span<float> output)
    {
        if (uk is null)
        {
            Ref.TransposeConv.Run(p, input, weights, bias, output);
            return;
        }
        ReadOnlySpan<float> w;
        if (packed is not null)
        {
            w = packed;
        }
        else
        {
            var buffer = MemoryMarshal.Cast<byte, float>(ctx.GetScratch(packScratch));
            Opt.TransposeConv.PackWeights(p, uk, weights, buffer);
            w = buffer;
        }
        Opt.TransposeConv.RunPacked(p, uk, input, w, bias, output, MemoryMarshal.Cast<byte, float>(ctx.GetScratch(colScratch)));
    }

    public void Eval(OpContext ctx)
    {
        var os = ctx.Input(0).GetData<int>();
        var output = ctx.Output(0);
        if (os[1] != output.Dim(1) || os[2] != output.Dim(2))
            throw ctx.Fail($"output_shape changed after preparation to [{os[0]},{os[1]},{os[2]},{os[3]}]; dynamic output shapes are not supported");
        var biasTensor = ctx.OptionalInput(3);
        Run(ctx, _uk, _packed, _packScratch, _colScratch, _p, ctx.Input(2).GetData<float>(), ctx.Input(1).GetData<float>(),
            biasTensor is null ? default : biasTensor.GetData<float>(), output.GetWritableData<float>());
    }
}
