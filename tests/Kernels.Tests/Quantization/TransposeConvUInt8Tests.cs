using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using ManagedLite.Kernels.Reference.Quantized;
using Xunit;

namespace ManagedLite.Kernels.Tests.Quantization;

/// <summary>uint8 TRANSPOSE_CONV against a gather-form oracle (each output sums the taps that reach it); bit-exact.</summary>
public class TransposeConvUInt8Tests
{
    private static int[] Gather(in QuantizedConvParams p, byte[] input, byte[] filter, int[] bias)
    {
        var output = new int[p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth];
        for (int b = 0; b < p.Batches; b++)
        for (int oy = 0; oy < p.OutputHeight; oy++)
        for (int ox = 0; ox < p.OutputWidth; ox++)
        for (int oc = 0; oc < p.OutputDepth; oc++)
        {
            long acc = bias[oc];
            for (int fy = 0; fy < p.FilterHeight; fy++)
            for (int fx = 0; fx < p.FilterWidth; fx++)
            {
                int ny = oy + p.PadHeight - fy, nx = ox + p.PadWidth - fx;
                if (ny < 0 || nx < 0 || ny % p.StrideHeight != 0 || nx % p.StrideWidth != 0) continue;
                int iy = ny / p.StrideHeight, ix = nx / p.StrideWidth;
                if (iy >= p.InputHeight || ix >= p.InputWidth) continue;
                for (int ic = 0; ic < p.InputDepth; ic++)
                    acc += (long)(input[((b * p.InputHeight + iy) * p.InputWidth + ix) * p.InputDepth + ic] + p.InputOffset) *
                           (filter[((oc * p.FilterHeight + fy) * p.FilterWidth + fx) * p.InputDepth + ic] + p.WeightsOffset);
            }
            int v = unchecked(NaiveQuant.Mbqm(unchecked((int)acc), p.OutputMultiplier, p.OutputShift) + p.OutputOffset);
            output[((b * p.OutputHeight + oy) * p.OutputWidth + ox) * p.OutputDepth + oc] = NaiveQuant.Clamp(v, p.ActivationMin, p.ActivationMax);
        }
        return output;
    }

    [Fact]
    public void HandCase()
    {
        // 1x2 input [1, 2] (zero point 1 -> offset -1: values 0, 1), filter [3, 13] (zero point 3 -> 0, 10), stride 2:
        // outputs 0*0, 0*10, 1*0, 1*10 = [0, 0, 0, 10]; multiplier 1 (2^30, shift 1); bias 2; output zero point 100.
        var p = new QuantizedConvParams
        {
            Batches = 1, InputHeight = 1, InputWidth = 2, InputDepth = 1, FilterHeight = 1, FilterWidth = 2,
            OutputHeight = 1, OutputWidth = 4, OutputDepth = 1, StrideHeight = 1, StrideWidth = 2,
            InputOffset = -1, WeightsOffset = -3, OutputOffset = 100, OutputMultiplier = 1 << 30, OutputShift = 1,
            ActivationMin = 0, ActivationMax = 255,
        };
        var output = new byte[4];
        TransposeConvUInt8.Run(p, [1, 2], [3, 13], [2], output, new int[4]);
        Assert.Equal(new byte[] { 102, 102, 102, 112 }, output);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(8, 5)]
    [InlineData(2, 17)]
    public void MatchesGatherOracleBitExact(int inDepth, int outDepth)
    {
        var r = new QuantRandom(300 + inDepth * 7 + outDepth);
        for (int trial = 0; trial < 8; trial++)
        {
            QuantizedMultiplier.Quantize(Math.Pow(2, -14 + 8 * (r.Next(0, 1000) / 1000.0)), out int m, out int s);
            int amin = r.Next(0, 40), amax = r.Next(200, 255);
            var p = r.ConvGeometry(inDepth, outDepth, transpose: true) with
            {
                InputOffset = -r.Next(0, 255), WeightsOffset = -r.Next(0, 255), OutputOffset = r.Next(0, 255),
                OutputMultiplier = m, OutputShift = s, ActivationMin = amin, ActivationMax = amax,
            };
            int inSize = p.Batches * p.InputHeight * p.InputWidth * inDepth;
            int outSize = p.Batches * p.OutputHeight * p.OutputWidth * outDepth;
            var input = r.UInt8(inSize);
            var filter = r.UInt8(outDepth * p.FilterHeight * p.FilterWidth * inDepth);
            var bias = r.Int32(outDepth, 5000);
            var output = new byte[outSize];
            var scratch = new int[outSize + 2];
            scratch.AsSpan().Fill(-777); // must be cleared by the kernel
            TransposeConvUInt8.Run(p, input, filter, bias, output, scratch);
            Assert.Equal(Gather(p, input, filter, bias), QuantRandom.Ints(output));
            // Without bias.
            TransposeConvUInt8.Run(p, input, filter, [], output, scratch);
            Assert.Equal(Gather(p, input, filter, new int[outDepth]), QuantRandom.Ints(output));
        }
    }
}
