using ManagedLite.Kernels.Params;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>Preparation shared by CONV_3D and CONV_3D_TRANSPOSE: types, ranks, options, padding (TFLite's ComputePadding3DValues).</summary>
internal static class Conv3DGeometry
{
    /// <summary>
    /// Validates the tensors and options and returns the geometry. For CONV_3D the output sizes are computed from
    /// the input; for the transposed convolution the caller passes the output shape in <paramref name="outputShape"/>
    /// and the input must be what a CONV_3D of that output would produce.
    /// </summary>
    public static Conv3DParams Prepare(OpContext ctx, LiteTensor input, LiteTensor filter, LiteTensor? bias, LiteTensor output,
                                       bool transposed, ReadOnlySpan<int> outputShape = default)
    {
        OpHelpers.ExpectRank(ctx, input, 5, "input");
        OpHelpers.ExpectRank(ctx, filter, 5, "filter");
        OpHelpers.ExpectType(ctx, input, TensorType.Float32, "input");
        OpHelpers.ExpectType(ctx, filter, TensorType.Float32, "filter");
        OpHelpers.ExpectType(ctx, output, TensorType.Float32, "output");
        int inChannelsOfFilter = transposed ? filter.Dim(4) : filter.Dim(3);
        int outChannels = transposed ? filter.Dim(3) : filter.Dim(4);
        if (input.Dim(4) != inChannelsOfFilter)
            throw ctx.Fail($"input {ModelText.Quote(input.Name)} has {input.Dim(4)} channels but filter {ModelText.Quote(filter.Name)} of shape {ConvolutionChecks.ShapeText(filter)} takes {inChannelsOfFilter}");
        for (int i = 0; i < 5; i++)
            if (filter.Dim(i) <= 0) throw ctx.Fail($"filter {ModelText.Quote(filter.Name)} must have positive dimensions, got {ConvolutionChecks.ShapeText(filter)}");
        for (int i = 1; i < 5; i++)
            if (input.Dim(i) <= 0 && !transposed) throw ctx.Fail($"input {ModelText.Quote(input.Name)} must have positive spatial and channel dimensions, got {ConvolutionChecks.ShapeText(input)}");
        if (bias is not null)
        {
            OpHelpers.ExpectType(ctx, bias, TensorType.Float32, "bias");
            if (bias.ElementCount != outChannels)
                throw ctx.Fail($"bias {ModelText.Quote(bias.Name)} must have {outChannels} elements (output channels), got shape {ConvolutionChecks.ShapeText(bias)}");
        }
        var o = ctx.GetOptions<Conv3DOptions>();
        ConvolutionChecks.RequirePositive(ctx, o.StrideD, "stride_d");
        ConvolutionChecks.RequirePositive(ctx, o.StrideH, "stride_h");
        ConvolutionChecks.RequirePositive(ctx, o.StrideW, "stride_w");
        ConvolutionChecks.RequirePositive(ctx, o.DilationDFactor, "dilation_d_factor");
        ConvolutionChecks.RequirePositive(ctx, o.DilationHFactor, "dilation_h_factor");
        ConvolutionChecks.RequirePositive(ctx, o.DilationWFactor, "dilation_w_factor");
        var (min, max) = ConvolutionChecks.ActivationRange(ctx, o.FusedActivation);
        int fd = filter.Dim(0), fh = filter.Dim(1), fw = filter.Dim(2);

        // The "image" side of the padding computation: the input of CONV_3D, the output of the transposed one.
        int d, h, w;
        if (transposed) (d, h, w) = (outputShape[1], outputShape[2], outputShape[3]);
        else (d, h, w) = (input.Dim(1), input.Dim(2), input.Dim(3));
        int od = OpHelpers.ComputeOutSize(o.Padding, d, fd, o.StrideD, o.DilationDFactor);
        int oh = OpHelpers.ComputeOutSize(o.Padding, h, fh, o.StrideH, o.DilationHFactor);
        int ow = OpHelpers.ComputeOutSize(o.Padding, w, fw, o.StrideW, o.DilationWFactor);
        if (od < 0 || oh < 0 || ow < 0)
            throw ctx.Fail($"dilated filter [{fd},{fh},{fw}] is larger than the {(transposed ? "output" : "input")} [{d},{h},{w}] with VALID padding");
        var p = new Conv3DParams
        {
            Batches = input.Dim(0), InputChannels = input.Dim(4), OutputChannels = outChannels,
            FilterDepth = fd, FilterHeight = fh, FilterWidth = fw,
            StrideDepth = o.StrideD, StrideHeight = o.StrideH, StrideWidth = o.StrideW,
            DilationDepth = o.DilationDFactor, DilationHeight = o.DilationHFactor, DilationWidth = o.DilationWFactor,
            PadDepth = OpHelpers.ComputePadding(o.StrideD, o.DilationDFactor, d, fd, od, out _),
            PadHeight = OpHelpers.ComputePadding(o.StrideH, o.DilationHFactor, h, fh, oh, out _),
            PadWidth = OpHelpers.ComputePadding(o.StrideW, o.DilationWFactor, w, fw, ow, out _),
            ActivationMin = min, ActivationMax = max,
        };
        if (transposed)
        {
            if (od != input.Dim(1) || oh != input.Dim(2) || ow != input.Dim(3))
                throw ctx.Fail($"input {ModelText.Quote(input.Name)} of shape {ConvolutionChecks.ShapeText(input)} does not match output shape [{string.Join(",", outputShape.ToArray())}]: a CONV_3D of that output would give spatial size [{od},{oh},{ow}]");
            return p with
            {
                InputDepth = input.Dim(1), InputHeight = input.Dim(2), InputWidth = input.Dim(3),
                OutputDepth = d, OutputHeight = h, OutputWidth = w,
            };
        }
        return p with
        {
            InputDepth = d, InputHeight = h, InputWidth = w, OutputDepth = od, OutputHeight = oh, OutputWidth = ow,
        };
    }
}
