using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

/// <summary>
/// Partitioning and fallback through the interpreter: a node the delegate refuses stays on the CPU between two
/// partitions and the report says why; a delegate that cannot start leaves the whole model on the CPU; partition
/// limits; statistics; kernels compiled when the interpreter is built, not on the first Invoke; re-preparation
/// after an input resize; float16 weight storage.
/// </summary>
public abstract class DelegationTests
{
    protected abstract GpuBackend Backend { get; }

    /// <summary>CONV -> LOG_SOFTMAX (refused by the delegate) -> CONV -> ADD.</summary>
    private protected static OpModel ConvRefusedConv(int seed = 1)
    {
        var m = new OpModel(seed);
        int x = m.Input([1, 9, 8, 3]);
        int a = m.Value("a", [1, 9, 8, 6]), b = m.Value("b", [1, 9, 8, 6]), c = m.Value("c", [1, 9, 8, 5]), d = m.Value("d", [1, 9, 8, 5]);
        m.Op(BuiltinOperator.CONV_2D, [x, m.Const([6, 3, 3, 3]), m.Const([6])], [a], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, Relu));
        m.Op(BuiltinOperator.LOG_SOFTMAX, [a], [b]);
        m.Op(BuiltinOperator.CONV_2D, [b, m.Const([5, 1, 1, 6]), m.Const([5])], [c], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, 0));
        m.Op(BuiltinOperator.ADD, [c, m.Const([5])], [d], Tag.Add, Byte(0, Relu6));
        return m.Output(d);
    }

    [SkippableFact]
    public void UnsupportedOperatorInTheMiddleRunsOnTheCpu()
    {
        var m = ConvRefusedConv();
        var model = m.Build();
        var want = Harness.RunReference(model, m.Inputs);
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = Backend.Delegate, AllowDelegateFallback = false });
        var report = interp.DelegationReport!;
        Assert.Equal(2, report.Partitions.Count);
        Assert.Equal([0], report.Partitions[0]);
        Assert.Equal([2, 3], report.Partitions[1]);
        var cpu = Assert.Single(report.NodesOnCpu);
        Assert.Equal(1, cpu.NodeIndex);
        Assert.Equal("LOG_SOFTMAX", cpu.OperatorName);
        Assert.Contains("LOG_SOFTMAX is not supported by the GPU delegate", cpu.Reason);
        Assert.False(report.IsFullyDelegated);
        Assert.Null(report.FallbackReason);
        var got = Harness.Run(interp, m.Inputs);
        Assert.True(Harness.RelativeError(got[0], want[0]) <= 2e-5);
    }

    [SkippableFact]
    public void NodeWithAnUnsupportedTypeStaysOnTheCpuWithItsReason()
    {
        // float ADD -> CAST to int32 -> int32 ADD -> CAST back: the int32 ADD is refused for its type.
        var m = new OpModel(2);
        int x = m.Input([2, 5]);
        int a = m.Value("a", [2, 5]), i = m.Value("i", [2, 5], TensorType.Int32), j = m.Value("j", [2, 5], TensorType.Int32), y = m.Value("y", [2, 5]);
        m.Op(BuiltinOperator.MUL, [x, m.Const([1], [10f])], [a], Tag.Mul, Byte(0, 0));
        m.Op(BuiltinOperator.CAST, [a], [i]);
        m.Op(BuiltinOperator.ADD, [i, m.Ints([1], [3])], [j], Tag.Add, Byte(0, 0));
        m.Op(BuiltinOperator.CAST, [j], [y]);
        var model = m.Output(y).Build();
        var want = Harness.RunReference(model, m.Inputs);
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = Backend.Delegate, AllowDelegateFallback = false });
        var report = interp.DelegationReport!;
        Assert.Equal([0], Assert.Single(report.Partitions));
        var add = report.NodesOnCpu.Single(n => n.NodeIndex == 2);
        Assert.Contains("int32", add.Reason);
        Assert.Equal(want[0], Harness.Run(interp, m.Inputs)[0]);
    }

    [SkippableFact]
    public void AcceleratorThatCannotStartFallsBackToTheCpu()
    {
        var m = ConvRefusedConv(3);
        var model = m.Build();
        var want = Harness.RunReference(model, m.Inputs);
        using var gpu = Backend.Create(o => o with { StartFailure = () => new InvalidOperationException("simulated: no device") });
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = gpu });
        var report = interp.DelegationReport!;
        Assert.Contains("simulated: no device", report.FallbackReason);
        Assert.Empty(report.Partitions);
        Assert.Equal(4, report.NodesOnCpu.Count);
        Assert.All(report.NodesOnCpu.Where(n => n.NodeIndex != 1), n => Assert.Contains("could not start", n.Reason));
        Assert.Contains("fallback: the CPU runs everything", report.ToString());
        var got = Harness.Run(interp, m.Inputs);
        Assert.True(Harness.RelativeError(got[0], want[0]) <= 2e-5);
    }

    [SkippableFact]
    public void WithoutFallbackAnAcceleratorThatCannotStartIsAnError()
    {
        using var gpu = Backend.Create(o => o with { StartFailure = () => new InvalidOperationException("simulated: no device") });
        var e = Assert.Throws<GpuDelegateException>(() =>
            new Interpreter(Model.FromBytes(ConvRefusedConv().Build()), new InterpreterOptions { Delegate = gpu, AllowDelegateFallback = false }));
        Assert.Contains("simulated: no device", e.Message);
        Assert.False(GpuDelegate.TryCreate(gpu.Options, out var none, out var reason));
        Assert.Null(none);
        Assert.Contains("could not start", reason);
    }

    [SkippableFact]
    public void PartitionLimits()
    {
        var model = ConvRefusedConv().Build();
        using (var gpu = Backend.Create(o => o with { MinNodesPerPartition = 2 }))
        using (var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = gpu }))
        {
            var report = interp.DelegationReport!;
            Assert.Equal([2, 3], Assert.Single(report.Partitions));
            Assert.Contains("below the delegate's minimum of 2", report.NodesOnCpu.Single(n => n.NodeIndex == 0).Reason);
        }
        using (var gpu = Backend.Create(o => o with { MaxPartitions = 1 }))
        using (var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = gpu }))
        {
            var report = interp.DelegationReport!;
            Assert.Equal([2, 3], Assert.Single(report.Partitions));
            Assert.Contains("at most 1 partition", report.NodesOnCpu.Single(n => n.NodeIndex == 0).Reason);
        }
    }

    [SkippableFact]
    public void KernelsCompileWhenTheInterpreterIsBuiltAndStatisticsCountCopies()
    {
        var m = ConvRefusedConv(4);
        using var gpu = Backend.Create(o => o);
        using var interp = new Interpreter(Model.FromBytes(m.Build()), new InterpreterOptions { Delegate = gpu, AllowDelegateFallback = false });
        var device = gpu.EnsureDevice();
        int compiled = device.LoadedKernels.Count;
        double compileMs = gpu.Statistics.CompileMilliseconds;
        Assert.True(compiled >= 2, $"{compiled} kernels compiled at CreateKernel");
        for (int i = 0; i < 3; i++) Harness.Run(interp, m.Inputs);
        Assert.Equal(compiled, device.LoadedKernels.Count);
        Assert.Equal(compileMs, gpu.Statistics.CompileMilliseconds);

        var s = gpu.Statistics;
        Assert.Equal(3, s.Invokes);
        Assert.Equal(2, s.Partitions.Count);
        // Partition 0 uploads the input [1,9,8,3] and downloads a [1,9,8,6]; partition 1 uploads b [1,9,8,6], downloads d [1,9,8,5].
        Assert.Equal(3L * 4 * (9 * 8 * 3 + 9 * 8 * 6), s.UploadBytes);
        Assert.Equal(3L * 4 * (9 * 8 * 6 + 9 * 8 * 5), s.DownloadBytes);
        Assert.True(s.KernelMilliseconds > 0);
        Assert.True(s.WeightBytes >= 4 * (6 * 27 + 6 + 5 * 6 + 5));
        gpu.ResetStatistics();
        Assert.Equal(0, gpu.Statistics.Invokes);
    }

    [SkippableFact]
    public void ResizedInputIsPreparedAgain()
    {
        var m = new OpModel(5);
        int x = m.Input([1, 6, 6, 4]);
        int a = m.Value("a", [1, 6, 6, 4]), y = m.Value("y", [1, 3, 3, 4]);
        m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x, m.Const([1, 3, 3, 4]), m.Const([4])], [a], Tag.DepthwiseConv2D,
             Byte(0, Same), Int(1, 1), Int(2, 1), Int(3, 1), Byte(4, Relu));
        m.Op(BuiltinOperator.MAX_POOL_2D, [a], [y], Tag.Pool2D, Byte(0, Valid), Int(1, 2), Int(2, 2), Int(3, 2), Int(4, 2), Byte(5, 0));
        var model = m.Output(y).Build();
        using var interp = new Interpreter(Model.FromBytes(model), new InterpreterOptions { Delegate = Backend.Delegate, AllowDelegateFallback = false });
        using var cpu = new Interpreter(Model.FromBytes(model), new InterpreterOptions { UseReferenceKernels = true });
        foreach (var shape in new[] { new[] { 2, 10, 8, 4 }, new[] { 1, 6, 6, 4 } })
        {
            var input = Harness.Random(new Random(shape[1]), Harness.Count(shape));
            foreach (var it in new[] { interp, cpu })
            {
                it.ResizeInputTensor(0, shape);
                it.AllocateTensors();
                it.Inputs[0].CopyFrom<float>(input);
                it.Invoke();
            }
            Assert.Equal(cpu.Outputs[0].Shape.ToArray(), interp.Outputs[0].Shape.ToArray());
            Assert.True(Harness.RelativeError(interp.Outputs[0].ToArray<float>(), cpu.Outputs[0].ToArray<float>()) <= 2e-5);
        }
    }

    [SkippableFact]
    public void OneDelegateServesSeveralInterpretersOnSeveralThreads()
    {
        var m = ConvRefusedConv(8);
        var model = Model.FromBytes(m.Build());
        var want = Harness.RunReference(m.Build(), m.Inputs);
        var gpu = Backend.Delegate;
        var interps = Enumerable.Range(0, 3)
            .Select(_ => new Interpreter(model, new InterpreterOptions { Delegate = gpu, AllowDelegateFallback = false })).ToArray();
        try
        {
            Parallel.ForEach(interps, interp =>
            {
                for (int i = 0; i < 4; i++)
                {
                    var got = Harness.Run(interp, m.Inputs);
                    Assert.True(Harness.RelativeError(got[0], want[0]) <= 2e-5);
                }
            });
        }
        finally
        {
            foreach (var i in interps) i.Dispose();
        }
    }

    [SkippableFact]
    public void DisposedDelegateIsAnErrorNotACrash()
    {
        var m = ConvRefusedConv(9);
        var gpu = Backend.Create(o => o);
        using var interp = new Interpreter(Model.FromBytes(m.Build()), new InterpreterOptions { Delegate = gpu, AllowDelegateFallback = false });
        Harness.Run(interp, m.Inputs);
        gpu.Dispose();
        Assert.ThrowsAny<ObjectDisposedException>(() => interp.Invoke());
    }

    /// <summary>A CPU op whose output shape is only known when it runs (it copies its input, the shape set in Eval).</summary>
    private sealed class DynamicCopyOp : IOpKernel
    {
        public void Prepare(OpContext ctx) => ctx.MarkOutputDynamic(0);

        public void Eval(OpContext ctx)
        {
            var input = ctx.Input(0);
            ctx.ResizeOutput(0, input.Shape);
            input.GetData<float>().CopyTo(ctx.Output(0).GetWritableData<float>());
        }
    }

    [SkippableFact]
    public void PartitionReadingADataDependentShapeIsPreparedAtEveryInvoke()
    {
        var m = new OpModel(10);
        int x = m.Input([2, 5, 3]);
        int d = m.Value("d", [2, 5, 3]), y = m.Value("y", [2, 5, 3]);
        m.Custom("DynamicCopy", [x], [d], []);
        m.Op(BuiltinOperator.MUL, [d, m.Const([3])], [y], Tag.Mul, Byte(0, Relu));
        var model = Model.FromBytes(m.Output(y).Build());
        OpResolver Ops()
        {
            var ops = OpResolver.CreateBuiltin();
            ops.AddCustom("DynamicCopy", () => new DynamicCopyOp());
            return ops;
        }
        using var gpu = new Interpreter(model, new InterpreterOptions { OpResolver = Ops(), Delegate = Backend.Delegate, AllowDelegateFallback = false });
        using var cpu = new Interpreter(model, new InterpreterOptions { OpResolver = Ops() });
        Assert.Equal([1], Assert.Single(gpu.DelegationReport!.Partitions));
        foreach (var shape in new[] { new[] { 2, 5, 3 }, new[] { 4, 1, 3 }, new[] { 7, 9, 3 } })
        {
            var input = Harness.Random(new Random(shape[0]), Harness.Count(shape));
            foreach (var it in new[] { gpu, cpu })
            {
                it.ResizeInputTensor(0, shape);
                it.AllocateTensors();
                it.Inputs[0].CopyFrom<float>(input);
                it.Invoke();
            }
            Assert.Equal(shape, gpu.Outputs[0].Shape.ToArray());
            Assert.Equal(cpu.Outputs[0].ToArray<float>(), gpu.Outputs[0].ToArray<float>());
        }
    }

    [SkippableFact]
    public void InvalidModelFailsWithTheCpuOperatorsError()
    {
        // A bias one element too long: the partition cannot prepare, its nodes go back to the CPU, whose CONV_2D names the fault.
        var m = new OpModel(11);
        int x = m.Input([1, 5, 5, 2]);
        int y = m.Value("y", [1, 5, 5, 4]);
        m.Op(BuiltinOperator.CONV_2D, [x, m.Const([4, 3, 3, 2]), m.Const([5])], [y], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, 0));
        using var interp = new Interpreter(Model.FromBytes(m.Output(y).Build()), new InterpreterOptions { Delegate = Backend.Delegate });
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains("bias", e.Message);
        Assert.Contains("bias has 5 elements, expected 4", interp.DelegationReport!.FallbackReason);
    }

    [SkippableFact]
    public void Fp16StorageOfWeights()
    {
        var m = new OpModel(6);
        int x = m.Input([1, 12, 12, 8]);
        int a = m.Value("a", [1, 12, 12, 16]), b = m.Value("b", [1, 12, 12, 16]), y = m.Value("y", [1, 10]);
        m.Op(BuiltinOperator.CONV_2D, [x, m.Const([16, 3, 3, 8]), m.Const([16])], [a], Tag.Conv2D, Byte(0, Same), Int(1, 1), Int(2, 1), Byte(3, Relu));
        m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [a, m.Const([1, 3, 3, 16]), m.Const([16])], [b], Tag.DepthwiseConv2D,
             Byte(0, Same), Int(1, 1), Int(2, 1), Int(3, 1), Byte(4, 0));
        m.Op(BuiltinOperator.FULLY_CONNECTED, [b, m.Const([10, 12 * 12 * 16], 0.05f), m.Const([10])], [y], Tag.FullyConnected, Byte(0, 0));
        var model = m.Output(y).Build();
        var want = Harness.RunReference(model, m.Inputs);
        using var gpu = Backend.Create(o => o with { Precision = GpuPrecision.Fp16Storage });
        var got = Harness.RunGpu(model, m.Inputs, gpu);
        Assert.Equal(GpuPrecision.Fp16Storage, gpu.EffectivePrecision);
        double err = Harness.RelativeError(got[0], want[0]);
        Assert.True(err <= 5e-3, $"fp16 weights: relative error {err:E3}");
        Assert.True(err > 0, "fp16 storage should round the random float32 weights");
        // Half the weight bytes of float32 storage (biases stay float32).
        long halfBytes = gpu.Statistics.WeightBytes;
        using var f32 = Backend.Create(o => o);
        Harness.RunGpu(model, m.Inputs, f32);
        Assert.True(halfBytes < 0.6 * f32.Statistics.WeightBytes, $"{halfBytes} vs {f32.Statistics.WeightBytes} bytes");
    }
}

public sealed class CpuAcceleratorDelegationTests : DelegationTests
{
    protected override GpuBackend Backend => GpuBackend.Cpu;

    [SkippableFact]
    public void CudaRequestedWithoutCudaFallsBackWithAClearReason()
    {
        Skip.If(GpuDelegate.TryCreate(new GpuDelegateOptions { Accelerator = GpuAccelerator.Cuda }, out var cuda, out _) && cuda is not null,
            "a CUDA device is present here");
        using var gpu = new GpuDelegate(new GpuDelegateOptions { Accelerator = GpuAccelerator.Cuda });
        using var interp = new Interpreter(Model.FromBytes(ConvRefusedConv().Build()), new InterpreterOptions { Delegate = gpu });
        Assert.Contains("no CUDA device found", interp.DelegationReport!.FallbackReason);
        Assert.Null(gpu.ActiveAccelerator);
    }
}

public sealed class CudaDelegationTests : DelegationTests
{
    protected override GpuBackend Backend => GpuBackend.Cuda;
}
