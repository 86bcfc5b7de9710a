using ManagedLite.Kernels.Params;

namespace ManagedLite.Kernels.Reference.Quantized;

/// <summary>Argument checks shared by the quantized kernels; they allocate only when throwing.</summary>
internal static class QuantizedChecks
{
    public static void Conv(in QuantizedConvParams p, int inputLength, int filterLength, int biasLength, int outputLength,
        bool perChannel, bool depthwise = false, bool transpose = false)
    {
        if (p.Batches < 0 || p.InputHeight < 0 || p.InputWidth < 0 || p.InputDepth < 0 || p.OutputHeight < 0 ||
            p.OutputWidth < 0 || p.OutputDepth < 0 || p.FilterHeight < 0 || p.FilterWidth < 0)
            throw new ArgumentException("negative dimension in convolution parameters");
        if (p.StrideHeight < 1 || p.StrideWidth < 1)
            throw new ArgumentException($"strides must be >= 1, got {p.StrideHeight}x{p.StrideWidth}");
        if (!transpose && (p.DilationHeight < 1 || p.DilationWidth < 1))
            throw new ArgumentException($"dilations must be >= 1, got {p.DilationHeight}x{p.DilationWidth}");
        if (p.ActivationMin > p.ActivationMax)
            throw new ArgumentException($"activation min {p.ActivationMin} > max {p.ActivationMax}");
        long inputSize = (long)p.Batches * p.InputHeight * p.InputWidth * p.InputDepth;
        long outputSize = (long)p.Batches * p.OutputHeight * p.OutputWidth * p.OutputDepth;
        long filterSize;
        if (depthwise)
        {
            if (p.DepthMultiplier < 1 || (long)p.InputDepth * p.DepthMultiplier != p.OutputDepth)
                throw new ArgumentException($"output depth {p.OutputDepth} != input depth {p.InputDepth} x depth multiplier {p.DepthMultiplier}");
            filterSize = (long)p.FilterHeight * p.FilterWidth * p.OutputDepth;
        }
        else if (transpose)
        {
            filterSize = (long)p.OutputDepth * p.FilterHeight * p.FilterWidth * p.InputDepth;
        }
        else
        {
            int fid = p.EffectiveFilterInputDepth;
            if (fid < 1 || p.InputDepth % fid != 0)
                throw new ArgumentException($"input depth {p.InputDepth} is not a multiple of filter depth {fid}");
            int groups = p.InputDepth / fid;
            if (p.OutputDepth % groups != 0)
                throw new ArgumentException($"output depth {p.OutputDepth} is not a multiple of the group count {groups}");
            filterSize = (long)p.OutputDepth * p.FilterHeight * p.FilterWidth * fid;
        }
        if (inputLength < inputSize) throw new ArgumentException($"input has {inputLength} elements, expected {inputSize}");
        if (filterLength < filterSize) throw new ArgumentException($"filter has {filterLength} elements, expected {filterSize}");
        if (outputLength < outputSize) throw new ArgumentException($"output has {outputLength} elements, expected {outputSize}");
        if (biasLength != 0 && biasLength < p.OutputDepth) throw new ArgumentException($"bias has {biasLength} elements, expected {p.OutputDepth}");
        if (perChannel) PerChannel(p.PerChannelMultiplier, p.PerChannelShift, p.OutputDepth);
    }

    public static void FullyConnected(in QuantizedFullyConnectedParams p, int inputLength, int filterLength, int biasLength,
        int outputLength, bool perChannel)
    {
        if (p.Batches < 0 || p.AccumDepth < 0 || p.OutputDepth < 0)
            throw new ArgumentException("negative dimension in fully-connected parameters");
        if (p.ActivationMin > p.ActivationMax)
            throw new ArgumentException($"activation min {p.ActivationMin} > max {p.ActivationMax}");
        if (inputLength < (long)p.Batches * p.AccumDepth) throw new ArgumentException($"input has {inputLength} elements, expected {(long)p.Batches * p.AccumDepth}");
        if (filterLength < (long)p.OutputDepth * p.AccumDepth) throw new ArgumentException($"filter has {filterLength} elements, expected {(long)p.OutputDepth * p.AccumDepth}");
        if (outputLength < (long)p.Batches * p.OutputDepth) throw new ArgumentException($"output has {outputLength} elements, expected {(long)p.Batches * p.OutputDepth}");
        if (biasLength != 0 && biasLength < p.OutputDepth) throw new ArgumentException($"bias has {biasLength} elements, expected {p.OutputDepth}");
        if (perChannel) PerChannel(p.PerChannelMultiplier, p.PerChannelShift, p.OutputDepth);
    }

    public static void Pool(in QuantizedPoolParams p, int inputLength, int outputLength)
    {
        if (p.Batches < 0 || p.InputHeight < 0 || p.InputWidth < 0 || p.Depth < 0 || p.OutputHeight < 0 || p.OutputWidth < 0 ||
            p.FilterHeight < 0 || p.FilterWidth < 0)
            throw new ArgumentException("negative dimension in pool parameters");
        if (p.StrideHeight < 1 || p.StrideWidth < 1)
            throw new ArgumentException($"strides must be >= 1, got {p.StrideHeight}x{p.StrideWidth}");
        if (p.ActivationMin > p.ActivationMax)
            throw new ArgumentException($"activation min {p.ActivationMin} > max {p.ActivationMax}");
        long inputSize = (long)p.Batches * p.InputHeight * p.InputWidth * p.Depth;
        long outputSize = (long)p.Batches * p.OutputHeight * p.OutputWidth * p.Depth;
        if (inputLength < inputSize) throw new ArgumentException($"input has {inputLength} elements, expected {inputSize}");
        if (outputLength < outputSize) throw new ArgumentException($"output has {outputLength} elements, expected {outputSize}");
    }

    private static void PerChannel(int[]? multipliers, int[]? shifts, int channels)
    {
        if (multipliers is null || shifts is null || multipliers.Length < channels || shifts.Length < channels)
            throw new ArgumentException($"per-channel multipliers and shifts must have {channels} entries");
    }
}
