using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// RANDOM_UNIFORM, RANDOM_STANDARD_NORMAL and MULTINOMIAL: bit-identical with native TFLite for given seeds (tolerance 0),
/// on constant and fed shapes, odd sizes, and inside a WHILE loop that draws twice (the generator advances).
/// </summary>
internal static partial class OpCases
{
    static partial void AddRandom(List<OpCaseFactory> cases) => RandomFamilyCases.Add(cases);
}

internal static class RandomFamilyCases
{
    private const byte RandomOptions = 114, WhileOptions = 93;

    private static readonly (long Seed, long Seed2)[] Seeds = [(1, 2), (87654321, 0), (0, 5), (-3, 1L << 40)];

    public static void Add(List<OpCaseFactory> cases)
    {
        foreach (var (opName, op) in new[] { ("random_uniform", BuiltinOperator.RANDOM_UNIFORM), ("random_standard_normal", BuiltinOperator.RANDOM_STANDARD_NORMAL) })
        {
            for (int i = 0; i < Seeds.Length; i++)
            {
                var (seed, seed2) = Seeds[i];
                string name = $"{opName}_seed{i}";
                bool fed = i % 2 == 1;
                cases.Add(new(name, s =>
                {
                    var d = new CaseData(s);
                    // Odd element counts exercise the partial last block (and Box-Muller's unpaired last value).
                    int[] shape = [d.Int(1, 4), d.Int(1, 7) | 1];
                    // A constant shape plans the output statically; a fed one makes it dynamic.
                    var c = SingleOp.Build(name, op, 1, [CaseData.Of(TensorType.Int32, [2], shape)], [(TensorType.Float32, fed ? [1, 1] : shape)],
                        RandomOptions, Options(seed, seed2), [!fed]);
                    return c with { Tolerance = 0 };
                }));
            }
        }
        foreach (var outType in new[] { TensorType.Int32, TensorType.Int64 })
        {
            for (int i = 0; i < Seeds.Length; i++)
            {
                var (seed, seed2) = Seeds[i];
                string name = $"multinomial_{TensorTypes.Name(outType)}_seed{i}";
                cases.Add(new(name, s =>
                {
                    var d = new CaseData(s);
                    int batch = d.Int(1, 3), classes = d.Int(1, 6), n = d.Int(0, 9);
                    var logits = d.Array(TensorType.Float32, [batch, classes], 3f);
                    return SingleOp.Build(name, BuiltinOperator.MULTINOMIAL, 1, [logits, CaseData.Of(TensorType.Int32, [], n)], [(outType, [batch, n])],
                        RandomOptions, Options(seed, seed2), [false, true]);
                }));
            }
        }
        cases.Add(new("random_uniform_twice_in_while", s =>
        {
            var d = new CaseData(s);
            return new OpCase("random_uniform_twice_in_while", TwiceInWhile(d.Int(2, 9)), [CaseData.Of(TensorType.Int32, [1], 0)]) { Tolerance = 0 };
        }));
    }

    private static OptionField[] Options(long seed, long seed2) => [new(0, OptionKind.Long, seed), new(1, OptionKind.Long, seed2)];

    /// <summary>
    /// main(i) = WHILE i != 2: i += 1, x = RANDOM_UNIFORM([n]) (seed 7, 11). Output x: the second draw of the node, so it
    /// matches only if the generator advanced between the two iterations.
    /// </summary>
    private static byte[] TwiceInWhile(int n)
    {
        var main = new TinyModel();
        int i = main.Tensor("i", TensorType.Int32, [1]);
        int x0 = main.Const("x0", TensorType.Float32, [n], new float[n]);
        int io = main.Tensor("i_out", TensorType.Int32, [1]), xo = main.Tensor("x_out", TensorType.Float32, [n]);
        main.Op(BuiltinOperator.WHILE, [i, x0], [io, xo], 1, WhileOptions, [new(0, OptionKind.Int, 1), new(1, OptionKind.Int, 2)]).Inputs(i).Outputs(xo);
        var cond = new TinyModel();
        int ci = cond.Tensor("i", TensorType.Int32, [1]), cx = cond.Tensor("x", TensorType.Float32, [n]);
        int two = cond.ConstInt("two", [1], 2), go = cond.Tensor("go", TensorType.Bool, [1]);
        cond.Op(BuiltinOperator.LESS, [ci, two], [go]).Inputs(ci, cx).Outputs(go);
        var body = new TinyModel();
        int bi = body.Tensor("i", TensorType.Int32, [1]), bx = body.Tensor("x", TensorType.Float32, [n]);
        int one = body.ConstInt("one", [1], 1), shape = body.ConstInt("shape", [1], n);
        int bi1 = body.Tensor("i1", TensorType.Int32, [1]), bx1 = body.Tensor("x1", TensorType.Float32, [n]);
        body.Op(BuiltinOperator.ADD, [bi, one], [bi1]).Op(BuiltinOperator.RANDOM_UNIFORM, [shape], [bx1], 1, RandomOptions, Options(7, 11))
            .Inputs(bi, bx).Outputs(bi1, bx1);
        return main.Build(cond, body);
    }
}
