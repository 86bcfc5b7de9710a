using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using Xunit;
using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Runtime.Tests.Graph;


public class InterpreterTests
{
    /// <summary>out = relu(a + b) through ADD then RELU, both [1, n].</summary>
    private static Model AddRelu(int n = 4)
    {
        var b = new TestModelBuilder();
        int add = b.AddOperatorCode(BuiltinOperator.ADD);
        int relu = b.AddOperatorCode(BuiltinOperator.RELU);
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors =
            {
                new() { Name = "a", Shape = [1, n], ShapeSignature = [-1, n] },
                new() { Name = "b", Shape = [1, n], ShapeSignature = [-1, n] },
                new() { Name = "sum", Shape = [1, n] },
                new() { Name = "out", Shape = [1, n] },
            },
            Inputs = [0, 1],
            Outputs = [3],
            Operators =
            {
                new() { OpcodeIndex = (uint)add, Inputs = [0, 1], Outputs = [2], OptionsType = G.BuiltinOptions.AddOptions,
                        Options = fb => G.AddOptions.CreateAddOptions(fb, G.ActivationFunctionType.NONE).Value },
                new() { OpcodeIndex = (uint)relu, Inputs = [2], Outputs = [3] },
            },
        });
        b.Signatures.Add(new TestModelBuilder.SignatureSpec { Key = "serving_default", Inputs = { ("x", 0), ("y", 1) }, Outputs = { ("z", 3) } });
        return Model.FromBytes(b.Build());
    }

    [Fact]
    public void RunsAGraph()
    {
        using var interp = new Interpreter(AddRelu());
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, -2f, 3f, -4f]);
        interp.Inputs[1].CopyFrom<float>([0.5f, 0.5f, -5f, 10f]);
        interp.Invoke();
        Assert.Equal(new[] { 1.5f, 0f, 0f, 6f }, interp.Outputs[0].ToArray<float>());
        Assert.Equal("out", interp.Outputs[0].Name);
        Assert.Equal(new[] { -1, 4 }, interp.Inputs[0].ShapeSignature.ToArray());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void OptionsGiveTheSameResult(bool fusion, bool reference)
    {
        using var interp = new Interpreter(AddRelu(), new InterpreterOptions { EnableFusion = fusion, UseReferenceKernels = reference });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, -2f, 3f, -4f]);
        interp.Inputs[1].CopyFrom<float>([0.5f, 0.5f, -5f, 10f]);
        interp.Invoke();
        Assert.Equal(new[] { 1.5f, 0f, 0f, 6f }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void FusionRemovesTheActivationNode()
    {
        using var fused = new Interpreter(AddRelu(), new InterpreterOptions { EnableFusion = true });
        using var plain = new Interpreter(AddRelu(), new InterpreterOptions { EnableFusion = false });
        Assert.Equal(2, plain.ExecutionPlanLength);
        // The RELU after ADD is fused into it: one node left.
        Assert.Equal(1, fused.ExecutionPlanLength);
    }

    [Fact]
    public void ResizeInputPropagatesShapes()
    {
        using var interp = new Interpreter(AddRelu());
        interp.ResizeInputTensor(0, [3, 4]);
        interp.ResizeInputTensor(1, [3, 4]);
        interp.AllocateTensors();
        Assert.Equal(new[] { 3, 4 }, interp.Outputs[0].Shape.ToArray());
        interp.Inputs[0].CopyFrom<float>(Enumerable.Range(0, 12).Select(i => (float)i - 6).ToArray());
        interp.Inputs[1].CopyFrom<float>(new float[12]);
        interp.Invoke();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Math.Max(0f, i - 6f)).ToArray(), interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void ResizeToAFixedDimensionIsRejected()
    {
        using var interp = new Interpreter(AddRelu());
        var ex = Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [1, 5]));
        Assert.Contains("'a'", ex.Message);
        Assert.Contains("fixed at 4", ex.Message);
        Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [4]));
    }

    [Fact]
    public void PreserveAllTensorsKeepsIntermediates()
    {
        using var interp = new Interpreter(AddRelu(), new InterpreterOptions { PreserveAllTensors = true, EnableFusion = false });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, -2f, 3f, -4f]);
        interp.Inputs[1].CopyFrom<float>([1f, 1f, 1f, 1f]);
        interp.Invoke();
        Assert.Equal(new[] { 2f, -1f, 4f, -3f }, interp.Tensors[2].ToArray<float>());
    }

    /// <summary>x -> RELU -> t1 -> RELU -> t2 -> RELU -> out, float [1, n].</summary>
    private static Model ReluChain(int n)
    {
        var m = new ManagedLite.Robustness.TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, n);
        int t1 = m.Input("t1", TensorType.Float32, 1, n);
        int t2 = m.Input("t2", TensorType.Float32, 1, n);
        int o = m.Input("out", TensorType.Float32, 1, n);
        return Model.FromBytes(m.Op(BuiltinOperator.RELU, [x], [t1]).Op(BuiltinOperator.RELU, [t1], [t2]).Op(BuiltinOperator.RELU, [t2], [o])
            .Inputs(x).Outputs(o).Build());
    }

    /// <summary>
    /// Arena tensors start on 64-byte boundaries (the planner aligns offsets and the arena is pinned at an aligned base), so
    /// kernels' 512-bit loads never straddle cache lines; odd sizes (3 x 5 floats) keep the following offsets aligned too.
    /// </summary>
    [Theory]
    [InlineData(256)]
    [InlineData(15)]
    public unsafe void ArenaTensorsAre64ByteAligned(int n)
    {
        using var interp = new Interpreter(ReluChain(n), new InterpreterOptions { EnableFusion = false, PreserveAllTensors = true });
        interp.AllocateTensors();
        foreach (var t in interp.Inputs.Concat(interp.Outputs))
        {
            long address = (long)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(t.WritableBytes));
            Assert.True(address % 64 == 0, $"tensor '{t.Name}' starts at {address:X}, {address % 64} bytes past a 64-byte boundary");
        }
        interp.Invoke();
    }

    [Fact]
    public void ArenaReusesMemoryAcrossLifetimes()
    {
        using var interp = new Interpreter(ReluChain(256), new InterpreterOptions { EnableFusion = false });
        interp.AllocateTensors();
        // x lives for the whole invoke; t1 at steps 0..1, t2 at 1..2, out at 2..end: out reuses t1's space.
        Assert.Equal(3 * 1024, interp.ArenaBytes);
        using var all = new Interpreter(ReluChain(256), new InterpreterOptions { EnableFusion = false, PreserveAllTensors = true });
        all.AllocateTensors();
        Assert.Equal(4 * 1024, all.ArenaBytes);
    }

    [Fact]
    public void InputsKeepTheirValuesAcrossInvokes()
    {
        using var interp = new Interpreter(ReluChain(256), new InterpreterOptions { EnableFusion = false });
        var x = Enumerable.Range(0, 256).Select(i => (float)(i % 7) - 3f).ToArray();
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(x);
        interp.Invoke();
        var first = interp.Outputs[0].ToArray<float>();
        for (int k = 0; k < 3; k++)
        {
            interp.Invoke();
            Assert.Equal(x, interp.Inputs[0].ToArray<float>());
            Assert.Equal(first, interp.Outputs[0].ToArray<float>());
        }
        Assert.Equal(x.Select(v => MathF.Max(v, 0)).ToArray(), first);
    }

    [Fact]
    public void SignatureRunnerUsesSignatureNames()
    {
        using var interp = new Interpreter(AddRelu());
        Assert.Equal(new[] { "serving_default" }, interp.SignatureKeys);
        var runner = interp.GetSignatureRunner("serving_default");
        runner.AllocateTensors();
        runner.GetInput("x").CopyFrom<float>([1f, 2f, 3f, 4f]);
        runner.GetInput("y").CopyFrom<float>([1f, 1f, 1f, 1f]);
        runner.Invoke();
        Assert.Equal(new[] { 2f, 3f, 4f, 5f }, runner.GetOutput("z").ToArray<float>());
        Assert.Throws<KeyNotFoundException>(() => runner.GetInput("nope"));
        Assert.Throws<KeyNotFoundException>(() => interp.GetSignatureRunner("nope"));
    }

    [Fact]
    public void WrongElementTypeIsAnError()
    {
        using var interp = new Interpreter(AddRelu());
        interp.AllocateTensors();
        var ex = Assert.Throws<TensorException>(() => interp.Inputs[0].GetData<int>());
        Assert.Contains("float32", ex.Message);
        Assert.Throws<TensorException>(() => interp.Inputs[0].CopyFrom<float>([1f, 2f]));
    }

    [Fact]
    public void ReadingOutputsBeforeInvokeIsAnError()
    {
        using var interp = new Interpreter(AddRelu());
        interp.AllocateTensors();
        var ex = Assert.Throws<TensorException>(() => interp.Outputs[0].GetData<float>());
        Assert.Contains("Invoke", ex.Message);
    }

    [Fact]
    public void InvokeAfterDisposeIsAnError()
    {
        var interp = new Interpreter(AddRelu());
        interp.Dispose();
        Assert.Throws<ObjectDisposedException>(() => interp.Invoke());
    }

    [Fact]
    public void UnsupportedOperatorsAreListedAllAtOnce()
    {
        var b = new TestModelBuilder();
        int custom1 = b.AddOperatorCode(BuiltinOperator.CUSTOM, 1, "NoSuchOp");
        int custom2 = b.AddOperatorCode(BuiltinOperator.CUSTOM, 2, "OtherOp");
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors = { new() { Name = "x", Shape = [2] }, new() { Name = "y", Shape = [2] }, new() { Name = "z", Shape = [2] } },
            Inputs = [0], Outputs = [2],
            Operators =
            {
                new() { OpcodeIndex = (uint)custom1, Inputs = [0], Outputs = [1] },
                new() { OpcodeIndex = (uint)custom2, Inputs = [1], Outputs = [2] },
            },
        });
        var model = Model.FromBytes(b.Build());
        var ex = Assert.Throws<UnsupportedOperatorException>(() => new Interpreter(model));
        Assert.Equal(2, ex.Operators.Count);
        Assert.Contains("custom op NoSuchOp v1 at node 0", ex.Message);
        Assert.Contains("custom op OtherOp v2 at node 1", ex.Message);
    }

    /// <summary>A custom operator written in C#: y = x * 2 + options[0].</summary>
    private sealed class TimesTwoPlus : IOpKernel
    {
        private float _add;
        public void Prepare(OpContext context)
        {
            var x = context.Input(0);
            if (x.DataType != TensorType.Float32) throw context.Fail($"input '{x.Name}' must be float32");
            _add = context.CustomOptions.Length > 0 ? context.CustomOptions[0] : 0;
            context.ResizeOutput(0, x.Shape);
        }

        public void Eval(OpContext context)
        {
            var x = context.Input(0).GetData<float>();
            var y = context.Output(0).GetWritableData<float>();
            for (int i = 0; i < x.Length; i++) y[i] = x[i] * 2 + _add;
        }
    }

    [Fact]
    public void CustomOperatorsWrittenInCSharpRun()
    {
        var b = new TestModelBuilder();
        int op = b.AddOperatorCode(BuiltinOperator.CUSTOM, 1, "TimesTwoPlus");
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors = { new() { Name = "x", Shape = [3] }, new() { Name = "y", Shape = [3] } },
            Inputs = [0], Outputs = [1],
            Operators = { new() { OpcodeIndex = (uint)op, Inputs = [0], Outputs = [1], CustomOptions = [7] } },
        });
        var model = Model.FromBytes(b.Build());
        var ops = OpResolver.CreateBuiltin();
        ops.AddCustom("TimesTwoPlus", () => new TimesTwoPlus());
        using var interp = new Interpreter(model, new InterpreterOptions { OpResolver = ops });
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, 2f, 3f]);
        interp.Invoke();
        Assert.Equal(new[] { 9f, 11f, 13f }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void ConstantSubgraphsAreFoldedOnce()
    {
        // out = x + dequantize(fp16 constant): the DEQUANTIZE runs at preparation, not in the plan.
        var b = new TestModelBuilder();
        int deq = b.AddOperatorCode(BuiltinOperator.DEQUANTIZE, 2);
        int add = b.AddOperatorCode(BuiltinOperator.ADD);
        uint buf = b.AddBuffer(new[] { (Half)1.5f, (Half)(-2f) });
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors =
            {
                new() { Name = "w16", Type = G.TensorType.FLOAT16, Shape = [2], Buffer = buf },
                new() { Name = "w", Shape = [2] },
                new() { Name = "x", Shape = [2] },
                new() { Name = "out", Shape = [2] },
            },
            Inputs = [2], Outputs = [3],
            Operators =
            {
                new() { OpcodeIndex = (uint)deq, Inputs = [0], Outputs = [1] },
                new() { OpcodeIndex = (uint)add, Inputs = [2, 1], Outputs = [3], OptionsType = G.BuiltinOptions.AddOptions,
                        Options = fb => G.AddOptions.CreateAddOptions(fb).Value },
            },
        });
        using var interp = new Interpreter(Model.FromBytes(b.Build()));
        Assert.Equal(1, interp.ExecutionPlanLength);
        Assert.True(interp.Tensors[1].IsConstant);
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([1f, 1f]);
        interp.Invoke();
        Assert.Equal(new[] { 2.5f, -1f }, interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void ReadingATensorNothingWritesIsAModelError()
    {
        var b = new TestModelBuilder();
        int add = b.AddOperatorCode(BuiltinOperator.ADD);
        b.SubGraphs.Add(new TestModelBuilder.SubGraphSpec
        {
            Tensors = { new() { Name = "x", Shape = [2] }, new() { Name = "ghost", Shape = [2] }, new() { Name = "out", Shape = [2] } },
            Inputs = [0], Outputs = [2],
            Operators = { new() { OpcodeIndex = (uint)add, Inputs = [0, 1], Outputs = [2] } },
        });
        var ex = Assert.Throws<ModelFormatException>(() => new Interpreter(Model.FromBytes(b.Build())));
        Assert.Contains("'ghost'", ex.Message);
    }

    [SkippableFact]
    public void ComputeBudgetIsCheckedBeforeRunning()
    {
        string? root = ManagedLite.Tests.TestPaths.Conformance;
        Skip.If(root is null, "../shared/conformance is absent");
        var model = Model.FromFile(Path.Combine(root!, "models", "person_detect.tflite"));
        using (var ok = new Interpreter(model)) ok.AllocateTensors(); // unlimited by default
        using var limited = new Interpreter(model, new InterpreterOptions { MaxMacsPerInvoke = 1_000_000 });
        var ex = Assert.Throws<ResourceLimitException>(() => limited.AllocateTensors());
        Assert.Contains("MaxMacsPerInvoke", ex.Message);
        using var roomy = new Interpreter(model, new InterpreterOptions { MaxMacsPerInvoke = 100_000_000 });
        roomy.AllocateTensors(); // person_detect needs about 7 million multiply-adds
    }
}
