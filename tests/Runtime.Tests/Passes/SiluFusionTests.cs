using ManagedLite.Schema;
using ManagedLite.Robustness;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Tests.Passes;

/// <summary>
/// "fuse-silu": a float32 MUL of x by LOGISTIC(x) (either operand order, with or without a fused activation) is folded
/// into the LOGISTIC, and the outputs equal those of the unfused graph bit for bit, on 1, 2 and 3 threads, with the
/// optimized and the reference kernels; the pass leaves the pair alone when the sigmoid has another reader or is a graph
/// output, when the MUL's other operand is not the LOGISTIC's input (squeeze-excite's broadcast gate), on 8-bit data and
/// with a dynamic dimension; its off switch and <see cref="InterpreterOptions.EnableFusion"/> keep both nodes.
/// </summary>
public class SiluFusionTests
{
    private const byte MulOptions = 21, ReducerOptions = 27;

    private static OptionField Act(ActivationFunctionType a) => new(0, OptionKind.Byte, (int)a);

    /// <summary>x [1,64,64,16] (65536 elements: split across threads) -> LOGISTIC -> MUL(x, s) or MUL(s, x) -> y.</summary>
    private static byte[] Silu(bool sigmoidFirst = false, ActivationFunctionType act = ActivationFunctionType.None,
                               bool sigmoidIsOutput = false, bool sigmoidHasOtherReader = false, int[]? signature = null)
    {
        int[] shape = [1, 64, 64, 16];
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, shape, signature: signature);
        int s = m.Input("sigmoid", TensorType.Float32, shape);
        int y = m.Input("y", TensorType.Float32, shape);
        m.Op(BuiltinOperator.LOGISTIC, [x], [s]);
        m.Op(BuiltinOperator.MUL, sigmoidFirst ? [s, x] : [x, s], [y], 1, MulOptions, Act(act));
        if (sigmoidHasOtherReader)
        {
            int z = m.Input("z", TensorType.Float32, shape);
            m.Op(BuiltinOperator.ADD, [s, y], [z], 1, 11, Act(ActivationFunctionType.None));
            return m.Inputs(x).Outputs(z).Build();
        }
        return sigmoidIsOutput ? m.Inputs(x).Outputs(y, s).Build() : m.Inputs(x).Outputs(y).Build();
    }

    /// <summary>Two SiLUs in a row, the second's output read by a MUL with a constant (the fused output feeds a later node).</summary>
    private static byte[] Chain()
    {
        int[] shape = [1, 9, 7, 5];
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, shape);
        int s1 = m.Input("s1", TensorType.Float32, shape), y1 = m.Input("y1", TensorType.Float32, shape);
        int s2 = m.Input("s2", TensorType.Float32, shape), y2 = m.Input("y2", TensorType.Float32, shape);
        int k = m.ConstFloat("k", [5], 0.5f, -1f, 2f, 3f, -0.25f);
        int z = m.Input("z", TensorType.Float32, shape);
        return m.Op(BuiltinOperator.LOGISTIC, [x], [s1])
                .Op(BuiltinOperator.MUL, [x, s1], [y1], 1, MulOptions, Act(ActivationFunctionType.None))
                .Op(BuiltinOperator.LOGISTIC, [y1], [s2])
                .Op(BuiltinOperator.MUL, [s2, y1], [y2], 1, MulOptions, Act(ActivationFunctionType.None))
                .Op(BuiltinOperator.MUL, [y2, k], [z], 1, MulOptions, Act(ActivationFunctionType.None))
                .Inputs(x).Outputs(z).Build();
    }

    /// <summary>Squeeze-excite: x * LOGISTIC(MEAN(x)) broadcasts a [1,1,1,C] gate; the LOGISTIC's input is not x.</summary>
    private static byte[] SqueezeExcite()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 8, 8, 16);
        int axes = m.ConstInt("axes", [2], 1, 2);
        int mean = m.Input("mean", TensorType.Float32, 1, 1, 1, 16);
        int s = m.Input("gate", TensorType.Float32, 1, 1, 1, 16);
        int y = m.Input("y", TensorType.Float32, 1, 8, 8, 16);
        return m.Op(BuiltinOperator.MEAN, [x, axes], [mean], 1, ReducerOptions, new OptionField(0, OptionKind.Bool, 1))
                .Op(BuiltinOperator.LOGISTIC, [mean], [s])
                .Op(BuiltinOperator.MUL, [x, s], [y], 1, MulOptions, Act(ActivationFunctionType.None))
                .Inputs(x).Outputs(y).Build();
    }

    /// <summary>int8 x -> LOGISTIC (scale 1/256, zero point -128) -> MUL(x, s).</summary>
    private static byte[] QuantizedSilu()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Int8, [1, 16, 16, 8], scale: [0.05f], zeroPoint: [3]);
        int s = m.Tensor("sigmoid", TensorType.Int8, [1, 16, 16, 8], scale: [1f / 256], zeroPoint: [-128]);
        int y = m.Tensor("y", TensorType.Int8, [1, 16, 16, 8], scale: [0.04f], zeroPoint: [-2]);
        return m.Op(BuiltinOperator.LOGISTIC, [x], [s])
                .Op(BuiltinOperator.MUL, [x, s], [y], 1, MulOptions, Act(ActivationFunctionType.None))
                .Inputs(x).Outputs(y).Build();
    }

    private static (byte[][] Outputs, int Nodes) Run(byte[] bytes, InterpreterOptions options, bool extremes = false)
    {
        using var it = new Interpreter(Model.FromBytes(bytes), options);
        it.AllocateTensors();
        var input = it.Inputs[0];
        if (input.DataType == TensorType.Float32)
        {
            var rng = new Random(11);
            var data = input.GetWritableData<float>();
            for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 24 - 12);
            if (extremes)
            {
                float[] special = [100f, -100f, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, -9f, 16.7f, 1e-30f];
                for (int i = 0; i < special.Length; i++)
                {
                    data[i * 131 % data.Length] = special[i];
                    data[data.Length - 1 - i] = special[i];
                }
            }
        }
        else new Random(11).NextBytes(input.WritableBytes);
        it.Invoke();
        return (it.Outputs.Select(t => t.RawBytes.ToArray()).ToArray(), it.ExecutionPlanLength);
    }

    private static InterpreterOptions Off(int threads = 1, bool reference = false)
    {
        var o = new InterpreterOptions { Threads = threads, UseReferenceKernels = reference };
        o.DisabledPasses.Add("fuse-silu");
        return o;
    }

    private static void AssertSame(byte[][] want, byte[][] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        for (int j = 0; j < want.Length; j++)
            Assert.True(want[j].AsSpan().SequenceEqual(got[j]), $"{what}: output {j} differs");
    }

    [Theory]
    [InlineData(false, ActivationFunctionType.None)]
    [InlineData(true, ActivationFunctionType.None)]
    [InlineData(false, ActivationFunctionType.Relu6)]
    [InlineData(true, ActivationFunctionType.ReluN1To1)]
    public void FusesLogisticAndMulExactly(bool sigmoidFirst, ActivationFunctionType act)
    {
        var bytes = Silu(sigmoidFirst, act);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var fused = Run(bytes, new InterpreterOptions { Threads = threads }, extremes: true);
            var unfused = Run(bytes, Off(threads), extremes: true);
            Assert.Equal(1, fused.Nodes);
            Assert.Equal(2, unfused.Nodes);
            AssertSame(unfused.Outputs, fused.Outputs, $"{threads} threads");
        }
        var reference = Run(bytes, new InterpreterOptions { UseReferenceKernels = true }, extremes: true);
        Assert.Equal(1, reference.Nodes);
        AssertSame(Run(bytes, Off(reference: true), extremes: true).Outputs, reference.Outputs, "reference kernels");
    }

    /// <summary>The optimized fused node against the reference kernels with every fusion off: LOGISTIC's vector exp, within 1e-6 relative.</summary>
    [Fact]
    public void FusedMatchesUnfusedReferenceWithinTolerance()
    {
        var bytes = Silu();
        var fused = Run(bytes, new InterpreterOptions());
        var reference = Run(bytes, new InterpreterOptions { UseReferenceKernels = true, EnableFusion = false });
        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(fused.Outputs[0]);
        var b = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reference.Outputs[0]);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6f * Math.Max(Math.Abs(b[i]), 1e-3f), $"element {i}: {a[i]:R} vs reference {b[i]:R}");
    }

    [Fact]
    public void FusesAChainAndFeedsLaterNodes()
    {
        var bytes = Chain();
        var fused = Run(bytes, new InterpreterOptions());
        var unfused = Run(bytes, Off());
        Assert.Equal(3, fused.Nodes);
        Assert.Equal(5, unfused.Nodes);
        AssertSame(unfused.Outputs, fused.Outputs, "chain");
    }

    [Fact]
    public void KeepsASigmoidWithAnotherReader()
    {
        var bytes = Silu(sigmoidHasOtherReader: true);
        var result = Run(bytes, new InterpreterOptions());
        Assert.Equal(3, result.Nodes);
        AssertSame(Run(bytes, Off()).Outputs, result.Outputs, "other reader");
    }

    [Fact]
    public void KeepsASigmoidThatIsAGraphOutput()
    {
        var bytes = Silu(sigmoidIsOutput: true);
        var result = Run(bytes, new InterpreterOptions());
        Assert.Equal(2, result.Nodes);
        AssertSame(Run(bytes, Off()).Outputs, result.Outputs, "graph output");
    }

    [Fact]
    public void KeepsABroadcastGate()
    {
        var bytes = SqueezeExcite();
        var result = Run(bytes, new InterpreterOptions());
        Assert.Equal(3, result.Nodes);
        AssertSame(Run(bytes, Off()).Outputs, result.Outputs, "squeeze-excite");
    }

    [Fact]
    public void KeepsQuantizedPairs()
    {
        var bytes = QuantizedSilu();
        var result = Run(bytes, new InterpreterOptions());
        Assert.Equal(2, result.Nodes);
        AssertSame(Run(bytes, Off()).Outputs, result.Outputs, "int8");
    }

    [Fact]
    public void KeepsPairsWithADynamicDimension()
    {
        var bytes = Silu(signature: [-1, 64, 64, 16]);
        Assert.Equal(2, Run(bytes, new InterpreterOptions()).Nodes);
    }

    [Fact]
    public void OffSwitchesKeepBothNodes()
    {
        var bytes = Silu();
        Assert.Equal(1, Run(bytes, new InterpreterOptions()).Nodes);
        Assert.Equal(2, Run(bytes, Off()).Nodes);
        Assert.Equal(2, Run(bytes, new InterpreterOptions { EnableFusion = false }).Nodes);
        Assert.Contains(ManagedLite.Passes.GraphPasses.Pipeline, p => p.Name == "fuse-silu" && p.IsFusion);
    }
}
