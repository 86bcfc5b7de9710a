using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// ModelLimits (checked while reading) and InterpreterOptions.MaxArenaBytes (checked while preparing):
/// crossing a limit is a clear exception naming the limit, raised before the memory is allocated.
/// </summary>
public class LimitsTests
{
    private const byte CallOnceOptions = 103;

    /// <summary>x[rows, cols] -> RELU -> TANH: one intermediate of the same size as the input.</summary>
    private static byte[] TwoOps(int rows, int cols, bool dynamicRows = false)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [rows, cols], signature: dynamicRows ? [-1, cols] : null);
        int a = m.Input("relu", TensorType.Float32, rows, cols);
        int o = m.Input("tanh", TensorType.Float32, rows, cols);
        return m.Op(BuiltinOperator.RELU, [x], [a]).Op(BuiltinOperator.TANH, [a], [o]).Inputs(x).Outputs(o).Build();
    }

    private static long Allocated(Action a)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try { a(); }
        catch (Exception) { }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void ModelOverMaxModelBytesIsRejectedBeforeReading()
    {
        byte[] bytes = TwoOps(2, 2);
        var limits = new ModelLimits { MaxModelBytes = bytes.Length - 1 };
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes, limits));
        Assert.Contains("MaxModelBytes", e.Message);
        Model.FromBytes(bytes, limits with { MaxModelBytes = bytes.Length });

        string path = Path.Combine(Path.GetTempPath(), $"ml-limits-{Environment.ProcessId}-{Guid.NewGuid():N}.tflite");
        File.WriteAllBytes(path, bytes);
        try
        {
            var fe = Assert.Throws<ModelFormatException>(() => Model.FromFile(path, limits));
            Assert.Contains($"{bytes.Length} bytes", fe.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TensorOverMaxTensorBytesIsRejectedWhileReading()
    {
        byte[] bytes = TwoOps(1024, 1024); // 4 MiB float tensors
        var limits = new ModelLimits { MaxTensorBytes = 1 << 20 };
        ModelFormatException? e = null;
        long allocated = Allocated(() => e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes, limits)));
        Assert.NotNull(e);
        Assert.Contains("MaxTensorBytes", e!.Message);
        Assert.Contains("'x'", e.Message);
        Assert.True(allocated < (1 << 20), $"reading allocated {allocated} bytes");
        Assert.NotNull(Model.FromBytes(bytes, limits with { MaxTensorBytes = 4 << 20 }));
    }

    [Fact]
    public void HugeDeclaredShapeIsRejectedWithoutOverflow()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 65536, 65536, 65536, 65536);
        int o = m.Input("o", TensorType.Float32, 65536, 65536, 65536, 65536);
        byte[] bytes = m.Op(BuiltinOperator.RELU, [x], [o]).Inputs(x).Outputs(o).Build();
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes));
        Assert.Contains("MaxTensorBytes", e.Message);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void RankOverMaxRankIsRejected()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        int o = m.Input("o", TensorType.Float32, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        byte[] bytes = m.Op(BuiltinOperator.RELU, [x], [o]).Inputs(x).Outputs(o).Build();
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes));
        Assert.Contains("MaxRank", e.Message);
        Assert.NotNull(Model.FromBytes(bytes, new ModelLimits { MaxRank = 9 }));
        Assert.Throws<ModelFormatException>(() => Model.FromBytes(TwoOps(2, 2), new ModelLimits { MaxRank = 1 }));
    }

    /// <summary>Subgraph 0 calls 1 calls 2 ... calls <paramref name="depth"/>-1 through CALL_ONCE; the last may call back to <paramref name="cycleTo"/>.</summary>
    private static byte[] CallChain(int depth, int? cycleTo = null)
    {
        var graphs = new TinyModel[depth];
        for (int g = 0; g < depth; g++)
        {
            var m = new TinyModel();
            int x = m.Input("x", TensorType.Float32, 1);
            int o = m.Input("o", TensorType.Float32, 1);
            m.Op(BuiltinOperator.RELU, [x], [o]);
            int? target = g + 1 < depth ? g + 1 : cycleTo;
            if (target is int t)
                m.Op(BuiltinOperator.CALL_ONCE, [], [], 1, CallOnceOptions, new OptionField(0, OptionKind.Int, t));
            graphs[g] = m.Inputs(x).Outputs(o);
        }
        return graphs[0].Build(graphs[1..]);
    }

    [Fact]
    public void SubgraphNestingIsLimitedAndCyclesAreRejected()
    {
        Assert.NotNull(Model.FromBytes(CallChain(4), new ModelLimits { MaxSubgraphDepth = 4 }));
        var deep = Assert.Throws<ModelFormatException>(() => Model.FromBytes(CallChain(5), new ModelLimits { MaxSubgraphDepth = 4 }));
        Assert.Contains("MaxSubgraphDepth", deep.Message);
        Assert.Throws<ModelFormatException>(() => Model.FromBytes(CallChain(ModelLimits.Default.MaxSubgraphDepth + 1)));

        var cycle = Assert.Throws<ModelFormatException>(() => Model.FromBytes(CallChain(3, cycleTo: 0)));
        Assert.Contains("cycle", cycle.Message);
        var self = Assert.Throws<ModelFormatException>(() => Model.FromBytes(CallChain(1, cycleTo: 0)));
        Assert.Contains("cycle", self.Message);
    }

    [Fact]
    public void ArenaOverMaxMemoryBytesThrowsBeforeAllocating()
    {
        var model = Model.FromBytes(TwoOps(1024, 1024)); // needs three 4 MiB buffers
        using var interp = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 1 << 20 });
        ResourceLimitException? e = null;
        long allocated = Allocated(() => e = Assert.Throws<ResourceLimitException>(interp.AllocateTensors));
        Assert.Contains("MaxMemoryBytes", e!.Message);
        Assert.True(allocated < (1 << 20), $"AllocateTensors allocated {allocated} bytes before failing");
        Assert.Throws<ResourceLimitException>(interp.Invoke); // still not allocated: fails the same way

        using var ok = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 16 << 20 });
        ok.AllocateTensors();
        Assert.InRange(ok.ArenaBytes, 8 << 20, 16 << 20); // the input lives for the whole invoke: 3 buffers of 4 MiB
    }

    [Fact]
    public void ResizedInputOverTheLimitsIsRejectedAndTheInterpreterRecovers()
    {
        var model = Model.FromBytes(TwoOps(1, 4, dynamicRows: true), new ModelLimits { MaxTensorBytes = 1 << 20 });
        using var interp = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 64 << 20 });

        var e = Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [1 << 17, 4])); // 2 MiB: over MaxTensorBytes
        Assert.Contains("MaxTensorBytes", e.Message);
        Assert.Equal("x", e.TensorName);
        Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [int.MaxValue, 4])); // overflows int32 bytes
        interp.ResizeInputTensor(0, [0, 4]); // empty is fine

        // Under MaxTensorBytes but over the arena limit: rejected by AllocateTensors.
        using (var small = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 1 << 20 }))
        {
            small.ResizeInputTensor(0, [1 << 16, 4]); // 1 MiB per tensor, at least two alive together
            Assert.Throws<ResourceLimitException>(small.AllocateTensors);
        }

        interp.ResizeInputTensor(0, [3, 4]);
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>([-1, 0, 1, 2, -3, 4, 5, -6, 7, 8, 9, -10]);
        interp.Invoke();
        var got = interp.Outputs[0].ToArray<float>();
        Assert.Equal(12, got.Length);
        Assert.Equal(MathF.Tanh(2), got[3], 6);
        Assert.Equal(0f, got[0]);
    }

    [Fact]
    public void ConstantFoldingIsBoundedByMaxMemoryBytes()
    {
        // PAD of a constant is folded when the interpreter is built: paddings of 9999 would make 400 MB.
        var m = new TinyModel();
        int c = m.ConstFloat("c", [1, 1], 1f);
        int pads = m.ConstInt("paddings", [2, 2], 0, 9999, 0, 9999);
        int p = m.Input("padded", TensorType.Float32, 10000, 10000);
        int x = m.Input("x", TensorType.Float32, 10000, 10000);
        int o = m.Input("o", TensorType.Float32, 10000, 10000);
        byte[] bytes = m.Op(BuiltinOperator.PAD, [c, pads], [p]).Op(BuiltinOperator.ADD, [x, p], [o]).Inputs(x).Outputs(o).Build();
        var model = Model.FromBytes(bytes);

        ResourceLimitException? e = null;
        long allocated = Allocated(() => e = Assert.Throws<ResourceLimitException>(
            () => new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 16 << 20 })));
        Assert.Contains("MaxMemoryBytes", e!.Message);
        Assert.Contains("folded", e.Message);
        Assert.True(allocated < (16 << 20), $"building the interpreter allocated {allocated} bytes");
    }

    [Fact]
    public void VariableTensorsCountAgainstMaxMemoryBytes()
    {
        // Sixteen 1 MiB variable tensors summed by ADD_N: 16 MiB of state, over an 8 MiB limit.
        var m = new TinyModel();
        var vars = new int[16];
        for (int i = 0; i < vars.Length; i++) vars[i] = m.Tensor($"state{i}", TensorType.Float32, [256, 1024], isVariable: true);
        int x = m.Input("x", TensorType.Float32, 256, 1024);
        int o = m.Input("o", TensorType.Float32, 256, 1024);
        byte[] bytes = m.Op(BuiltinOperator.ADD_N, [x, .. vars], [o]).Inputs(x).Outputs(o).Build();
        var model = Model.FromBytes(bytes);
        using var interp = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 8 << 20 });
        ResourceLimitException? e = null;
        long allocated = Allocated(() => e = Assert.Throws<ResourceLimitException>(interp.AllocateTensors));
        Assert.Contains("variable tensor", e!.Message);
        Assert.True(allocated < (8 << 20), $"AllocateTensors allocated {allocated} bytes before failing");

        using var ok = new Interpreter(model, new InterpreterOptions { MaxMemoryBytes = 32 << 20 });
        ok.AllocateTensors();
        ok.Invoke();
        Assert.All(ok.Outputs[0].ToArray<float>(), v => Assert.Equal(0f, v));
    }
}
