using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Runtime.Tests.Robustness;

/// <summary>
/// Wrong use of the API gives a specific exception whose message names the tensor and what was expected,
/// and leaves the interpreter usable.
/// </summary>
public class ApiMisuseTests
{
    private static Interpreter AddRelu(InterpreterOptions? options = null) => new(Model.FromBytes(TinyModels.AddRelu()), options);

    [Fact]
    public void WrongElementTypeNamesTheTensorAndBothTypes()
    {
        using var interp = AddRelu();
        interp.AllocateTensors();
        var x = interp.Inputs[0];
        var e = Assert.Throws<TensorException>(() => x.GetData<int>());
        Assert.Equal("x", e.TensorName);
        Assert.Contains("float32", e.Message);
        Assert.Contains("Int32", e.Message);
        Assert.Throws<TensorException>(() => x.GetWritableData<double>());
        Assert.Throws<TensorException>(() => x.CopyFrom<byte>(new byte[16])); // same byte count, wrong type: no reinterpretation
        Assert.Throws<TensorException>(() => x.ToArray<Half>());
    }

    [Fact]
    public void WrongLengthCopyFromNamesTheTensorAndTheExpectedCount()
    {
        using var interp = AddRelu();
        interp.AllocateTensors();
        var e = Assert.Throws<TensorException>(() => interp.Inputs[1].CopyFrom<float>([1, 2, 3]));
        Assert.Equal("y", e.TensorName);
        Assert.Contains("expected 4 elements", e.Message);
        Assert.Contains("got 3", e.Message);
        Assert.Throws<TensorException>(() => interp.Inputs[1].CopyFrom<float>(new float[5]));
        Assert.Throws<TensorException>(() => interp.Inputs[1].CopyFrom<float>(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void TensorDataBeforeAllocateAndOutputsBeforeInvokeThrow()
    {
        using var interp = AddRelu();
        var before = Assert.Throws<TensorException>(() => interp.Inputs[0].GetData<float>());
        Assert.Contains("AllocateTensors", before.Message);
        Assert.Throws<TensorException>(() => interp.Inputs[0].CopyFrom<float>([1, 2, 3, 4]));

        interp.AllocateTensors();
        var e = Assert.Throws<TensorException>(() => interp.Outputs[0].GetData<float>());
        Assert.Equal("out", e.TensorName);
        Assert.Contains("Invoke", e.Message);
        Assert.Throws<TensorException>(() => _ = interp.Outputs[0].RawBytes);

        interp.Inputs[0].CopyFrom<float>([1, -2, 3, -4]);
        interp.Inputs[1].CopyFrom<float>([1, 1, 1, 1]);
        interp.Invoke();
        Assert.Equal([2f, 0f, 4f, 0f], interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void ConstantsCannotBeWritten()
    {
        using var interp = new Interpreter(Model.FromBytes(TinyModels.FloatChain()));
        var w = interp.Tensors.First(t => t.Name == "w");
        Assert.True(w.IsConstant);
        Assert.Equal([0.5f, -1.25f, 2f], w.ToArray<float>());
        var e = Assert.Throws<TensorException>(() => w.GetWritableData<float>());
        Assert.Equal("w", e.TensorName);
        Assert.Throws<TensorException>(() => w.CopyFrom<float>([1, 2, 3]));
    }

    [Fact]
    public void InvokeAfterDisposeThrowsObjectDisposed()
    {
        var interp = AddRelu();
        interp.AllocateTensors();
        interp.Invoke();
        interp.Dispose();
        Assert.Throws<ObjectDisposedException>(interp.Invoke);
        Assert.Throws<ObjectDisposedException>(interp.AllocateTensors);
        Assert.Throws<ObjectDisposedException>(() => interp.ResizeInputTensor(0, [1, 4]));
        Assert.Throws<ObjectDisposedException>(interp.ResetVariableTensors);
        // LiteTensor storage is gone: a clear TensorException, never stale data or a NullReferenceException.
        Assert.Throws<TensorException>(() => interp.Inputs[0].GetData<float>());
        interp.Dispose(); // idempotent
    }

    [Fact]
    public void ResizeToAnIncompatibleShapeThrowsTensorException()
    {
        using var interp = AddRelu();
        var rank = Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [4]));
        Assert.Equal("x", rank.TensorName);
        Assert.Contains("rank", rank.Message);
        var negative = Assert.Throws<TensorException>(() => interp.ResizeInputTensor(0, [1, -4]));
        Assert.Contains("negative", negative.Message);
        // With a shape signature, only its -1 dimensions can change.
        using (var chain = new Interpreter(Model.FromBytes(TinyModels.FloatChain())))
        {
            var fixedDim = Assert.Throws<TensorException>(() => chain.ResizeInputTensor(0, [2, 8, 8, 4]));
            Assert.Contains("fixed", fixedDim.Message);
            chain.ResizeInputTensor(0, [2, 8, 8, 3]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => interp.ResizeInputTensor(2, [1, 4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => interp.ResizeInputTensor(-1, [1, 4]));

        // The failed calls changed nothing.
        interp.AllocateTensors();
        Assert.Equal([1, 4], interp.Inputs[0].Shape.ToArray());
        interp.Invoke();
    }

    [Fact]
    public void ResizeThatTheGraphCannotTakeFailsInPrepareAndCanBeUndone()
    {
        // Both inputs of ADD are dynamic in their first dimension; resizing only one breaks broadcasting.
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2, 3], signature: [-1, 3]);
        int y = m.Tensor("y", TensorType.Float32, [2, 3], signature: [-1, 3]);
        int o = m.Input("o", TensorType.Float32, 2, 3);
        using var interp = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.ADD, [x, y], [o]).Inputs(x, y).Outputs(o).Build()));
        interp.ResizeInputTensor(0, [5, 3]);
        var e = Assert.Throws<OperatorException>(interp.AllocateTensors);
        Assert.Equal("ADD", e.OperatorName);
        Assert.Contains("broadcast", e.Message);
        Assert.Throws<OperatorException>(interp.Invoke);

        interp.ResizeInputTensor(1, [5, 3]);
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<float>(Enumerable.Range(0, 15).Select(i => (float)i).ToArray());
        interp.Inputs[1].CopyFrom<float>(Enumerable.Repeat(0.5f, 15).ToArray());
        interp.Invoke();
        Assert.Equal([5, 3], interp.Outputs[0].Shape.ToArray());
        Assert.Equal(14.5f, interp.Outputs[0].GetData<float>()[14]);
    }

    [Fact]
    public void OutOfRangeGatherIndicesThrowAtRunTimeAndTheNextInvokeWorks()
    {
        using var interp = new Interpreter(Model.FromBytes(TinyModels.GatherRuntimeIndices()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([0, 4, 1]); // table has 4 rows
        var e = Assert.Throws<OperatorException>(interp.Invoke);
        Assert.Equal("GATHER", e.OperatorName);
        Assert.Contains("out of range", e.Message);
        interp.Inputs[0].CopyFrom<int>([0, -1, 1]);
        Assert.Throws<OperatorException>(interp.Invoke);

        interp.Inputs[0].CopyFrom<int>([3, 0, 1]);
        interp.Invoke();
        Assert.Equal([7f, 8f, 1f, 2f, 3f, 4f], interp.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void LookupsByUnknownNameListTheKnownNames()
    {
        using var interp = AddRelu();
        var e = Assert.Throws<KeyNotFoundException>(() => interp.GetInputTensor("z"));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("'y'", e.Message);
        Assert.Throws<KeyNotFoundException>(() => interp.GetOutputTensor("x"));
        Assert.Throws<KeyNotFoundException>(() => interp.GetSignatureRunner("serving_default"));
        Assert.Same(interp.Inputs[1], interp.GetInputTensor("y"));
    }

    [Fact]
    public void BadOptionsAndNullArgumentsAreRejected()
    {
        var model = Model.FromBytes(TinyModels.AddRelu());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Interpreter(model, new InterpreterOptions { Threads = 0 }));
        Assert.Throws<ArgumentNullException>(() => new Interpreter(null!));
        Assert.Throws<FileNotFoundException>(() => Model.FromFile(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".tflite")));
    }

    [Fact]
    public void UnsupportedOperatorsAreAllListedBeforeInvoke()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4);
        int a = m.Input("a", TensorType.Float32, 1, 4);
        int b = m.Input("b", TensorType.Float32, 1, 4);
        byte[] bytes = m.Op(BuiltinOperator.CONCAT_EMBEDDINGS, [x], [a]).Op(BuiltinOperator.RELU, [a], [b], 99)
                        .Inputs(x).Outputs(b).Build();
        var e = Assert.Throws<UnsupportedOperatorException>(() => new Interpreter(Model.FromBytes(bytes)));
        Assert.Equal(2, e.Operators.Count);
        Assert.Contains("CONCAT_EMBEDDINGS v1 at node 0", e.Message);
        Assert.Contains("RELU v99 at node 1", e.Message);
    }
}
