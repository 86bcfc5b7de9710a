using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;

namespace ManagedLite.Tests.Cli;

/// <summary>
/// Interpreter.FindPrepareFailures and `inspect` list every node that its kernel refuses while preparing, not only the
/// first: a model with two refused nodes (an ADD of float32 and int32, a RESHAPE to a shape of another size), a SOFTMAX that
/// reads the first one's output (not checked, counted with it) and a valid ADD.
/// </summary>
public sealed class PrepareFailuresTests : IDisposable
{
    private const byte AddTag = 11, SoftmaxTag = 9;
    private readonly string _dir = Directory.CreateTempSubdirectory("ml-prepfail-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static byte[] Build()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2, 3]);
        int k = m.ConstInt("k", [2, 3], 1, 2, 3, 4, 5, 6);
        int sum = m.Tensor("mixed_sum", TensorType.Float32, [2, 3]);
        m.Op(BuiltinOperator.ADD, [x, k], [sum], 1, AddTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, 0));
        int probs = m.Tensor("probs", TensorType.Float32, [2, 3]);
        m.Op(BuiltinOperator.SOFTMAX, [sum], [probs], 1, SoftmaxTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Float, 1.0));
        int shape = m.ConstInt("shape", [2], 4, 2);
        int reshaped = m.Tensor("reshaped", TensorType.Float32, [4, 2]);
        m.Op(BuiltinOperator.RESHAPE, [x, shape], [reshaped]);
        int twice = m.Tensor("twice", TensorType.Float32, [2, 3]);
        m.Op(BuiltinOperator.ADD, [x, x], [twice], 1, AddTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, 0));
        return m.Inputs(x).Outputs(probs, reshaped, twice).Build();
    }

    /// <summary>A refused node over constants only (DEQUANTIZE of a constant int32) fails while the interpreter is built.</summary>
    [Fact]
    public void InspectReportsANodeRefusedWhileFoldingConstants()
    {
        var m = new TinyModel();
        int k = m.ConstInt("k", [2, 3], 1, 2, 3, 4, 5, 6);
        int dq = m.Tensor("dq", TensorType.Float32, [2, 3]);
        m.Op(BuiltinOperator.DEQUANTIZE, [k], [dq], 1);
        int x = m.Tensor("x", TensorType.Float32, [2, 3]);
        int y = m.Tensor("y", TensorType.Float32, [2, 3]);
        m.Op(BuiltinOperator.ADD, [x, dq], [y], 1, AddTag, new TinyModel.OptionField(0, TinyModel.OptionKind.Byte, 0));
        string path = Path.Combine(_dir, "folded-bad-node.tflite");
        File.WriteAllBytes(path, m.Inputs(x).Outputs(y).Build());
        var r = CliProcess.Run("inspect", path);
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Contains("unsupported operators: none", r.Stdout);
        Assert.Contains("cannot run: ", r.Stdout);
        Assert.Contains("DEQUANTIZE", r.Stdout);
        Assert.Contains("int32", r.Stdout);
    }

    [Fact]
    public void InterpreterListsEveryRefusedNode()
    {
        using var interp = new Interpreter(Model.FromBytes(Build()));
        var failures = interp.FindPrepareFailures();
        Assert.Equal(2, failures.Count);
        Assert.Equal(0, failures[0].NodeIndex);
        Assert.Equal("ADD", failures[0].Operator);
        Assert.Equal(1, failures[0].NotChecked);
        Assert.Equal(2, failures[1].NodeIndex);
        Assert.Equal("RESHAPE", failures[1].Operator);
        Assert.Equal(0, failures[1].NotChecked);
        Assert.Contains("RESHAPE", failures[1].Message);
        // The first refusal is what AllocateTensors reports, and the interpreter is still usable for it.
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Equal(failures[0].Message, e.Message);
    }

    [Fact]
    public void InspectPrintsEveryRefusedNode()
    {
        string path = Path.Combine(_dir, "two-bad-nodes.tflite");
        File.WriteAllBytes(path, Build());
        var r = CliProcess.Run("inspect", path);
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Contains("unsupported operators: none", r.Stdout);
        Assert.Contains("cannot run: 2 node(s) refused while preparing", r.Stdout);
        Assert.Contains("(1 later node(s) that read its outputs not checked)", r.Stdout);
        Assert.Contains("RESHAPE", r.Stdout);
        Assert.Contains("arena: n/a (a node does not prepare)", r.Stdout);
    }
}
