using BenchmarkDotNet.Attributes;
using ManagedLite.Kernels.Params;
using ManagedLite.Kernels.Quantization;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Bench.Quantized;

/// <summary>One int8 convolution layer: input H x W x C, K x K filter, stride, output channels (or depth multiplier).</summary>
public sealed record Int8ConvShape(int Height, int Width, int InChannels, int OutChannels, int Kernel, int Stride)
{
    public override string ToString() => $"{Height}x{Width}x{InChannels}->{OutChannels} k{Kernel} s{Stride}";

    public QuantizedConvParams ToParams(bool depthwise, Random rng)
    {
        int outH = (Height + Stride - 1) / Stride, outW = (Width + Stride - 1) / Stride;
        int padH = Math.Max(0, ((outH - 1) * Stride + Kernel - Height) / 2), padW = Math.Max(0, ((outW - 1) * Stride + Kernel - Width) / 2);
        var m = new int[OutChannels];
        var s = new int[OutChannels];
        for (int c = 0; c < OutChannels; c++) QuantizedMultiplier.Quantize(Math.Pow(2, -12 + 4 * rng.NextDouble()), out m[c], out s[c]);
        return new QuantizedConvParams
        {
            Batches = 1, InputHeight = Height, InputWidth = Width, InputDepth = InChannels, FilterHeight = Kernel, FilterWidth = Kernel,
            OutputHeight = outH, OutputWidth = outW, OutputDepth = OutChannels, DepthMultiplier = depthwise ? OutChannels / InChannels : 0,
            StrideHeight = Stride, StrideWidth = Stride, DilationHeight = 1, DilationWidth = 1, PadHeight = padH, PadWidth = padW,
            InputOffset = 128, OutputOffset = -128, PerChannelMultiplier = m, PerChannelShift = s, ActivationMin = -128, ActivationMax = 127,
        };
    }

    public static sbyte[] Random(Random rng, int n)
    {
        var a = new sbyte[n];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }
}

/// <summary>int8 CONV_2D on MobileNetV2 layers: reference, the int16 patch kernel, and the packed VNNI/AVX2 GEMM.</summary>
public class Int8Conv2DBenchmarks
{
    public static IEnumerable<Int8ConvShape> Shapes =>
    [
        new(224, 224, 3, 32, 3, 2),
        new(56, 56, 24, 144, 1, 1),
        new(14, 14, 384, 64, 1, 1),
        new(7, 7, 320, 1280, 1, 1),
    ];

    [ParamsSource(nameof(Shapes))]
    public Int8ConvShape Shape { get; set; } = new(1, 1, 1, 1, 1, 1);

    private QuantizedConvParams _p;
    private sbyte[] _input = [], _filter = [], _output = [];
    private int[] _bias = [];
    private byte[] _scratch = [];
    private Opt.Int8ConvPackedWeights? _packed;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _p = Shape.ToParams(false, rng);
        _input = Int8ConvShape.Random(rng, _p.InputHeight * _p.InputWidth * _p.InputDepth);
        _filter = Int8ConvShape.Random(rng, _p.OutputDepth * _p.FilterHeight * _p.FilterWidth * _p.InputDepth);
        _bias = new int[_p.OutputDepth];
        _output = new sbyte[_p.OutputHeight * _p.OutputWidth * _p.OutputDepth];
        _packed = Opt.Conv2DInt8.TryPack(_p, _filter, _bias);
        _scratch = new byte[Opt.Conv2DInt8.PackedScratchBytes(_p)];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.Conv2DInt8.Run(_p, _input, _filter, _bias, _output);

    [Benchmark]
    public void PatchDot() => Opt.Conv2DInt8.Run(_p, _input, _filter, _bias, _output);

    [Benchmark]
    public void PackedGemm() => Opt.Conv2DInt8.RunPacked(_p, _packed!, _input, _output, _scratch);
}

/// <summary>int8 DEPTHWISE_CONV_2D: MobileNetV2 layers and micro_speech's multiplier-8 layer; reference vs packed.</summary>
public class Int8DepthwiseConv2DBenchmarks
{
    public static IEnumerable<Int8ConvShape> Shapes =>
    [
        new(112, 112, 96, 96, 3, 2),
        new(28, 28, 192, 192, 3, 1),
        new(49, 40, 1, 8, 8, 2),
    ];

    [ParamsSource(nameof(Shapes))]
    public Int8ConvShape Shape { get; set; } = new(1, 1, 1, 1, 1, 1);

    private QuantizedConvParams _p;
    private sbyte[] _input = [], _filter = [], _output = [];
    private int[] _bias = [];
    private byte[] _scratch = [];
    private Opt.Int8DepthwisePackedWeights? _packed;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _p = Shape.ToParams(true, rng);
        _input = Int8ConvShape.Random(rng, _p.InputHeight * _p.InputWidth * _p.InputDepth);
        _filter = Int8ConvShape.Random(rng, _p.FilterHeight * _p.FilterWidth * _p.OutputDepth);
        _bias = new int[_p.OutputDepth];
        _output = new sbyte[_p.OutputHeight * _p.OutputWidth * _p.OutputDepth];
        _packed = Opt.DepthwiseConv2DInt8.TryPack(_p, _filter, _bias);
        _scratch = new byte[Opt.DepthwiseConv2DInt8.PackedScratchBytes(_packed!)];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.DepthwiseConv2DInt8.Run(_p, _input, _filter, _bias, _output);

    [Benchmark]
    public void Packed() => Opt.DepthwiseConv2DInt8.RunPacked(_p, _packed!, _input, _output, _scratch);
}
