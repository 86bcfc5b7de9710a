using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Runtime.Tests.StableHlo;

/// <summary>
/// The StableHLO, DILATE / REDUCE_WINDOW, hash-table and random operators on hostile models: every bad shape, option or
/// order of use is an <see cref="OperatorException"/> naming what is wrong, never an index or null error. Also the
/// random generator's state across invokes and after a reset.
/// </summary>
public class MiscOpsHostileTests
{
    private const byte PadOptions2 = 10, CaseOptions2 = 23, CompositeOptions2 = 21, GatherOptions2 = 16, ScatterOptions2 = 7,
        ReduceWindowOptions2 = 13, HashtableOptions = 107, RandomOptions = 114;

    private static OperatorException PrepareFails(byte[] model, string fragment)
    {
        using var interp = new Interpreter(Model.FromBytes(model));
        var e = Assert.Throws<OperatorException>(() => interp.AllocateTensors());
        Assert.Contains(fragment, e.Message);
        return e;
    }

    private static byte[] Binary(BuiltinOperator op, TensorType type, int[] a, int[] b)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", type, a), y = m.Tensor("y", type, b), z = m.Tensor("z", type, a);
        return m.Op(op, [x, y], [z]).Inputs(x, y).Outputs(z).Build();
    }

    [Fact]
    public void ElementwiseRejectsBroadcastAndFloatAnd()
    {
        PrepareFails(Binary(BuiltinOperator.STABLEHLO_ADD, TensorType.Float32, [2, 3], [1, 3]), "same shape");
        PrepareFails(Binary(BuiltinOperator.STABLEHLO_AND, TensorType.Float32, [4], [4]), "not supported");
        PrepareFails(Binary(BuiltinOperator.STABLEHLO_SHIFT_LEFT, TensorType.Int32, [4], [2]), "same shape");
        PrepareFails(Binary(BuiltinOperator.STABLEHLO_SHIFT_LEFT, TensorType.Int64, [4], [4]), "not supported");
    }

    [Fact]
    public void ElementwiseWrapsLikeTfLite()
    {
        using var interp = new Interpreter(Model.FromBytes(Binary(BuiltinOperator.STABLEHLO_MULTIPLY, TensorType.Int8, [3], [3])));
        interp.AllocateTensors();
        interp.Inputs[0].CopyFrom<sbyte>([100, -128, 7]);
        interp.Inputs[1].CopyFrom<sbyte>([3, -1, -2]);
        interp.Invoke();
        Assert.Equal(new sbyte[] { 44, -128, -14 }, interp.Outputs[0].ToArray<sbyte>());
    }

    private static byte[] Pad(long[] low, long[] high, long[] interior, int[] shape)
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, shape), v = m.Const("v", TensorType.Float32, [], 0f), y = m.Tensor("y", TensorType.Float32, shape);
        return m.Op2(BuiltinOperator.STABLEHLO_PAD, [x, v], [y], 1, PadOptions2,
            OptionField.LongVector(0, low), OptionField.LongVector(1, high), OptionField.LongVector(2, interior)).Inputs(x).Outputs(y).Build();
    }

    [Fact]
    public void PadRejectsBadOptions()
    {
        PrepareFails(Pad([0], [0, 0], [0, 0], [2, 2]), "edge_padding_low has 1 values");
        PrepareFails(Pad([0, 0], [0, 0], [-1, 0], [2, 2]), "interior_padding");
        PrepareFails(Pad([0, 0], [long.MaxValue, 0], [0, 0], [2, 2]), "edge_padding_high");
        PrepareFails(Pad([0, 0], [int.MaxValue, 0], [int.MaxValue, 0], [3, 2]), "over int32");
    }

    [Fact]
    public void PadToNothingGivesAnEmptyOutputOfZeros()
    {
        using var interp = new Interpreter(Model.FromBytes(Pad([-3, 1], [0, 1], [0, 0], [2, 2])));
        interp.AllocateTensors();
        Assert.Equal(new[] { 0, 0 }, interp.Outputs[0].Shape.ToArray());
        interp.Invoke();
    }

    [Fact]
    public void DilateRejectsZeroDilation()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [2, 2]), dl = m.ConstInt("dilations", [2], 1, 0), v = m.Const("v", TensorType.Float32, [], 0f);
        int y = m.Tensor("y", TensorType.Float32, [2, 2]);
        PrepareFails(m.Op(BuiltinOperator.DILATE, [x, dl, v], [y]).Inputs(x).Outputs(y).Build(), "every dilation must be >= 1");
    }

    [Fact]
    public void CaseAndCompositeRejectBadSubgraphs()
    {
        var main = new TinyModel();
        int i = main.Tensor("i", TensorType.Int32, [1]), x = main.Tensor("x", TensorType.Float32, [2]), o = main.Tensor("o", TensorType.Float32, [2]);
        main.Op2(BuiltinOperator.STABLEHLO_CASE, [i, x], [o], 1, CaseOptions2, OptionField.Vector(0, 0)).Inputs(i, x).Outputs(o);
        // A branch that is the calling subgraph is a control-flow cycle, rejected at load.
        Assert.Contains("cycle", Assert.Throws<ModelFormatException>(() => Model.FromBytes(main.Build())).Message);
        var empty = new TinyModel();
        int ei = empty.Tensor("i", TensorType.Int32, [1]), ex = empty.Tensor("x", TensorType.Float32, [2]), eo = empty.Tensor("o", TensorType.Float32, [2]);
        empty.Op2(BuiltinOperator.STABLEHLO_CASE, [ei, ex], [eo], 1, CaseOptions2, OptionField.Vector(0)).Inputs(ei, ex).Outputs(eo);
        PrepareFails(empty.Build(), "no branch subgraphs");
        var c = new TinyModel();
        int cx = c.Tensor("x", TensorType.Float32, [2]), co = c.Tensor("o", TensorType.Float32, [2]);
        c.Op2(BuiltinOperator.STABLEHLO_COMPOSITE, [cx], [co], 1, CompositeOptions2, OptionField.Str(0, "bad\u0001name"), new OptionField(1, OptionKind.Int, 9))
            .Inputs(cx).Outputs(co);
        Assert.Contains("out of range", Assert.Throws<ModelFormatException>(() => Model.FromBytes(c.Build())).Message);
    }

    [Fact]
    public void GatherAndScatterRejectInconsistentDimensionNumbers()
    {
        var g = new TinyModel();
        int op = g.Tensor("operand", TensorType.Float32, [3, 4]), idx = g.Tensor("idx", TensorType.Int32, [2, 1]), go = g.Tensor("out", TensorType.Float32, [2, 4]);
        g.Op2(BuiltinOperator.STABLEHLO_GATHER, [op, idx], [go], 1, GatherOptions2, OptionField.LongVector(0, 1), OptionField.LongVector(1, 0),
            OptionField.LongVector(2, 0), new OptionField(3, OptionKind.Long, 2), OptionField.LongVector(4, 1, 4)).Inputs(op, idx).Outputs(go);
        PrepareFails(g.Build(), "index_vector_dim 2");
        var s = new TinyModel();
        int sx = s.Tensor("x", TensorType.Float32, [4]), si = s.Tensor("idx", TensorType.Int32, [3, 1]), su = s.Tensor("up", TensorType.Float32, [5]);
        int sy = s.Tensor("y", TensorType.Float32, [4]);
        s.Op2(BuiltinOperator.STABLEHLO_SCATTER, [sx, si, su], [sy], 1, ScatterOptions2, OptionField.LongVector(2, 0), OptionField.LongVector(3, 0),
            new OptionField(4, OptionKind.Long, 1), new OptionField(6, OptionKind.Int, 1)).Inputs(sx, si, su).Outputs(sy);
        var body = new TinyModel();
        int a = body.Tensor("a", TensorType.Float32, []), b = body.Tensor("b", TensorType.Float32, []);
        body.Inputs(a, b).Outputs(b);
        PrepareFails(s.Build(body), "dimension 0 must equal dimension 0");
    }

    [Fact]
    public void ReduceWindowNeedsOneSupportedBodyOperator()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [4]), i0 = m.Const("init", TensorType.Float32, [], 0f), y = m.Tensor("y", TensorType.Float32, [3]);
        m.Op2(BuiltinOperator.STABLEHLO_REDUCE_WINDOW, [x, i0], [y], 1, ReduceWindowOptions2, OptionField.LongVector(0, 2), new OptionField(5, OptionKind.Int, 1))
            .Inputs(x).Outputs(y);
        var body = new TinyModel();
        int a = body.Tensor("a", TensorType.Float32, []), b = body.Tensor("b", TensorType.Float32, []), c = body.Tensor("c", TensorType.Float32, []);
        body.Op(BuiltinOperator.SUB, [a, b], [c]).Inputs(a, b).Outputs(c);
        PrepareFails(m.Build(body), "not a supported reduction");
        var zero = new TinyModel();
        int zx = zero.Tensor("x", TensorType.Float32, [4]), zi = zero.Const("init", TensorType.Float32, [], 0f), zy = zero.Tensor("y", TensorType.Float32, [3]);
        zero.Op2(BuiltinOperator.STABLEHLO_REDUCE_WINDOW, [zx, zi], [zy], 1, ReduceWindowOptions2, OptionField.LongVector(0, 0), new OptionField(5, OptionKind.Int, 1))
            .Inputs(zx).Outputs(zy);
        var add = new TinyModel();
        int aa = add.Tensor("a", TensorType.Float32, []), ab = add.Tensor("b", TensorType.Float32, []), ac = add.Tensor("c", TensorType.Float32, []);
        add.Op(BuiltinOperator.ADD, [aa, ab], [ac]).Inputs(aa, ab).Outputs(ac);
        PrepareFails(zero.Build(add), "window_dimensions");
    }

    [Fact]
    public void HashtableFindBeforeImportAndWrongTypesFail()
    {
        OptionField[] table = [new(0, OptionKind.Int, 1), new(1, OptionKind.Byte, (int)TensorType.Int64), new(2, OptionKind.Byte, (int)TensorType.Float32)];
        var bad = new TinyModel();
        int h = bad.Tensor("h", TensorType.Resource, [1]);
        bad.Op(BuiltinOperator.HASHTABLE, [], [h], 1, HashtableOptions, table).Outputs(h);
        PrepareFails(bad.Build(), "int64 to string or string to int64");

        OptionField[] good = [new(0, OptionKind.Int, 1), new(1, OptionKind.Byte, (int)TensorType.String), new(2, OptionKind.Byte, (int)TensorType.Int64)];
        var m = new TinyModel();
        int hh = m.Tensor("h", TensorType.Resource, [1]);
        var keys = new byte[Kernels.Reference.StringBuffer.Size([[97]])];
        Kernels.Reference.StringBuffer.Write([[97]], keys);
        int k = m.Tensor("k", TensorType.String, [1], keys), def = m.Tensor("def", TensorType.Int64, [1]), o = m.Tensor("o", TensorType.Int64, [1]);
        m.Op(BuiltinOperator.HASHTABLE, [], [hh], 1, HashtableOptions, good).Op(BuiltinOperator.HASHTABLE_FIND, [hh, k, def], [o]).Inputs(def).Outputs(o);
        using var interp = new Interpreter(Model.FromBytes(m.Build()));
        interp.AllocateTensors();
        var e = Assert.Throws<OperatorException>(() => interp.Invoke());
        Assert.Contains("HASHTABLE_IMPORT before", e.Message);
    }

    private static byte[] Uniform(int n, long seed)
    {
        var m = new TinyModel();
        int shape = m.ConstInt("shape", [1], n), y = m.Tensor("y", TensorType.Float32, [Math.Max(n, 1)]);
        return m.Op(BuiltinOperator.RANDOM_UNIFORM, [shape], [y], 1, RandomOptions, [new(0, OptionKind.Long, seed), new(1, OptionKind.Long, 3)]).Outputs(y).Build();
    }

    [Fact]
    public void RandomAdvancesAcrossInvokesAndResetStartsOver()
    {
        using var interp = new Interpreter(Model.FromBytes(Uniform(6, 42)));
        interp.AllocateTensors();
        interp.Invoke();
        var first = interp.Outputs[0].ToArray<float>();
        interp.Invoke();
        var second = interp.Outputs[0].ToArray<float>();
        Assert.NotEqual(first, second);
        Assert.All(first.Concat(second), v => Assert.InRange(v, 0f, 1f));
        interp.ResetVariableTensors();
        interp.Invoke();
        Assert.Equal(first, interp.Outputs[0].ToArray<float>());
        // seed 2^32 + 42 truncates to 42 as in TFLite.
        using var same = new Interpreter(Model.FromBytes(Uniform(6, (1L << 32) + 42)));
        same.AllocateTensors();
        same.Invoke();
        Assert.Equal(first, same.Outputs[0].ToArray<float>());
    }

    [Fact]
    public void RandomRejectsNegativeShapesAndMultinomialNegativeSamples()
    {
        PrepareFails(Uniform(-2, 1), "negative dimension");
        var m = new TinyModel();
        int l = m.Tensor("logits", TensorType.Float32, [1, 3]), n = m.Const("n", TensorType.Int32, [], -1), o = m.Tensor("o", TensorType.Int64, [1, 1]);
        PrepareFails(m.Op(BuiltinOperator.MULTINOMIAL, [l, n], [o], 1, RandomOptions, [new(0, OptionKind.Long, 1)]).Inputs(l).Outputs(o).Build(), "must be >= 0");
    }
}
