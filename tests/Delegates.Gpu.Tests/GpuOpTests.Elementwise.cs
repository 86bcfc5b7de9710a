using ManagedLite.Schema;
using Xunit;
using static ManagedLite.Delegates.Gpu.Tests.OpModel;

namespace ManagedLite.Delegates.Gpu.Tests;

public abstract partial class GpuOpTests
{
    public static IEnumerable<object[]> BroadcastShapes()
    {
        yield return [new[] { 1, 5, 7, 9 }, new[] { 1, 5, 7, 9 }];
        yield return [new[] { 1, 5, 7, 9 }, new[] { 9 }];
        yield return [new[] { 2, 1, 7, 1 }, new[] { 1, 5, 1, 3 }];
        yield return [new[] { 3, 4 }, new[] { 1 }];
        yield return [new[] { 1 }, new[] { 2, 3, 17 }];
        yield return [new[] { 2, 3, 4, 5, 6 }, new[] { 2, 1, 4, 1, 6 }];
    }

    [SkippableTheory]
    [MemberData(nameof(BroadcastShapes))]
    public void BinaryArithmetic(int[] a, int[] b)
    {
        var ops = new (BuiltinOperator Op, byte Tag, bool Activation)[]
        {
            (BuiltinOperator.ADD, Tag.Add, true), (BuiltinOperator.SUB, Tag.Sub, true), (BuiltinOperator.MUL, Tag.Mul, true),
            (BuiltinOperator.DIV, Tag.Div, true), (BuiltinOperator.MAXIMUM, 0, false), (BuiltinOperator.MINIMUM, 0, false),
            (BuiltinOperator.SQUARED_DIFFERENCE, 0, false),
        };
        foreach (var (op, tag, act) in ops)
        foreach (int activation in act ? new[] { NoActivation, Relu6 } : new[] { NoActivation })
        {
            var m = new OpModel((int)op * 5 + activation);
            int x = m.Input(a, 3f);
            int y = op == BuiltinOperator.DIV ? m.Const(b, Positive(m.Rng, b)) : m.Input(b, 3f);
            int z = m.Value("z");
            if (act) m.Op(op, [x, y], [z], tag, Byte(0, activation));
            else m.Op(op, [x, y], [z]);
            Check(m.Output(z), what: $"{op} act {activation}");
        }
    }

    private static float[] Positive(Random rng, int[] shape)
    {
        var v = Harness.Random(rng, Harness.Count(shape));
        for (int i = 0; i < v.Length; i++) v[i] = 0.5f + Math.Abs(v[i]);
        return v;
    }

    [SkippableTheory]
    [InlineData(new[] { 1, 6, 5, 8 }, new[] { 8 })]
    [InlineData(new[] { 1, 6, 5, 8 }, new[] { 1, 1, 8 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 3, 4 })]
    public void Prelu(int[] input, int[] alpha)
    {
        var m = new OpModel(input.Length);
        int x = m.Input(input, 2f);
        int a = m.Const(alpha);
        int y = m.Value("y");
        Check(m.Op(BuiltinOperator.PRELU, [x, a], [y]).Output(y));
    }

    [SkippableTheory]
    [InlineData(0.2f)]
    [InlineData(1.5f)]
    public void LeakyRelu(float alpha)
    {
        var m = new OpModel(3);
        int x = m.Input([2, 7, 3], 2f);
        int y = m.Value("y");
        Check(m.Op(BuiltinOperator.LEAKY_RELU, [x], [y], Tag.LeakyRelu, Float(0, alpha)).Output(y));
    }

    public static IEnumerable<object[]> UnaryOperators() =>
        new[]
        {
            BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH,
            BuiltinOperator.HARD_SWISH, BuiltinOperator.ELU, BuiltinOperator.EXP, BuiltinOperator.SQRT, BuiltinOperator.RSQRT,
            BuiltinOperator.ABS, BuiltinOperator.NEG, BuiltinOperator.SQUARE,
        }.Select(o => new object[] { o });

    [SkippableTheory]
    [MemberData(nameof(UnaryOperators))]
    public void Unary(BuiltinOperator op)
    {
        foreach (int n in new[] { 1, 31, 257 })
        {
            var m = new OpModel(n);
            bool positive = op is BuiltinOperator.SQRT or BuiltinOperator.RSQRT;
            int x = positive ? m.Input([n]) : m.Input([1, n], 12f);
            if (positive) m.Feeds[0] = m.Feeds[0].Select(v => 0.01f + 5 * Math.Abs(v)).ToArray();
            int y = m.Value("y");
            Check(m.Op(op, [x], [y]).Output(y), tolerance: 1e-6, what: $"{op} n {n}");
        }
    }
}
