using BenchmarkDotNet.Attributes;
using ManagedLite.Kernels.Elementwise;
using ManagedLite.Kernels.Params;
using Opt = ManagedLite.Kernels.Optimized.Quantized;
using Ref = ManagedLite.Kernels.Reference.Quantized;

namespace ManagedLite.Bench.Quantized;

/// <summary>int8 ADD of two same-shape tensors (a MobileNetV2 residual, 56 x 56 x 24): reference vs vectorized.</summary>
public class Int8AddBenchmarks
{
    private static readonly int[] Shape = [1, 56, 56, 24];
    private QuantizedAddSubParams _p;
    private BroadcastPlan _plan = null!;
    private sbyte[] _a = [], _b = [], _y = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _p = QuantizedAddSubParams.General(0.12f, -3, 0.2f, 7, 0.25f, -10, false, -128, 127);
        _plan = BroadcastPlan.Create(Shape, Shape);
        _a = Int8ConvShape.Random(rng, _plan.OutputLength);
        _b = Int8ConvShape.Random(rng, _plan.OutputLength);
        _y = new sbyte[_plan.OutputLength];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Ref.AddQuantized.Run(_p, Shape, _a, Shape, _b, Shape, _y);

    [Benchmark]
    public void Vectorized() => Opt.AddQuantized.Run(_p, _plan, _a, _b, _y);
}
