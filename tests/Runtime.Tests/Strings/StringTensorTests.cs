using System.Buffers.Binary;
using System.Text;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.Runtime.Tests.Strings;

/// <summary>
/// String tensors through the public API (SetInputStrings, GetStrings), their hostile cases (bad constant buffers,
/// inputs over MaxTensorBytes, outputs that would explode) and SKIP_GRAM's word splitting and enumeration order.
/// </summary>
public class StringTensorTests
{
    private static byte[] Layout(params string[] strings)
    {
        var bytes = strings.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[Ref.StringBuffer.Size(bytes)];
        Ref.StringBuffer.Write(bytes, buffer);
        return buffer;
    }

    /// <summary>string input [2, 2] (signature [-1, 2]) -> RESHAPE to [-1] -> string output.</summary>
    private static byte[] ReshapeModel()
    {
        var m = new TinyModel();
        int x = m.Tensor("words", TensorType.String, [2, 2], signature: [-1, 2]);
        int shape = m.ConstInt("shape", [1], -1);
        int y = m.Tensor("flat", TensorType.String, [4]);
        return m.Op(BuiltinOperator.RESHAPE, [x, shape], [y]).Inputs(x).Outputs(y).Build();
    }

    [Fact]
    public void StringInputsAndOutputsGoThroughThePublicApi()
    {
        using var interp = new Interpreter(Model.FromBytes(ReshapeModel()));
        interp.SetInputStrings(0, ["a", "", "déjà", "日本"]);
        interp.Invoke();
        Assert.Equal(new[] { "a", "", "déjà", "日本" }, interp.Outputs[0].GetStringValues());
        Assert.Equal([4], interp.Outputs[0].Shape.ToArray());

        // A resized input takes another count of strings; the output follows.
        interp.ResizeInputTensor(0, [3, 2]);
        interp.SetInputStrings(0, Enumerable.Range(0, 6).Select(i => new[] { (byte)('p' + i), (byte)0 }).ToArray());
        interp.Invoke();
        var got = interp.Outputs[0].GetStrings();
        Assert.Equal(6, got.Length);
        Assert.Equal(new byte[] { (byte)'u', 0 }, got[5]); // bytes are kept as given, NULs included
        Assert.Equal([6], interp.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public void WrongStringInputsAreSpecificErrors()
    {
        using var interp = new Interpreter(Model.FromBytes(ReshapeModel()));
        var count = Assert.Throws<TensorException>(() => interp.SetInputStrings(0, ["only", "three", "strings"]));
        Assert.Contains("has 4 elements, got 3 strings", count.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => interp.SetInputStrings(1, ["x"]));
        Assert.Throws<TensorException>(() => interp.Outputs[0].GetStrings()); // not computed yet

        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Int32, [1]);
        int y = m.Tensor("y", TensorType.Int32, [1]);
        using var numeric = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.ABS, [x], [y]).Inputs(x).Outputs(y).Build()));
        Assert.Contains("not strings", Assert.Throws<TensorException>(() => numeric.SetInputStrings(0, ["1"])).Message);
        numeric.Invoke();
        Assert.Throws<TensorException>(() => numeric.Outputs[0].GetStrings());
    }

    [Fact]
    public void StringInputOverMaxTensorBytesIsAResourceLimit()
    {
        var model = Model.FromBytes(ReshapeModel(), new ModelLimits { MaxTensorBytes = 64 });
        using var interp = new Interpreter(model);
        interp.SetInputStrings(0, ["a", "b", "c", "d"]); // 24 bytes of layout: fits
        var e = Assert.Throws<ResourceLimitException>(() => interp.SetInputStrings(0, ["a", "b", "c", new string('x', 100)]));
        Assert.Equal("MaxTensorBytes", e.LimitName);
        Assert.Contains("'words'", e.Message);
        // The memory budget applies too.
        using var small = new Interpreter(Model.FromBytes(ReshapeModel()), new InterpreterOptions { MaxMemoryBytes = 1000 });
        var budget = Assert.Throws<ResourceLimitException>(() => small.SetInputStrings(0, ["a", "b", "c", new string('x', 5000)]));
        Assert.Equal("MaxMemoryBytes", budget.LimitName);
    }

    [Fact]
    public void StringInputsCorruptedThroughWritableBytesAreOperatorErrors()
    {
        // A caller may scribble over a string input's layout after setting it: kernels check it before reading.
        using var interp = new Interpreter(Model.FromBytes(ReshapeModel()));
        interp.SetInputStrings(0, ["a", "b", "c", "d"]);
        BinaryPrimitives.WriteInt32LittleEndian(interp.Inputs[0].WritableBytes[8..], 1 << 20); // offset 1 far outside
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("'words'", e.Message);
        Assert.Contains("not a well-formed string tensor", e.Message);
    }

    [Theory]
    [InlineData("offsets out of order")]
    [InlineData("offset past the buffer")]
    [InlineData("count differs from the shape")]
    [InlineData("too short")]
    public void MalformedConstantStringBuffersAreRejectedAtLoad(string what)
    {
        var buffer = Layout("ab", "cde");
        int elements = 2;
        switch (what)
        {
            case "offsets out of order": BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), 30); break;
            case "offset past the buffer": BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(12), 1000); break;
            case "count differs from the shape": elements = 3; break;
            case "too short": buffer = [1, 0]; break;
        }
        var m = new TinyModel();
        int c = m.Tensor("vocab_table", TensorType.String, [elements], buffer);
        int shape = m.ConstInt("shape", [1], -1);
        int y = m.Tensor("y", TensorType.String, [elements]);
        var bytes = m.Op(BuiltinOperator.RESHAPE, [c, shape], [y]).Inputs().Outputs(y).Build();
        var e = Assert.Throws<ModelFormatException>(() => Model.FromBytes(bytes));
        Assert.Contains("'vocab_table'", e.Message);
    }

    private static Interpreter SkipGram(int ngram, int skip, bool all, ModelLimits? limits = null, InterpreterOptions? options = null, int[]? shape = null)
    {
        var m = new TinyModel();
        int x = m.Tensor("sentence", TensorType.String, shape ?? [1]);
        int y = m.Tensor("grams", TensorType.String, [1]);
        m.Op(BuiltinOperator.SKIP_GRAM, [x], [y], 1, 18, [new(0, OptionKind.Int, ngram), new(1, OptionKind.Int, skip), new(2, OptionKind.Bool, all ? 1 : 0)])
            .Inputs(x).Outputs(y);
        return new Interpreter(Model.FromBytes(m.Build(), limits), options);
    }

    [Fact]
    public void SkipGramEnumeratesInTfliteOrder()
    {
        using var interp = SkipGram(2, 0, true);
        interp.SetInputStrings(0, ["a b c"]);
        interp.Invoke();
        Assert.Equal(new[] { "a b", "a", "b c", "b", "c" }, interp.Outputs[0].GetStringValues());

        // TFLite's split: the first byte is never a separator and a word that starts with white space is dropped.
        var words = Ref.SkipGram.SplitWords(" ab  cd\tef "u8);
        Assert.Equal(new[] { "cd", "ef" }, words.Select(w => Encoding.UTF8.GetString(" ab  cd\tef "u8.Slice(w.Start, w.Length))));
        Ref.SkipGram.Run("w x y z"u8, 3, 1, false, long.MaxValue, long.MaxValue, out var grams, out _);
        Assert.Equal(new[] { "w x y", "w x z", "w y z", "x y z" }, grams.Select(g => Encoding.UTF8.GetString(g)));
    }

    [Fact]
    public void SkipGramFailuresAreSpecific()
    {
        using (var negative = SkipGram(-1, 0, false))
        {
            negative.SetInputStrings(0, ["a b"]);
            Assert.Contains("ngram_size -1", Assert.Throws<OperatorException>(() => negative.Invoke()).Message);
        }
        using (var empty = SkipGram(2, 0, false, shape: [0]))
        {
            empty.SetInputStrings(0, Array.Empty<byte[]>());
            Assert.Contains("holds no string", Assert.Throws<OperatorException>(() => empty.Invoke()).Message);
        }
        // 40 words, all 1..6-grams with any skip: millions of grams, far over a 1 MiB tensor limit.
        string sentence = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"w{i}"));
        using (var huge = SkipGram(6, 40, true, new ModelLimits { MaxTensorBytes = 1 << 20 }))
        {
            huge.SetInputStrings(0, [sentence]);
            Assert.Contains("ModelLimits.MaxTensorBytes", Assert.Throws<OperatorException>(() => huge.Invoke()).Message);
        }
        using (var slow = SkipGram(6, 40, false, options: new InterpreterOptions { MaxMacsPerInvoke = 10_000 }))
        {
            slow.SetInputStrings(0, [sentence]);
            var e = Assert.ThrowsAny<Exception>(() => slow.Invoke());
            Assert.True(e is OperatorException or ResourceLimitException, e.ToString());
            Assert.Contains("MaxMacsPerInvoke", e.Message);
        }
    }

    [Fact]
    public void ConstantStringsFeedKernelsAndFoldedComparisons()
    {
        // A constant vocabulary gathered by fed ids (run at invoke), and EQUAL of two constants (folded at preparation).
        var m = new TinyModel();
        int vocab = m.Tensor("vocab", TensorType.String, [3], Layout("zero", "one", "two"));
        int other = m.Tensor("other", TensorType.String, [3], Layout("zero", "uno", "two"));
        int ids = m.Tensor("ids", TensorType.Int32, [4]);
        int words = m.Tensor("words", TensorType.String, [4]);
        int same = m.Tensor("same", TensorType.Bool, [3]);
        m.Op(BuiltinOperator.GATHER, [vocab, ids], [words], 1, 23, [new(0, OptionKind.Int, 0)])
            .Op(BuiltinOperator.EQUAL, [vocab, other], [same], 3)
            .Inputs(ids).Outputs(words, same);
        foreach (bool reference in new[] { false, true })
        {
            using var interp = new Interpreter(Model.FromBytes(m.Build()), new InterpreterOptions { UseReferenceKernels = reference });
            interp.AllocateTensors();
            interp.Inputs[0].CopyFrom<int>([2, 0, 0, 1]);
            interp.Invoke();
            Assert.Equal(new[] { "two", "zero", "zero", "one" }, interp.Outputs[0].GetStringValues());
            Assert.Equal(new byte[] { 1, 0, 1 }, interp.Outputs[1].ToArray<byte>());
        }
    }

    [Fact]
    public void TheStringsFuzzSeedComputesTheExpectedValues()
    {
        using var interp = new Interpreter(Model.FromBytes(TinyModels.Strings()));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<int>([0, 3, 2]); // "the cat", "", "a mat"
        interp.Invoke();
        Assert.Equal(new[] { "the cat", "the", "cat" }, interp.Outputs[0].GetStringValues());
        Assert.Equal(new byte[] { 1, 1, 1, 1, 1, 1 }, interp.Outputs[1].ToArray<byte>());
        interp.Inputs[0].CopyFrom<int>([1, 3, 2]);
        interp.Invoke();
        Assert.Equal(new[] { "sat on", "sat", "on" }, interp.Outputs[0].GetStringValues());
        Assert.Equal(new byte[] { 0, 1, 1, 0, 1, 1 }, interp.Outputs[1].ToArray<byte>());
    }

    [Fact]
    public void SignatureRunnersTakeStringInputs()
    {
        var m = new TinyModel();
        int x = m.Tensor("words", TensorType.String, [2]);
        int shape = m.ConstInt("shape", [2], 2, 1);
        int y = m.Tensor("column", TensorType.String, [2, 1]);
        m.Op(BuiltinOperator.RESHAPE, [x, shape], [y]).Inputs(x).Outputs(y).Signature("serve", 0, [("text", x)], [("out", y)]);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        var runner = interp.GetSignatureRunner("serve");
        runner.SetInputStrings("text", ["left", "right"]);
        runner.Invoke();
        Assert.Equal(new[] { "left", "right" }, runner.GetOutput("out").GetStringValues());
        Assert.Throws<KeyNotFoundException>(() => runner.SetInputStrings("nope", ["a", "b"]));
    }

    [Theory]
    [InlineData(BuiltinOperator.CONCATENATION)]
    [InlineData(BuiltinOperator.PACK)]
    [InlineData(BuiltinOperator.TRANSPOSE)]
    [InlineData(BuiltinOperator.LESS)]
    [InlineData(BuiltinOperator.ADD)]
    public void OperatorsWithoutStringKernelsRejectStrings(BuiltinOperator op)
    {
        // TFLite has no string kernel for these: a clear OperatorException, never a crash or garbage.
        var m = new TinyModel();
        int a = m.Tensor("a", TensorType.String, [2]);
        int b = op == BuiltinOperator.TRANSPOSE ? m.ConstInt("perm", [1], 0) : m.Tensor("b", TensorType.String, [2]);
        var outType = op == BuiltinOperator.LESS ? TensorType.Bool : TensorType.String;
        int y = m.Tensor("y", outType, op == BuiltinOperator.PACK ? [2, 2] : [2]);
        m.Op(op, [a, b], [y]).Inputs(op == BuiltinOperator.TRANSPOSE ? [a] : [a, b]).Outputs(y);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.SetInputStrings(0, ["p", "q"]);
        if (op != BuiltinOperator.TRANSPOSE) interp.SetInputStrings(1, ["r", "s"]);
        var e = Assert.ThrowsAny<Exception>(() => interp.Invoke());
        Assert.True(e is OperatorException or TensorException, e.ToString());
    }

    [Fact]
    public void StringDataMovementErrorsAreSpecific()
    {
        // GATHER of a string with an index out of range; FILL of a string into more elements than the tensor limit allows.
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.String, [3]);
        int idx = m.ConstInt("idx", [2], 0, 3);
        int y = m.Tensor("y", TensorType.String, [2]);
        using (var gather = new Interpreter(Model.FromBytes(m.Op(BuiltinOperator.GATHER, [x, idx], [y], 1, 23, [new(0, OptionKind.Int, 0)]).Inputs(x).Outputs(y).Build())))
        {
            gather.SetInputStrings(0, ["a", "b", "c"]);
            Assert.Contains("out of range", Assert.Throws<OperatorException>(() => gather.Invoke()).Message);
        }
        var f = new TinyModel();
        int dims = f.Tensor("dims", TensorType.Int32, [2]);
        int v = f.Tensor("v", TensorType.String, []);
        int o = f.Tensor("o", TensorType.String, [1, 1]);
        using var fill = new Interpreter(Model.FromBytes(f.Op(BuiltinOperator.FILL, [dims, v], [o], 2).Inputs(dims, v).Outputs(o).Build(),
            new ModelLimits { MaxTensorBytes = 1 << 20 }));
        fill.AllocateTensors();
        fill.Inputs[0].CopyFrom<int>([1000, 1000]);
        fill.SetInputStrings(1, ["word"]);
        Assert.Contains("MaxTensorBytes", Assert.ThrowsAny<Exception>(() => fill.Invoke()).Message);
        fill.Inputs[0].CopyFrom<int>([2, 3]);
        fill.Invoke();
        Assert.Equal(Enumerable.Repeat("word", 6), fill.Outputs[0].GetStringValues());
        Assert.Equal([2, 3], fill.Outputs[0].Shape.ToArray());
    }
}
