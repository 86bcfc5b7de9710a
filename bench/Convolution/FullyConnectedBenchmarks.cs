using BenchmarkDotNet.Attributes;
using ManagedLite.Kernels;
using ManagedLite.Kernels.Optimized.Gemm;
using Opt = ManagedLite.Kernels.Optimized;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Bench.Convolution;

/// <summary>FULLY_CONNECTED: reference, the dot-product path and every supported GEMM microkernel of the table.</summary>
public class FullyConnectedBenchmarks
{
    /// <summary>"batches x input depth -> output depth".</summary>
    public static IEnumerable<string> Shapes => ["1x1152->256", "1x256->1", "16x256->256"];

    public static IEnumerable<string> Microkernels => F32GemmMicrokernels.All.Where(k => k.IsSupported).Select(k => k.Id);

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "1x1->1";

    private FullyConnectedParams _p;
    private float[] _input = [], _weights = [], _bias = [], _output = [];
    private readonly Dictionary<string, float[]> _packed = new();

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x', 2);
        var io = parts[1].Split("->");
        _p = new FullyConnectedParams { Batches = int.Parse(parts[0]), InputDepth = int.Parse(io[0]), OutputDepth = int.Parse(io[1]) };
        var rng = new Random(42);
        _input = ConvShape.Random(rng, (long)_p.Batches * _p.InputDepth);
        _weights = ConvShape.Random(rng, (long)_p.OutputDepth * _p.InputDepth);
        _bias = ConvShape.Random(rng, _p.OutputDepth);
        _output = new float[_p.Batches * _p.OutputDepth];
        _packed.Clear();
        foreach (var uk in F32GemmMicrokernels.All.Where(k => k.IsSupported))
        {
            var packed = new float[Opt.FullyConnected.PackedWeightsLength(_p, uk)];
            Opt.FullyConnected.PackWeights(_p, uk, _weights, _bias, packed);
            _packed[uk.Id] = packed;
        }
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.FullyConnected.Run(_p, _input, _weights, _bias, _output);

    [Benchmark]
    public void OptimizedDot() => Opt.FullyConnected.RunDot(_p, _input, _weights, _bias, _output);

    [Benchmark]
    [ArgumentsSource(nameof(Microkernels))]
    public void OptimizedGemm(string microkernel)
        => Opt.FullyConnected.RunPacked(_p, F32GemmMicrokernels.Find(microkernel)!, _input, _packed[microkernel], _output);
}
