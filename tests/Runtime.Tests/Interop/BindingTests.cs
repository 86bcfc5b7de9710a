using ManagedLite.Robustness;
using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Tests.Interop;

/// <summary>Caller-owned memory bound as graph inputs and outputs (Interpreter.BindInput / BindOutput).</summary>
public class BindingTests
{
    [Fact]
    public void BoundInputsAreReadInPlaceAndBoundOutputsWrittenInPlace()
    {
        using var interp = new Interpreter(Model.FromBytes(TinyModels.AddRelu()));
        float[] x = [1, -2, 3, -4], y = [1, 1, 1, 1], o = new float[4];
        interp.BindInput(0, x.AsMemory());
        interp.BindInput("y", y.AsMemory());
        interp.BindOutput(0, o.AsMemory());
        Assert.True(interp.Inputs[0].IsBound && interp.Outputs[0].IsBound);
        interp.Invoke();
        Assert.Equal(new float[] { 1, -2, 3, -4 }, x); // the caller's input is left as it was
        Assert.Equal(new float[] { 2, 0, 4, 0 }, interp.Outputs[0].ToArray<float>());
        Assert.Equal(new float[] { 2, 0, 4, 0 }, o);
        // New values in the caller's arrays are seen by the next Invoke: no copy was taken.
        x[1] = 5;
        y[3] = 10;
        interp.Invoke();
        Assert.Equal(new float[] { 2, 6, 4, 6 }, o);
        Assert.Equal(o, interp.Outputs[0].ToArray<float>());
        // Steady state with bindings allocates nothing.
        interp.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) interp.Invoke();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        interp.Unbind();
        Assert.False(interp.Inputs[0].IsBound);
    }

    [Fact]
    public void WrongTypeSizeOrIndexIsRefusedAndAResizeAsksForNewMemory()
    {
        using var interp = new Interpreter(Model.FromBytes(TinyModels.FloatChain()));
        var t = interp.Inputs[0];
        int n = (int)t.ElementCount;
        Assert.Throws<TensorException>(() => interp.BindInput(0, new int[n].AsMemory()));
        var e = Assert.Throws<TensorException>(() => interp.BindInput(0, new float[n + 1].AsMemory()));
        Assert.Contains($"needs {n} elements", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => interp.BindOutput(5, new float[1].AsMemory()));
        Assert.Throws<KeyNotFoundException>(() => interp.BindInput("nope", new float[n].AsMemory()));
        interp.BindInput(0, new float[n].AsMemory());
        var shape = t.Shape.ToArray();
        shape[0] *= 2;
        interp.ResizeInputTensor(0, shape);
        var stale = Assert.Throws<TensorException>(interp.Invoke);
        Assert.Contains("bind memory of the new size", stale.Message);
        interp.BindInput(0, new float[2 * n].AsMemory());
        interp.Invoke();
    }

    [Fact]
    public void BoolTensorsBindOneBytePerElement()
    {
        // LOGICAL_NOT on bool [1,3]: bool is one byte per element in a tensor (not the 4 bytes of Marshal.SizeOf<bool>).
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Bool, 1, 3), y = m.Input("y", TensorType.Bool, 1, 3);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.LOGICAL_NOT, [x], [y]).Inputs(x).Outputs(y).Build()));
        bool[] xs = [true, false, true], ys = new bool[3];
        interp.BindInput(0, xs.AsMemory());
        interp.BindOutput(0, ys.AsMemory());
        interp.Invoke();
        Assert.Equal(new[] { false, true, false }, ys);
    }

    [Fact]
    public void AnOutputComputedAtPreparationIsCopiedIntoTheBoundMemory()
    {
        // out = x + (c1 * c2): the product is folded; a second output is the folded product itself.
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 3);
        int c1 = m.ConstFloat("c1", [1, 3], 1f, 2f, 3f), c2 = m.ConstFloat("c2", [1, 3], 2f, 2f, 2f);
        int prod = m.Input("prod", TensorType.Float32, 1, 3), sum = m.Input("sum", TensorType.Float32, 1, 3);
        var bytes = m.Op(BuiltinOperator.MUL, [c1, c2], [prod], 1, 21, new OptionField(0, OptionKind.Byte, 0))
                     .Op(BuiltinOperator.ADD, [x, prod], [sum], 1, 11, new OptionField(0, OptionKind.Byte, 0))
                     .Inputs(x).Outputs(sum, prod).Build();
        using var interp = new Interpreter(Model.FromBytes(bytes));
        float[] xs = [1, 1, 1], sums = new float[3], prods = new float[3];
        interp.BindInput(0, xs.AsMemory());
        interp.BindOutput(0, sums.AsMemory());
        interp.BindOutput("prod", prods.AsMemory());
        interp.Invoke();
        Assert.Equal(new float[] { 3, 5, 7 }, sums);
        Assert.Equal(new float[] { 2, 4, 6 }, prods);
    }

    public static TheoryData<string> MediaPipeModels() => ConformanceModelReadTests.MediaPipeModels();

    [SkippableTheory]
    [MemberData(nameof(MediaPipeModels))]
    public void BoundBuffersGiveTheSameOutputsOnRealModels(string relative)
    {
        if (TestPaths.MediaPipeModels is not string root || relative == "(absent)")
            throw new SkipException("models/ not fetched (scripts/fetch-models.sh)");
        var model = Model.FromFile(Path.Combine(root, relative));
        using var plain = new Interpreter(model);
        using var bound = new Interpreter(model);
        plain.AllocateTensors();
        var rng = new Random(7);
        var inputs = new float[plain.Inputs.Count][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new float[plain.Inputs[i].ElementCount];
            for (int k = 0; k < inputs[i].Length; k++) inputs[i][k] = (float)(rng.NextDouble() * 2 - 1);
            plain.Inputs[i].CopyFrom<float>(inputs[i]);
            bound.BindInput(i, inputs[i].AsMemory());
        }
        var outputs = new float[bound.Outputs.Count][];
        for (int o = 0; o < outputs.Length; o++)
        {
            bound.AllocateTensors();
            outputs[o] = new float[bound.Outputs[o].ElementCount];
            bound.BindOutput(o, outputs[o].AsMemory());
        }
        plain.Invoke();
        bound.Invoke();
        for (int o = 0; o < outputs.Length; o++)
            Assert.Equal(plain.Outputs[o].ToArray<float>(), outputs[o]);
    }
}
