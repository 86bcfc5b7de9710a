using System.Text;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;
using Ref = ManagedLite.Kernels.Reference;

namespace ManagedLite.OpConformance;

/// <summary>
/// String-tensor cases against native TFLite: SKIP_GRAM and the string variants of builtins, with string inputs fed as
/// |S .npy. tflite_run writes no string outputs, so a string result is checked through probes that native TFLite
/// computes from it: EQUAL against a vocabulary (bool [V, ...]: which vocabulary entry each element is, exactly, and
/// the result's shape) and a sparse LSH_PROJECTION of its whole buffer (int32: a fingerprint of every byte of the
/// layout). Called from <c>OpCases.AddStrings</c> (Cases/HashtableCases.cs).
/// </summary>
internal static class StringOpCases
{
    private const byte SkipGramOptions = 18;

    /// <summary>Words the data-movement cases draw from; each output element is one of them, so EQUAL names it exactly.</summary>
    private static readonly string[] Pool = ["alpha", "", "béta", "gamma ray", "δ", "epsilon-long-word", "z", "日本", "tab\there", "nul\0in"];

    public static void Add(List<OpCaseFactory> cases)
    {
        AddSkipGram(cases, "skip_gram_bigrams_skip1", "the quick brown fox jumps over the lazy dog", 2, 1, false);
        AddSkipGram(cases, "skip_gram_trigrams_all_skip2", " leading  double\ttab\nnew line, déjà vu ünïcode\v\f end ", 3, 2, true);
        AddSkipGram(cases, "skip_gram_unigrams", "a bb ccc dddd", 1, 0, false);
        AddSkipGram(cases, "skip_gram_too_few_words", "only two", 3, 1, true);
        AddSkipGram(cases, "skip_gram_zero_skip_4grams", "w1 w2 w3 w4 w5 w6 w7", 4, 0, true);
        AddEquality(cases);
        AddLsh(cases);
        AddDataMovement(cases);
        AddControlFlow(cases);
    }

    private const byte WhileOptions = 93, IfOptions = 92;

    /// <summary>One string step of a loop body or branch: GATHER by a rotation (same shape) or TILE by 2 (growing).</summary>
    private static int StringStep(TinyModel g, int s, int n, bool grow)
    {
        int r = g.Tensor("s_next", TensorType.String, [grow ? 2 * n : n]);
        if (grow) g.Op(BuiltinOperator.TILE, [s, g.ConstInt("twice", [1], 2)], [r], 2);
        else g.Op(BuiltinOperator.GATHER, [s, g.ConstInt("rotate", [n], [.. Enumerable.Range(1, n - 1), 0])], [r], 1, 23, [new(0, OptionKind.Int, 0)]);
        return r;
    }

    private static void AddControlFlow(List<OpCaseFactory> cases)
    {
        foreach (bool grow in new[] { false, true })
        {
            string name = grow ? "while_string_growing" : "while_string_rotating";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int n = d.Int(2, 4);
                var main = new TinyModel();
                int i = main.Tensor("i", TensorType.Int32, [1]), limit = main.Tensor("limit", TensorType.Int32, [1]);
                int s = main.Tensor("s", TensorType.String, [n]);
                int io = main.Tensor("i_out", TensorType.Int32, [1]), lo = main.Tensor("limit_out", TensorType.Int32, [1]);
                int so = main.Tensor("s_out", TensorType.String, [n]);
                main.Op(BuiltinOperator.WHILE, [i, limit, s], [io, lo, so], 1, WhileOptions, [new(0, OptionKind.Int, 1), new(1, OptionKind.Int, 2)]);
                var probes = Probes(main, d, so, 1, [.. Pool, "decoy"]);
                main.Inputs(i, limit, s).Outputs([io, .. probes]);

                // cond(i, limit, s): limit - i cast to bool (true while i != limit).
                var cond = new TinyModel();
                int ci = cond.Tensor("i", TensorType.Int32, [1]), cl = cond.Tensor("limit", TensorType.Int32, [1]);
                int cs = cond.Tensor("s", TensorType.String, [n]);
                int diff = cond.Tensor("diff", TensorType.Int32, [1]), go = cond.Tensor("go", TensorType.Bool, [1]);
                cond.Op(BuiltinOperator.SUB, [cl, ci], [diff]).Op(BuiltinOperator.CAST, [diff], [go]).Inputs(ci, cl, cs).Outputs(go);

                // body(i, limit, s): i + 1, limit, one string step.
                var body = new TinyModel();
                int bi = body.Tensor("i", TensorType.Int32, [1]), bl = body.Tensor("limit", TensorType.Int32, [1]);
                int bs = body.Tensor("s", TensorType.String, [n]);
                int bi1 = body.Tensor("i1", TensorType.Int32, [1]);
                body.Op(BuiltinOperator.ADD, [bi, body.ConstInt("one", [1], 1)], [bi1]);
                int bs1 = StringStep(body, bs, n, grow);
                body.Inputs(bi, bl, bs).Outputs(bi1, bl, bs1);
                return new OpCase(name, main.Build(cond, body),
                    [CaseData.Of(TensorType.Int32, [1], 0), CaseData.Of(TensorType.Int32, [1], d.Int(1, 3)), Strings([n], Words(d, n))]);
            }));
        }
        foreach (bool then in new[] { true, false })
        {
            string name = $"if_string_{(then ? "then" : "else")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int n = d.Int(2, 4);
                var main = new TinyModel();
                int c = main.Tensor("c", TensorType.Bool, [1]);
                int s = main.Tensor("s", TensorType.String, [n]);
                int o = main.Tensor("o", TensorType.String, [n]);
                main.Op(BuiltinOperator.IF, [c, s], [o], 1, IfOptions, [new(0, OptionKind.Int, 1), new(1, OptionKind.Int, 2)]);
                var probes = Probes(main, d, o, 1, [.. Pool, "decoy"]);
                main.Inputs(c, s).Outputs(probes);
                TinyModel Branch(bool grow)
                {
                    var g = new TinyModel();
                    int x = g.Tensor("s", TensorType.String, [n]);
                    return g.Inputs(x).Outputs(StringStep(g, x, n, grow));
                }
                return new OpCase(name, main.Build(Branch(true), Branch(false)),
                    [CaseData.Of(TensorType.Bool, [1], then), Strings([n], Words(d, n))]);
            }));
        }
    }

    /// <summary>
    /// One operator whose output 0 is a string tensor of rank <paramref name="outRank"/>, checked by <see cref="Probes"/>;
    /// inputs marked <paramref name="constant"/> are constants of the model, the others graph inputs.
    /// </summary>
    private static OpCase Probed(string name, CaseData d, BuiltinOperator op, int version, NpyArray[] inputs, bool[] constant,
        int outRank, byte optionsType = 0, OptionField[]? options = null, (TensorType Type, int[] Shape)[]? extraOutputs = null)
    {
        var m = new TinyModel();
        var ins = new int[inputs.Length];
        var graphInputs = new List<int>();
        var fed = new List<NpyArray>();
        for (int i = 0; i < inputs.Length; i++)
        {
            ins[i] = m.Tensor($"in{i}", inputs[i].Type, inputs[i].Shape, constant[i] ? inputs[i].Data : null);
            if (!constant[i]) { graphInputs.Add(ins[i]); fed.Add(inputs[i]); }
        }
        var placeholder = new int[outRank];
        Array.Fill(placeholder, 1);
        int str = m.Tensor("out0", TensorType.String, placeholder);
        var extras = (extraOutputs ?? []).Select((e, k) => m.Tensor($"out{k + 1}", e.Type, e.Shape)).ToArray();
        m.Op(op, ins, [str, .. extras], version, optionsType, options ?? []);
        var probes = Probes(m, d, str, outRank, [.. Pool, "decoy"]);
        m.Inputs([.. graphInputs]).Outputs([.. probes, .. extras]);
        return new OpCase(name, m.Build(), [.. fed]);
    }

    private static NpyArray Ints(int[] shape, params int[] values) => CaseData.Of(TensorType.Int32, shape, values);

    private static void AddDataMovement(List<OpCaseFactory> cases)
    {
        cases.Add(new("gather_string", seed =>
        {
            var d = new CaseData(seed);
            int n = d.Int(4, 8);
            var positions = Enumerable.Range(0, 6).Select(_ => d.Int(0, n - 1)).ToArray();
            return Probed("gather_string", d, BuiltinOperator.GATHER, 1, [Strings([n], Words(d, n)), Ints([2, 3], positions)],
                [false, true], 2, 23, [new(0, OptionKind.Int, 0)]);
        }));
        cases.Add(new("gather_string_int64_positions", seed =>
        {
            var d = new CaseData(seed);
            int n = d.Int(3, 6);
            var positions = Enumerable.Range(0, 5).Select(_ => (long)d.Int(0, n - 1)).ToArray();
            return Probed("gather_string_int64_positions", d, BuiltinOperator.GATHER, 1,
                [Strings([n], Words(d, n)), CaseData.Of(TensorType.Int64, [5], positions)], [false, false], 1, 23, [new(0, OptionKind.Int, 0)]);
        }));
        cases.Add(new("gather_nd_string_elements", seed =>
        {
            var d = new CaseData(seed);
            int r = d.Int(2, 4), c = d.Int(2, 5);
            var idx = Enumerable.Range(0, 4).SelectMany(_ => new[] { d.Int(0, r - 1), d.Int(0, c - 1) }).ToArray();
            return Probed("gather_nd_string_elements", d, BuiltinOperator.GATHER_ND, 2, [Strings([r, c], Words(d, r * c)), Ints([4, 2], idx)],
                [false, true], 1);
        }));
        cases.Add(new("gather_nd_string_rows", seed =>
        {
            var d = new CaseData(seed);
            int r = d.Int(2, 4), c = d.Int(2, 5);
            var idx = Enumerable.Range(0, 3).Select(_ => d.Int(0, r - 1)).ToArray();
            return Probed("gather_nd_string_rows", d, BuiltinOperator.GATHER_ND, 2, [Strings([r, c], Words(d, r * c)), Ints([3, 1], idx)],
                [false, false], 2);
        }));
        cases.Add(new("reshape_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(2, 4), b = d.Int(2, 4);
            return Probed("reshape_string", d, BuiltinOperator.RESHAPE, 1, [Strings([a, b], Words(d, a * b)), Ints([3], b, 1, a)],
                [false, true], 3);
        }));
        cases.Add(new("squeeze_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(2, 4), b = d.Int(2, 3);
            // The reference resolver registers SQUEEZE v1 only: TFLite's builtin kernels run v2 (strings).
            return Probed("squeeze_string", d, BuiltinOperator.SQUEEZE, 2, [Strings([1, a, 1, b], Words(d, a * b))], [false], 2,
                30, [OptionField.Vector(0, 0, 2)]) with { NativeKernels = "builtin" };
        }));
        cases.Add(new("expand_dims_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(2, 4), b = d.Int(2, 4);
            return Probed("expand_dims_string", d, BuiltinOperator.EXPAND_DIMS, 1, [Strings([a, b], Words(d, a * b)), Ints([1], -1)],
                [false, true], 3);
        }));
        cases.Add(new("slice_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(3, 5), b = d.Int(3, 6);
            return Probed("slice_string", d, BuiltinOperator.SLICE, 3,
                [Strings([a, b], Words(d, a * b)), Ints([2], 1, d.Int(0, 1)), Ints([2], a - 1, -1)], [false, true, true], 2);
        }));
        cases.Add(new("strided_slice_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(4, 6), b = d.Int(4, 7);
            return Probed("strided_slice_string", d, BuiltinOperator.STRIDED_SLICE, 5,
                [Strings([a, b], Words(d, a * b)), Ints([2], 0, b - 1), Ints([2], a, 0), Ints([2], 2, -2)], [false, true, true, true], 2, 32,
                [new(0, OptionKind.Int, 0), new(1, OptionKind.Int, 0)]) with { NativeKernels = "builtin" }; // v5 (strings): builtin resolver only
        }));
        cases.Add(new("tile_string", seed =>
        {
            var d = new CaseData(seed);
            int a = d.Int(1, 3), b = d.Int(1, 3);
            return Probed("tile_string", d, BuiltinOperator.TILE, 2, [Strings([a, b], Words(d, a * b)), Ints([2], d.Int(1, 3), d.Int(2, 3))],
                [false, true], 2);
        }));
        cases.Add(new("fill_string", seed =>
        {
            var d = new CaseData(seed);
            return Probed("fill_string", d, BuiltinOperator.FILL, 2, [Ints([3], 2, d.Int(1, 3), 3), Strings([], Words(d, 1))], [true, false], 3);
        }));
        cases.Add(new("hashtable_lookup_string", seed =>
        {
            var d = new CaseData(seed);
            int[] keys = [-3, 2, 7, 11, 40];
            var lookup = Enumerable.Range(0, 7).Select(_ => d.Pick(-3, 0, 2, 5, 7, 11, 40, 41)).ToArray();
            return Probed("hashtable_lookup_string", d, BuiltinOperator.HASHTABLE_LOOKUP, 1,
                [Ints([7], lookup), Ints([5], keys), Strings([5], Words(d, 5))], [false, true, true], 1,
                extraOutputs: [(TensorType.UInt8, [7])]);
        }));
    }

    /// <summary>n seeded strings from <see cref="Pool"/>.</summary>
    public static string[] Words(CaseData d, long n)
    {
        var w = new string[n];
        for (long i = 0; i < n; i++) w[i] = Pool[d.Int(0, Pool.Length - 1)];
        return w;
    }

    public static NpyArray Strings(int[] shape, string[] values) => NpyArray.FromStrings(shape, values);

    public static int StringConst(TinyModel m, string name, int[] shape, string[] strings)
    {
        var bytes = strings.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[Ref.StringBuffer.Size(bytes)];
        Ref.StringBuffer.Write(bytes, buffer);
        return m.Tensor(name, TensorType.String, shape, buffer);
    }

    /// <summary>
    /// Appends the probes of string tensor <paramref name="str"/> (rank <paramref name="rank"/> &lt;= 3) and returns
    /// their outputs: EQUAL with <paramref name="vocabulary"/> shaped [V, 1, ...] and, when <paramref name="lsh"/> (the
    /// tensor is not empty), LSH_PROJECTION SPARSE with 8 seeded 16-bit hash functions.
    /// </summary>
    public static int[] Probes(TinyModel m, CaseData d, int str, int rank, string[] vocabulary, bool lsh = true)
    {
        var vshape = new int[rank + 1];
        Array.Fill(vshape, 1);
        vshape[0] = vocabulary.Length;
        int vocab = StringConst(m, "vocabulary", vshape, vocabulary);
        int matches = m.Tensor("matches", TensorType.Bool, [vocabulary.Length]);
        m.Op(BuiltinOperator.EQUAL, [str, vocab], [matches], 3);
        if (!lsh) return [matches];
        var seeds = d.Array(TensorType.Float32, [8, 16], 5f);
        int hash = m.Tensor("lsh_seeds", TensorType.Float32, [8, 16], seeds.Data);
        int fingerprint = m.Tensor("fingerprint", TensorType.Int32, [8]);
        m.Op(BuiltinOperator.LSH_PROJECTION, [hash, str], [fingerprint], 1, 4, [new OptionField(0, OptionKind.Byte, 1)]);
        return [matches, fingerprint];
    }

    private static void AddSkipGram(List<OpCaseFactory> cases, string name, string sentence, int ngram, int skip, bool all) =>
        cases.Add(new(name, seed =>
        {
            var d = new CaseData(seed);
            var m = new TinyModel();
            int input = m.Tensor("sentence", TensorType.String, [1]);
            int grams = m.Tensor("grams", TensorType.String, [1]);
            m.Op(BuiltinOperator.SKIP_GRAM, [input], [grams], 1, SkipGramOptions,
                [new(0, OptionKind.Int, ngram), new(1, OptionKind.Int, skip), new(2, OptionKind.Bool, all ? 1 : 0)]);
            // Vocabulary: every n-gram of up to ngram words with any skip (a superset of the result), plus a decoy.
            var bytes = Encoding.UTF8.GetBytes(sentence);
            Ref.SkipGram.Run(bytes, ngram, int.MaxValue / 2, true, long.MaxValue, long.MaxValue, out var all2, out _);
            var vocabulary = all2.Select(g => Encoding.UTF8.GetString(g)).Distinct().Append("not a gram").ToArray();
            bool empty = Ref.SkipGram.SplitWords(bytes).Count < ngram;
            var probes = Probes(m, d, grams, 1, vocabulary, lsh: !empty);
            m.Inputs(input).Outputs(probes);
            return new OpCase(name, m.Build(), [Strings([1], [sentence])]);
        }));

    private static void AddEquality(List<OpCaseFactory> cases)
    {
        foreach (var (op, name) in new[] { (BuiltinOperator.EQUAL, "equal"), (BuiltinOperator.NOT_EQUAL, "not_equal") })
        {
            cases.Add(new($"{name}_string", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 4);
                var a = Words(d, s[0] * s[1] * s[2]);
                // b shares about half of a's elements, the rest drawn afresh.
                var b = a.Select(x => d.Bool() ? x : Pool[d.Int(0, Pool.Length - 1)]).ToArray();
                return SingleOp.Build($"{name}_string", op, 3, [Strings(s, a), Strings(s, b)], [(TensorType.Bool, s)]);
            }));
            cases.Add(new($"{name}_string_broadcast", seed =>
            {
                var d = new CaseData(seed);
                int[] s = [d.Int(2, 4), 1, d.Int(2, 5)], t = [d.Int(2, 3), 1];
                var inputs = new[] { Strings(s, Words(d, s[0] * s[2])), Strings(t, Words(d, t[0])) };
                return SingleOp.Build($"{name}_string_broadcast", op, 3, inputs, [(TensorType.Bool, [s[0], t[0], s[2]])],
                    constant: [false, true]);
            }));
        }
    }

    private static void AddLsh(List<OpCaseFactory> cases)
    {
        foreach (bool sparse in new[] { true, false })
        {
            string name = $"lsh_projection_string_{(sparse ? "sparse" : "dense")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int rows = d.Int(2, 6), numHash = d.Int(2, 4), bits = d.Int(3, 12);
                var hash = d.Array(TensorType.Float32, [numHash, bits], 3f);
                var input = Strings([rows, 2], Words(d, rows * 2));
                var weight = d.Array(TensorType.Float32, [rows], 2f);
                return SingleOp.Build(name, BuiltinOperator.LSH_PROJECTION, 1, [hash, input, weight],
                    [(TensorType.Int32, [sparse ? numHash : numHash * bits])], optionsType: 4,
                    options: [new OptionField(0, OptionKind.Byte, sparse ? 1 : 2)], constant: [true, false, true]);
            }));
        }
    }
}
