using BenchmarkDotNet.Attributes;
using ManagedLite.Kernels;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Bench.Convolution;

/// <summary>DEPTHWISE_CONV_2D (multiplier 1, SAME) on MediaPipe-like layers: reference and the Vector&lt;float&gt; kernel.</summary>
public class DepthwiseConv2DBenchmarks
{
    public static IEnumerable<ConvShape> Shapes =>
    [
        new(64, 64, 24, 24, 3, 1),
        new(64, 64, 24, 24, 3, 2),
        new(16, 16, 96, 96, 5, 1),
    ];

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = new(1, 1, 1, 1, 1, 1);

    private DepthwiseParams _p;
    private float[] _input = [], _filter = [], _bias = [], _output = [];

    [GlobalSetup]
    public void Setup()
    {
        var c = Shape.ToParams();
        _p = new DepthwiseParams
        {
            InputHeight = c.InputHeight, InputWidth = c.InputWidth, InputChannels = c.InputChannels, DepthMultiplier = 1,
            FilterHeight = c.FilterHeight, FilterWidth = c.FilterWidth, OutputHeight = c.OutputHeight, OutputWidth = c.OutputWidth,
            StrideHeight = c.StrideHeight, StrideWidth = c.StrideWidth, PadTop = c.PadTop, PadLeft = c.PadLeft,
            ActivationMin = 0, ActivationMax = 6,
        };
        var rng = new Random(42);
        _input = ConvShape.Random(rng, _p.InputLength);
        _filter = ConvShape.Random(rng, _p.FilterLength);
        _bias = ConvShape.Random(rng, _p.OutputChannels);
        _output = new float[_p.OutputLength];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.DepthwiseConv2D.Run(_p, _input, _filter, _bias, _output);

    [Benchmark]
    public void OptimizedVector() => Opt.DepthwiseConv2D.Run(_p, _input, _filter, _bias, _output);
}
