using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>
/// TRANSPOSE_CONV, legacy uint8 per-tensor quantization (TFLite reference_ops::TransposeConv for uint8): filter
/// [OutputDepth, FilterHeight, FilterWidth, InputDepth] with WeightsOffset = -filter zero point, int32 bias. Every
/// (input + InputOffset) * (filter + WeightsOffset) product is scattered into an int32 scratch of the output's size;
/// then bias is added, MultiplyByQuantizedMultiplier(acc, OutputMultiplier, OutputShift), + OutputOffset, clamp.
/// </summary>
public static class TransposeConvUInt8
{
    /// <summary>
    /// <paramref name="scratch"/> must hold Batches*OutputHeight*OutputWidth*OutputDepth int32 values (it is
    /// cleared here). <paramref name="bias"/> may be empty.
    /// </summary>
    public static void Run(in QuantizedConvParams p, ReadOnlySpan<byte> input, ReadOnlySpan<byte> filter,
        ReadOnlySpan<int> bias, Span<byte> output, Span<int> scratch)
    {
        QuantizedChecks.Conv(p, input.Length, filter.Length, bias.Length, output.Length, perChannel: false, transpose: true);
        int inH = p.InputHeight, inW = p.InputWidth, inD = p.InputDepth;
        int fH = p.FilterHeight, fW = p.FilterWidth;
        int outH = p.OutputHeight, outW = p.OutputWidth, outD = p.OutputDepth;
        int outputSize = p.Batches * outH * outW * outD;
        if (scratch.Length < outputSize) throw new ArgumentException($"scratch has {scratch.Length} elements, expected {outputSize}");
        scratch = scratch[..outputSize];
        scratch.Clear();
        int inputOffset = p.InputOffset, filterOffset = p.WeightsOffset;

        for (int b = 0; b < p.Batches; b++)
        for (int iy = 0; iy < inH; iy++)
        for (int ix = 0; ix < inW; ix++)
        for (int ic = 0; ic < inD; ic++)
        {
            int outXOrigin = ix * p.StrideWidth - p.PadWidth;
            int outYOrigin = iy * p.StrideHeight - p.PadHeight;
            int inputValue = input[((b * inH + iy) * inW + ix) * inD + ic] + inputOffset;
            for (int fy = 0; fy < fH; fy++)
            for (int fx = 0; fx < fW; fx++)
            for (int oc = 0; oc < outD; oc++)
            {
                int ox = outXOrigin + fx, oy = outYOrigin + fy;
                if (ox < 0 || ox >= outW || oy < 0 || oy >= outH) continue;
                int o = ((b * outH + oy) * outW + ox) * outD + oc;
                int filterValue = filter[((oc * fH + fy) * fW + fx) * inD + ic] + filterOffset;
                scratch[o] = unchecked(scratch[o] + inputValue * filterValue);
            }
        }

        for (int i = 0; i < outputSize; i++)
        {
            int acc = scratch[i];
            if (!bias.IsEmpty) acc = unchecked(acc + bias[i % outD]);
            output[i] = (byte)QuantizedMath.Requantize(acc, p.OutputMultiplier, p.OutputShift, p.OutputOffset, p.ActivationMin, p.ActivationMax);
        }
    }
}
