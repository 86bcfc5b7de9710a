using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Schema;

namespace ManagedLite.Ops.Convolution;

/// <summary>
/// Preparation helpers of the quantized and hybrid convolution-family ops, after TFLite's kernel_util.cc
/// (PopulateConvolutionQuantizationParams, GetQuantizedConvolutionMultipler, CalculateActivationRangeQuantized).
/// </summary>
internal static class QuantizedConvolution
{
    /// <summary>How a node computes: the element types of its activations and weights.</summary>
    public enum Kind
    {
        Float,
        /// <summary>float activations, int8 constant weights quantized per tensor or per channel (dynamic range).</summary>
        Hybrid,
        Int8,
        UInt8,
        /// <summary>int16 activations (zero point 0), int8 weights.</summary>
        Int16x8,
    }

    /// <summary>Classifies a node from its input and filter types; throws for unsupported combinations.</summary>
    public static Kind Classify(OpContext ctx, LiteTensor input, LiteTensor filter, LiteTensor output, string filterRole, bool allowHybrid)
    {
        var it = input.DataType;
        var ft = filter.DataType;
        if (it == TensorType.Float32)
        {
            if (ft == TensorType.Float32)
            {
                ConvolutionChecks.RequireFloat(ctx, output, "output");
                return Kind.Float;
            }
            if (ft == TensorType.Int8 && allowHybrid)
            {
                ConvolutionChecks.RequireFloat(ctx, output, "output");
                return Kind.Hybrid;
            }
            throw ctx.Fail($"{filterRole} '{filter.Name}' is {TensorTypes.Name(ft)} with float32 input '{input.Name}': " +
                           (allowHybrid ? "only float32 or int8 (hybrid) weights are supported" : "only float32 weights are supported"));
        }
        Kind kind = it switch
        {
            TensorType.Int8 => Kind.Int8,
            TensorType.UInt8 => Kind.UInt8,
            TensorType.Int16 => Kind.Int16x8,
            _ => throw ctx.Fail($"input '{input.Name}' is {TensorTypes.Name(it)}: expected float32, int8, uint8 or int16"),
        };
        if (output.DataType != it)
            throw ctx.Fail($"output '{output.Name}' must be {TensorTypes.Name(it)} like the input, got {TensorTypes.Name(output.DataType)}");
        var expectedFilter = kind == Kind.UInt8 ? TensorType.UInt8 : TensorType.Int8;
        if (ft != expectedFilter)
            throw ctx.Fail($"{filterRole} '{filter.Name}' must be {TensorTypes.Name(expectedFilter)} for {TensorTypes.Name(it)} input, got {TensorTypes.Name(ft)}");
        RequireQuantized(ctx, input, "input");
        RequireQuantized(ctx, filter, filterRole);
        RequireQuantized(ctx, output, "output");
        if (kind == Kind.Int16x8)
        {
            if (input.Quantization!.ZeroPoint != 0) throw ctx.Fail($"int16 input '{input.Name}' must have zero point 0, got {input.Quantization.ZeroPoint}");
            if (output.Quantization!.ZeroPoint != 0) throw ctx.Fail($"int16 output '{output.Name}' must have zero point 0, got {output.Quantization.ZeroPoint}");
        }
        return kind;
    }

    /// <summary>Throws unless <paramref name="t"/> carries affine quantization with at least one scale.</summary>
    public static TensorQuantization RequireQuantized(OpContext ctx, LiteTensor t, string role)
    {
        var q = t.Quantization;
        if (q is null || q.ScalesArray.Length == 0)
            throw ctx.Fail($"{role} '{t.Name}' ({TensorTypes.Name(t.DataType)}) has no quantization parameters");
        return q;
    }

    /// <summary>
    /// The filter's scales, checked: one scale (per tensor, whatever quantized_dimension says: a single scale
    /// applies to every channel, as TFLite Micro runs person_detect) or one per output channel along
    /// <paramref name="channelDim"/>.
    /// </summary>
    public static float[] FilterScales(OpContext ctx, LiteTensor filter, int channels, int channelDim, string role)
    {
        var q = RequireQuantized(ctx, filter, role);
        float[] scales = q.ScalesArray;
        if (scales.Length == 1) return scales;
        if (scales.Length != channels)
            throw ctx.Fail($"{role} '{filter.Name}' has {scales.Length} scales, expected 1 or {channels} (one per output channel)");
        if (q.QuantizedDimension != channelDim || filter.Dim(channelDim) != channels)
            throw ctx.Fail($"{role} '{filter.Name}' is quantized along dimension {q.QuantizedDimension}, expected {channelDim} (the output channels)");
        return scales;
    }

    /// <summary>
    /// Per-channel multipliers as PopulateConvolutionQuantizationParams: double(input) * double(filter[c]) /
    /// double(output) for each channel, a single filter scale broadcast.
    /// </summary>
    public static (int[] Multipliers, int[] Shifts) PerChannelMultipliers(OpContext ctx, float inputScale, float[] filterScales, float outputScale, int channels)
    {
        foreach (float fs in filterScales)
        {
            double real = (double)inputScale * fs / outputScale;
            if (!(real >= 0) || double.IsInfinity(real))
                throw ctx.Fail($"effective scale input {inputScale} x filter {fs} / output {outputScale} is not a finite non-negative number");
        }
        var m = new int[channels];
        var s = new int[channels];
        QuantizedMultiplier.PerChannel(inputScale, filterScales, outputScale, m, s);
        return (m, s);
    }

    /// <summary>Per-tensor multiplier as GetQuantizedConvolutionMultipler: float(input * filter), widened, / output.</summary>
    public static (int Multiplier, int Shift) PerTensorMultiplier(OpContext ctx, float inputScale, float filterScale, float outputScale)
    {
        double real = QuantizedMultiplier.ConvolutionRealMultiplier(inputScale, filterScale, outputScale);
        if (!(real >= 0) || double.IsInfinity(real))
            throw ctx.Fail($"effective scale input {inputScale} x filter {filterScale} / output {outputScale} is not a finite non-negative number");
        QuantizedMultiplier.Quantize(real, out int m, out int shift);
        return (m, shift);
    }

    /// <summary>
    /// The quantization half of a CONV_2D / DEPTHWISE_CONV_2D <see cref="QuantizedConvParams"/> (the caller adds the
    /// geometry with <c>with</c>): offsets, the given activation range and the multipliers, per tensor for uint8
    /// (which needs a single filter scale; <paramref name="opLabel"/> names the op in that error) and per channel
    /// otherwise.
    /// </summary>
    public static QuantizedConvParams OutputStage(OpContext ctx, Kind kind, LiteTensor input, LiteTensor filter, LiteTensor output,
        float[] filterScales, int channels, int activationMin, int activationMax, string opLabel)
    {
        var iq = input.Quantization!;
        var fq = filter.Quantization!;
        var oq = output.Quantization!;
        int[]? multipliers = null, shifts = null;
        int multiplier = 0, shift = 0;
        if (kind == Kind.UInt8)
        {
            if (filterScales.Length != 1) throw ctx.Fail($"filter '{filter.Name}' of a uint8 {opLabel} must have one scale, got {filterScales.Length}");
            (multiplier, shift) = PerTensorMultiplier(ctx, iq.Scale, fq.Scale, oq.Scale);
        }
        else
        {
            (multipliers, shifts) = PerChannelMultipliers(ctx, iq.Scale, filterScales, oq.Scale, channels);
        }
        return new QuantizedConvParams
        {
            InputOffset = -iq.ZeroPoint, WeightsOffset = -fq.ZeroPoint, OutputOffset = oq.ZeroPoint,
            OutputMultiplier = multiplier, OutputShift = shift, PerChannelMultiplier = multipliers, PerChannelShift = shifts,
            ActivationMin = activationMin, ActivationMax = activationMax,
        };
    }

    /// <summary>CalculateActivationRangeQuantized for the output's type.</summary>
    public static (int Min, int Max) ActivationRange(OpContext ctx, ActivationFunctionType act, LiteTensor output)
    {
        if (act is not (ActivationFunctionType.None or ActivationFunctionType.Relu or ActivationFunctionType.Relu6 or ActivationFunctionType.ReluN1To1))
            throw ctx.Fail($"fused activation {act} is not supported");
        var q = RequireQuantized(ctx, output, "output");
        var qa = (QuantizedActivation)(sbyte)act;
        int min, max;
        bool ok = output.DataType switch
        {
            TensorType.Int8 => QuantizedActivationRange.TryCalculateInt8(qa, q.Scale, q.ZeroPoint, out min, out max),
            TensorType.UInt8 => QuantizedActivationRange.TryCalculateUInt8(qa, q.Scale, q.ZeroPoint, out min, out max),
            TensorType.Int16 => QuantizedActivationRange.TryCalculateInt16(qa, q.Scale, q.ZeroPoint, out min, out max),
            _ => throw ctx.Fail($"output '{output.Name}' has no quantized activation range for {TensorTypes.Name(output.DataType)}"),
        };
        if (!ok) throw ctx.Fail($"fused activation {act} does not fit output '{output.Name}' scale {q.Scale}");
        if (min > max) throw ctx.Fail($"fused activation {act} gives an empty range [{min}, {max}] for output '{output.Name}'");
        return (min, max);
    }

    /// <summary>Bias of a quantized node: int32 (int8/uint8) or int64 / int32 (int16x8), [channels], zero point 0.</summary>
    public static void CheckBias(OpContext ctx, LiteTensor? bias, Kind kind, int channels)
    {
        if (bias is null) return;
        bool ok = kind switch
        {
            Kind.Int8 or Kind.UInt8 => bias.DataType == TensorType.Int32,
            Kind.Int16x8 => bias.DataType is TensorType.Int64 or TensorType.Int32,
            _ => bias.DataType == TensorType.Float32,
        };
        if (!ok)
        {
            string want = kind switch
            {
                Kind.Int8 or Kind.UInt8 => "int32",
                Kind.Int16x8 => "int64 (or int32)",
                _ => "float32",
            };
            throw ctx.Fail($"bias '{bias.Name}' must be {want}, got {TensorTypes.Name(bias.DataType)}");
        }
        if (kind is Kind.Int8 or Kind.UInt8 or Kind.Int16x8 && bias.Quantization is { } bq && bq.ZeroPoint != 0)
            throw ctx.Fail($"bias '{bias.Name}' must have zero point 0, got {bq.ZeroPoint}");
        if (bias.ElementCount != channels)
            throw ctx.Fail($"bias '{bias.Name}' must have {channels} elements, got shape {ConvolutionChecks.ShapeText(bias)}");
    }

    /// <summary>True when the scales differ between channels (TFLite's is_hybrid_per_channel test).</summary>
    public static bool ScalesDiffer(float[] scales)
    {
        for (int i = 1; i < scales.Length; i++)
            if (scales[i] != scales[0]) return true;
        return false;
    }

    /// <summary>Sum of each row of a [rows, cols] int8 matrix (the zero-point correction of asymmetric inputs).</summary>
    public static int[] RowSums(ReadOnlySpan<sbyte> matrix, int rows, int cols)
    {
        var sums = new int[rows];
        HybridQuantization.RowSums(matrix, rows, cols, sums);
        return sums;
    }
}
