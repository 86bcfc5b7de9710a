using BenchmarkDotNet.Attributes;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Bench.Convolution;

/// <summary>One NHWC convolution geometry (SAME padding, batch 1).</summary>
public sealed record ConvShape(int H, int W, int IC, int OC, int K, int Stride)
{
    public override string ToString() => $"{H}x{W}x{IC}->{OC} k{K}s{Stride}";

    public ConvParams ToParams()
    {
        int oh = (H + Stride - 1) / Stride, ow = (W + Stride - 1) / Stride;
        return new ConvParams
        {
            InputHeight = H, InputWidth = W, InputChannels = IC, FilterHeight = K, FilterWidth = K, FilterInputChannels = IC,
            OutputChannels = OC, OutputHeight = oh, OutputWidth = ow, StrideHeight = Stride, StrideWidth = Stride,
            PadTop = Math.Max(0, (oh - 1) * Stride + K - H) / 2, PadLeft = Math.Max(0, (ow - 1) * Stride + K - W) / 2,
            ActivationMin = 0, ActivationMax = 6,
        };
    }

    public static float[] Random(Random rng, long n)
    {
        var a = new float[n];
        for (long i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}

/// <summary>CONV_2D on MediaPipe-like layers: reference kernel and every supported GEMM microkernel of the table.</summary>
public class Conv2DBenchmarks
{
    public static IEnumerable<ConvShape> Shapes =>
    [
        new(128, 128, 3, 24, 3, 2),   // stem of face detection / hands
        new(64, 64, 24, 24, 1, 1),    // pointwise (GEMM directly on the input)
        new(32, 32, 48, 48, 1, 1),
        new(16, 16, 96, 96, 3, 1),    // general 3x3 (im2col)
    ];

    /// <summary>Ids of the microkernels this machine supports, read from <see cref="F32GemmMicrokernels.All"/>.</summary>
    public static IEnumerable<string> Microkernels => F32GemmMicrokernels.All.Where(k => k.IsSupported).Select(k => k.Id);

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = new(1, 1, 1, 1, 1, 1);

    private ConvParams _p;
    private float[] _input = [], _filter = [], _bias = [], _output = [];
    private readonly Dictionary<string, (float[] Packed, float[] Scratch)> _prepared = new();

    [GlobalSetup]
    public void Setup()
    {
        _p = Shape.ToParams();
        var rng = new Random(42);
        _input = ConvShape.Random(rng, _p.InputLength);
        _filter = ConvShape.Random(rng, _p.FilterLength);
        _bias = ConvShape.Random(rng, _p.OutputChannels);
        _output = new float[_p.OutputLength];
        _prepared.Clear();
        foreach (var uk in F32GemmMicrokernels.All.Where(k => k.IsSupported))
        {
            var packed = new float[Opt.Conv2D.PackedWeightsLength(_p, uk)];
            Opt.Conv2D.PackWeights(_p, uk, _filter, _bias, packed);
            _prepared[uk.Id] = (packed, new float[Opt.Conv2D.ScratchLength(_p, uk)]);
        }
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.Conv2D.Run(_p, _input, _filter, _bias, _output);

    [Benchmark]
    [ArgumentsSource(nameof(Microkernels))]
    public void Optimized(string microkernel)
    {
        var (packed, scratch) = _prepared[microkernel];
        Opt.Conv2D.RunPacked(_p, F32GemmMicrokernels.Find(microkernel)!, _input, packed, _output, scratch);
    }
}
