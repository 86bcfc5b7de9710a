using ManagedLite.Delegates;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using ManagedLite.Tests;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Delegates;

public class DelegateTests
{
    private static readonly OptionField[] NoActivation = [new(0, OptionKind.Byte, 0)];

    /// <summary>x -> ADD(x, c1) -> TANH -> MUL(., c2) -> LOGISTIC -> SUB(., c3) -> out: the delegate takes ADD/MUL/SUB only.</summary>
    private static byte[] Chain(int n = 8)
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, n);
        int c1 = m.ConstFloat("c1", [1, n], Enumerable.Range(0, n).Select(i => 0.1f * i).ToArray());
        int c2 = m.ConstFloat("c2", [1, n], Enumerable.Range(0, n).Select(i => 1f + 0.5f * i).ToArray());
        int c3 = m.ConstFloat("c3", [1, n], Enumerable.Range(0, n).Select(i => -0.25f * i).ToArray());
        int a = m.Input("a", TensorType.Float32, 1, n), t = m.Input("t", TensorType.Float32, 1, n);
        int b = m.Input("b", TensorType.Float32, 1, n), l = m.Input("l", TensorType.Float32, 1, n);
        int o = m.Input("out", TensorType.Float32, 1, n);
        m.Op(BuiltinOperator.ADD, [x, c1], [a], 1, 11, NoActivation).Op(BuiltinOperator.TANH, [a], [t])
         .Op(BuiltinOperator.MUL, [t, c2], [b], 1, 21, NoActivation).Op(BuiltinOperator.LOGISTIC, [b], [l])
         .Op(BuiltinOperator.SUB, [l, c3], [o], 1, 28, NoActivation).Inputs(x).Outputs(o);
        return m.Build();
    }

    private static float[] Run(byte[] model, IDelegate? dlg, float[] x, out Interpreter interp, InterpreterOptions? options = null)
    {
        options ??= new InterpreterOptions();
        options.Delegate = dlg;
        interp = new Interpreter(Model.FromBytes(model), options);
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke();
        return interp.Outputs[0].ToArray<float>();
    }

    private static readonly float[] X = [0.5f, -1, 2, -0.25f, 3, -2, 0.125f, 1];

    [Fact]
    public void UnsupportedNodesStayOnTheCpuAndTheReportSaysWhy()
    {
        var cpu = Run(Chain(), null, X, out var plain);
        plain.Dispose();
        var dlg = new OperatorSetDelegate(BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.SUB);
        var got = Run(Chain(), dlg, X, out var interp);
        using (interp)
        {
            Assert.Equal(cpu, got);
            var report = interp.DelegationReport!;
            Assert.Equal(3, report.Partitions.Count); // ADD | TANH | MUL | LOGISTIC | SUB: three runs of one node
            Assert.Equal([1, 3], report.NodesOnCpu.Select(c => c.NodeIndex));
            Assert.Contains("TANH is not one of the test delegate's operators", report.NodesOnCpu[0].Reason);
            Assert.False(report.IsFullyDelegated);
            Assert.Equal(3, dlg.KernelsCreated);
            interp.Invoke();
            Assert.Equal(6, dlg.Invocations);
            Assert.Equal(5, interp.ExecutionPlanLength);
        }
    }

    [Fact]
    public void ConsecutiveSupportedNodesFormOnePartitionWithBorderTensorsOnly()
    {
        var dlg = new OperatorSetDelegate(BuiltinOperator.ADD, BuiltinOperator.TANH, BuiltinOperator.MUL);
        var cpu = Run(Chain(), null, X, out var plain);
        plain.Dispose();
        var got = Run(Chain(), dlg, X, out var interp);
        using (interp)
        {
            Assert.Equal(cpu, got);
            var p = Assert.Single(dlg.Partitions);
            Assert.Equal(3, p.Nodes.Count);
            Assert.Equal(["x"], p.Inputs.Select(t => t.Name));   // constants stay with the delegate, not the border
            Assert.Equal(["b"], p.Outputs.Select(t => t.Name));  // a and t live inside the partition
            Assert.Equal(3, interp.ExecutionPlanLength);          // partition, LOGISTIC, SUB
        }
    }

    [Fact]
    public void FullyDelegatedModelsSaySo()
    {
        var dlg = new OperatorSetDelegate(BuiltinOperator.ADD, BuiltinOperator.TANH, BuiltinOperator.MUL, BuiltinOperator.LOGISTIC, BuiltinOperator.SUB);
        Run(Chain(), dlg, X, out var interp);
        using (interp)
        {
            Assert.True(interp.DelegationReport!.IsFullyDelegated);
            Assert.Equal(1, interp.ExecutionPlanLength);
        }
    }

    [Fact]
    public void PartitionLimitsKeepSmallOrExtraPartitionsOnTheCpu()
    {
        var all = new[] { BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.SUB };
        var min2 = new OperatorSetDelegate(all) { PartitionOptions = new DelegatePartitionOptions { MinNodesPerPartition = 2 } };
        Run(Chain(), min2, X, out var a);
        using (a)
        {
            Assert.Empty(a.DelegationReport!.Partitions);
            Assert.Contains(a.DelegationReport.NodesOnCpu, c => c.Reason.Contains("below the delegate's minimum of 2"));
        }
        var max1 = new OperatorSetDelegate(all) { PartitionOptions = new DelegatePartitionOptions { MaxPartitions = 1 } };
        Run(Chain(), max1, X, out var b);
        using (b) Assert.Single(b.DelegationReport!.Partitions);
    }

    [Fact]
    public void ADelegateThatCannotStartFallsBackToTheCpu()
    {
        var cpu = Run(Chain(), null, X, out var plain);
        plain.Dispose();
        var broken = new OperatorSetDelegate(BuiltinOperator.ADD, BuiltinOperator.TANH) { FailCreate = _ => new NotSupportedException("no device") };
        var got = Run(Chain(), broken, X, out var interp);
        using (interp)
        {
            Assert.Equal(cpu, got);
            Assert.Contains("no device", interp.DelegationReport!.FallbackReason);
            Assert.Empty(interp.DelegationReport.Partitions);
        }
        Assert.Throws<NotSupportedException>(() => Run(Chain(), broken, X, out _, new InterpreterOptions { AllowDelegateFallback = false }));
    }

    [Fact]
    public void ADelegateThatFailsToPrepareFallsBackToTheCpu()
    {
        var cpu = Run(Chain(), null, X, out var plain);
        plain.Dispose();
        var flaky = new OperatorSetDelegate(BuiltinOperator.ADD, BuiltinOperator.TANH) { FailPrepare = true };
        var got = Run(Chain(), flaky, X, out var interp);
        using (interp)
        {
            Assert.Equal(cpu, got);
            Assert.Contains("device lost", interp.DelegationReport!.FallbackReason);
            Assert.Equal(5, interp.ExecutionPlanLength);
        }
    }

    [SkippableFact]
    public void ARealModelThroughThePartitionerMatchesTheCpu()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "src", "Cli", "Models", "face_detection_short_range.tflite");
        var model = Model.FromFile(path);
        using var cpu = new Interpreter(model);
        ManagedLite.IO.SeededInputs.FillInputs(cpu, 5);
        cpu.Invoke();
        // Convolutions and additions on the "device" (reference kernels), everything else on the CPU.
        var dlg = new OperatorSetDelegate(BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOperator.ADD);
        using var split = new Interpreter(model, new InterpreterOptions { Delegate = dlg });
        ManagedLite.IO.SeededInputs.FillInputs(split, 5);
        split.Invoke();
        Assert.True(split.DelegationReport!.Partitions.Count >= 2);
        Assert.NotEmpty(split.DelegationReport.NodesOnCpu);
        for (int j = 0; j < cpu.Outputs.Count; j++)
        {
            var a = cpu.Outputs[j].ToArray<float>();
            var b = split.Outputs[j].ToArray<float>();
            double scale = Math.Max(1, a.Max(v => Math.Abs(v)));
            Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-4 * scale), $"output {j} differs beyond rounding");
        }
    }
}
