using System.Diagnostics;
using System.Runtime.InteropServices;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using ManagedLite.Tests.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Fuzz;

/// <summary>
/// Structure-aware fuzzing: instead of flipping bytes, builds small valid-looking models aimed at the runtime's
/// resource limits, one attack kind per case (sharing tricks, huge dimensions, folded-constant and arena growth,
/// compute the budget might miss, lying sparsity, stale variables, loops that never end or grow memory, random
/// operator graphs). Each case must end within the case timeout with success or one of the project's
/// exceptions, allocating no more than the case limit: the same contract as byte mutation (<see cref="CaseRunner"/>).
/// Case k of run N is deterministic.
/// </summary>
public static class StructureFuzzer
{
    public static readonly string[] Kinds =
        ["sharing", "huge-dims", "folded-growth", "arena-growth", "uncounted-compute", "lying-sparsity", "stale-variable", "loops", "random-graph"];

    public static (string Kind, string Description, byte[] Model) MakeCase(int runSeed, int caseIndex)
    {
        var rng = FuzzRunner.CaseRandom(runSeed ^ 0x5157, caseIndex);
        string kind = Kinds[caseIndex % Kinds.Length];
        try
        {
            var (desc, bytes) = kind switch
            {
                "sharing" => Sharing(rng),
                "huge-dims" => HugeDims(rng),
                "folded-growth" => FoldedGrowth(rng),
                "arena-growth" => ArenaGrowth(rng),
                "uncounted-compute" => UncountedCompute(rng),
                "lying-sparsity" => LyingSparsity(rng),
                "stale-variable" => StaleVariable(rng),
                "loops" => Loops(rng),
                _ => RandomGraph(rng),
            };
            return (kind, desc, bytes);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            // The builder refused a combination (e.g. a FlatBuffer over 2 GiB): an empty file is still a case.
            return (kind, $"builder refused: {e.Message}", []);
        }
    }

    /// <summary>Per attack kind: cases, outcomes, the slowest case and the largest allocation.</summary>
    public sealed class KindStats
    {
        public int Cases;
        public readonly SortedDictionary<string, int> Outcomes = new(StringComparer.Ordinal);
        public double MaxMilliseconds;
        public string? SlowestCase;
        public long MaxAllocatedBytes;
        public string? LargestCase;
    }

    public static (FuzzReport Report, SortedDictionary<string, KindStats> ByKind) Run(int cases, int runSeed, FuzzOptions options,
        TimeSpan? deadline = null, Action<FuzzFinding>? onFinding = null, int firstCase = 0,
        Action<int, string, string, CaseResult>? onCase = null)
    {
        var report = new FuzzReport();
        var byKind = new SortedDictionary<string, KindStats>(StringComparer.Ordinal);
        var sw = Stopwatch.StartNew();
        using var worker = new CaseWorker(options);
        for (int i = firstCase; i < firstCase + cases; i++)
        {
            if (deadline is { } d && sw.Elapsed > d) break;
            var (kind, desc, bytes) = MakeCase(runSeed, i);
            var result = worker.Run(bytes, (uint)i, FuzzRunner.CaseRandom(runSeed, i));
            report.Add(result);
            onCase?.Invoke(i, kind, desc, result);
            if (!byKind.TryGetValue(kind, out var k)) byKind[kind] = k = new KindStats();
            k.Cases++;
            k.Outcomes[result.Kind] = k.Outcomes.GetValueOrDefault(result.Kind) + 1;
            if (result.Milliseconds > k.MaxMilliseconds) { k.MaxMilliseconds = result.Milliseconds; k.SlowestCase = $"case {i}: {desc} -> {result.Kind}"; }
            if (result.AllocatedBytes > k.MaxAllocatedBytes) { k.MaxAllocatedBytes = result.AllocatedBytes; k.LargestCase = $"case {i}: {desc} -> {result.Kind}"; }
            if (result.IsFinding)
            {
                report.FindingsTotal++;
                var f = new FuzzFinding(i, kind, desc, result, bytes);
                if (report.Findings.Count < 100) report.Findings.Add(f);
                onFinding?.Invoke(f);
                if (worker.Abandoned > 8) break;
            }
        }
        report.Elapsed = sw.Elapsed;
        return (report, byKind);
    }

    public static string Format(SortedDictionary<string, KindStats> byKind)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (kind, k) in byKind)
        {
            sb.AppendLine($"{kind}: {k.Cases} cases; {string.Join(", ", k.Outcomes.Select(o => $"{o.Key} {o.Value}"))}");
            sb.AppendLine($"  slowest {k.MaxMilliseconds:F0} ms ({k.SlowestCase}); largest allocation {k.MaxAllocatedBytes / 1048576.0:F1} MiB ({k.LargestCase})");
        }
        return sb.ToString();
    }

    // ---- attack kinds ----

    private static (string, byte[]) Sharing(Random rng) => rng.Next(8) switch
    {
        0 => Described($"shared tensor", SharingModels.SharedTensor(rng.Next(100, 3000), rng.Next(1 << 10, 1 << 20))),
        1 => Described("shared quantization", SharingModels.SharedQuantization(rng.Next(10, 400), rng.Next(1 << 8, 1 << 16))),
        2 => Described("shared custom code", SharingModels.SharedCustomCode(rng.Next(100, 2000), rng.Next(1 << 10, 1 << 19))),
        3 => Described("shared name", SharingModels.SharedName(rng.Next(100, 2000), rng.Next(1 << 10, 1 << 19))),
        4 => Described("shared subgraph", SharingModels.SharedSubGraph(rng.Next(10, 1000), rng.Next(10, 1000))),
        5 => Described("shared operator", SharingModels.SharedOperator(rng.Next(100, 20000), rng.Next(10, 20000))),
        6 => Described("shared sparsity", SharingModels.SharedSparsity(rng.Next(10, 400), rng.Next(10, 20000), rng.Next(1, 64))),
        _ => Described("shared options", SharingModels.SharedOptions(rng.Next(100, 5000), rng.Next(1, 2000))),
    };

    private static (string, byte[]) Described(string what, byte[] bytes) => ($"{what} ({bytes.Length} bytes)", bytes);

    private static int HugeDim(Random rng) => rng.Next(4) switch
    {
        0 => int.MaxValue,
        1 => 1 << rng.Next(16, 31),
        2 => rng.Next(46000, 70000),
        _ => rng.Next(0, 3), // zero dimensions and ones: empty tensors next to huge ones
    };

    private static (string, byte[]) HugeDims(Random rng)
    {
        var m = new TinyModel();
        int rank = rng.Next(1, 5);
        var a = Enumerable.Range(0, rank).Select(_ => rng.Next(3) == 0 ? HugeDim(rng) : rng.Next(1, 8)).ToArray();
        var op = Pick(rng, BuiltinOperator.ADD, BuiltinOperator.RESHAPE, BuiltinOperator.CONCATENATION, BuiltinOperator.TANH, BuiltinOperator.TILE,
                      BuiltinOperator.FILL, BuiltinOperator.BROADCAST_TO, BuiltinOperator.MEAN, BuiltinOperator.TRANSPOSE);
        int x = m.Tensor("x", TensorType.Float32, a, signature: rng.Next(2) == 0 ? a.Select(_ => -1).ToArray() : null);
        int o = m.Tensor("o", TensorType.Float32, a.Select(d => rng.Next(3) == 0 ? HugeDim(rng) : d).ToArray());
        int[] ins = op switch
        {
            BuiltinOperator.ADD or BuiltinOperator.CONCATENATION => [x, x],
            BuiltinOperator.RESHAPE or BuiltinOperator.TILE or BuiltinOperator.BROADCAST_TO or BuiltinOperator.MEAN or BuiltinOperator.TRANSPOSE =>
                [x, m.ConstInt("shape", [rank], Enumerable.Range(0, rank).Select(_ => rng.Next(2) == 0 ? HugeDim(rng) : rng.Next(0, 4)).ToArray())],
            BuiltinOperator.FILL => [m.ConstInt("dims", [rank], Enumerable.Range(0, rank).Select(_ => HugeDim(rng)).ToArray()), m.ConstFloat("v", [], 1f)],
            _ => [x],
        };
        var bytes = m.Op(op, ins, [o], op == BuiltinOperator.BROADCAST_TO ? 2 : 1).Inputs(op == BuiltinOperator.FILL ? [] : [x]).Outputs(o).Build();
        return ($"{op} on [{string.Join(",", a)}]", bytes);
    }

    /// <summary>A tiny constant blown up at preparation (PAD/TILE/BROADCAST_TO/CONCATENATION of constants are folded).</summary>
    private static (string, byte[]) FoldedGrowth(Random rng)
    {
        var m = new TinyModel();
        int c = m.ConstFloat("c", [1, 1], 1f);
        // Each constant under ModelLimits.MaxTensorBytes (64 MiB) but together over the memory limit: the budget, not the
        // per-tensor limit, must stop them (or the few that fit are folded once and shared).
        int count = rng.Next(1, 9);
        var folded = new List<int>();
        int big = rng.Next(1 << 11, 1 << 12);
        for (int k = 0; k < count; k++)
        {
            // Declared [1, 1]: the file is small and valid; the size appears only when Prepare computes the shape.
            int f = m.Input($"f{k}", TensorType.Float32, 1, 1);
            switch (rng.Next(3))
            {
                case 0: m.Op(BuiltinOperator.PAD, [c, m.ConstInt($"p{k}", [2, 2], 0, big - 1, 0, big - 1)], [f]); break;
                case 1: m.Op(BuiltinOperator.TILE, [c, m.ConstInt($"t{k}", [2], big, big)], [f]); break;
                default: m.Op(BuiltinOperator.BROADCAST_TO, [c, m.ConstInt($"s{k}", [2], big, big)], [f], 2); break;
            }
            folded.Add(f);
        }
        int x = m.Input("x", TensorType.Float32, 1, 1);
        int o = m.Input("o", TensorType.Float32, 1, 1);
        int sum = m.Input("sum", TensorType.Float32, 1, 1);
        m.Op(folded.Count == 1 ? BuiltinOperator.RELU : BuiltinOperator.ADD_N, folded.ToArray(), [sum]);
        m.Op(BuiltinOperator.ADD, [x, sum], [o]).Inputs(x).Outputs(o);
        return ($"{count} folded constant(s)", m.Build());
    }

    /// <summary>
    /// A chain whose intermediates all stay alive (an ADD_N at the end reads them all): the arena grows. The input
    /// is one row, tiled to many rows at run time, and every tensor is declared one row, so only Prepare sees the sizes.
    /// </summary>
    private static (string, byte[]) ArenaGrowth(Random rng)
    {
        var m = new TinyModel();
        int rows = rng.Next(1 << 10, 1 << 13), cols = rng.Next(256, 2048); // each under MaxTensorBytes, together over the budget
        int x = m.Tensor("x", TensorType.Float32, [1, cols]);
        int tiled = m.Input("tiled", TensorType.Float32, 1, cols);
        m.Op(BuiltinOperator.TILE, [x, m.ConstInt("rows", [2], rows, 1)], [tiled]);
        int n = rng.Next(2, 12);
        var live = new List<int> { tiled };
        for (int k = 0; k < n; k++)
        {
            int t = m.Input($"t{k}", TensorType.Float32, 1, cols);
            m.Op(Pick(rng, BuiltinOperator.TANH, BuiltinOperator.RELU, BuiltinOperator.LOGISTIC, BuiltinOperator.NEG), [live[^1]], [t]);
            live.Add(t);
        }
        int o = m.Input("o", TensorType.Float32, 1, cols);
        m.Op(BuiltinOperator.ADD_N, live.ToArray(), [o]).Inputs(x).Outputs(o);
        return ($"{n + 1} live tensors of [{rows},{cols}]", m.Build());
    }

    /// <summary>Little memory, much work: batched matrix products by broadcasting, huge pooling windows, big convolutions, sorting.</summary>
    private static (string, byte[]) UncountedCompute(Random rng)
    {
        var m = new TinyModel();
        switch (rng.Next(5))
        {
            case 0:
            {
                int b = rng.Next(64, 4096), mm = rng.Next(64, 1024), k = rng.Next(64, 2048), n = rng.Next(64, 1024);
                int lhs = m.Input("lhs", TensorType.Float32, 1, mm, k);
                int rhs = m.Input("rhs", TensorType.Float32, b, k, n);
                int o = m.Input("o", TensorType.Float32, b, mm, n);
                m.Op(BuiltinOperator.BATCH_MATMUL, [lhs, rhs], [o]).Inputs(lhs, rhs).Outputs(o);
                return ($"BATCH_MATMUL {b}x{mm}x{k}x{n}", m.Build());
            }
            case 1:
            {
                int h = rng.Next(64, 2048), w = rng.Next(64, 2048), c = rng.Next(1, 64);
                int x = m.Input("x", TensorType.Float32, 1, h, w, c);
                int o = m.Input("o", TensorType.Float32, 1, h, w, c);
                int filter = rng.Next(2) == 0 ? int.MaxValue : rng.Next(h, 1 << 20);
                m.Op(Pick(rng, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D), [x], [o], 1, 5,
                    new OptionField(0, OptionKind.Byte, 0), new OptionField(1, OptionKind.Int, 1), new OptionField(2, OptionKind.Int, 1),
                    new OptionField(3, OptionKind.Int, filter), new OptionField(4, OptionKind.Int, filter)).Inputs(x).Outputs(o);
                return ($"SAME pooling {h}x{w}x{c} with a {filter} window", m.Build());
            }
            case 2:
            {
                int h = rng.Next(64, 512), c = rng.Next(16, 256), oc = rng.Next(16, 256), kh = rng.Next(3, 64);
                int x = m.Input("x", TensorType.Float32, 1, h, h, c);
                int w = m.Tensor("w", TensorType.Float32, [oc, kh, kh, c], MemoryMarshal.AsBytes(new float[oc * kh * kh * c].AsSpan()).ToArray());
                int o = m.Input("o", TensorType.Float32, 1, h, h, oc);
                m.Op(BuiltinOperator.CONV_2D, [x, w], [o], 1, 1, new OptionField(0, OptionKind.Byte, 0), new OptionField(1, OptionKind.Int, 1),
                     new OptionField(2, OptionKind.Int, 1)).Inputs(x).Outputs(o);
                return ($"CONV_2D {h}x{h}x{c} -> {oc} with {kh}x{kh}", m.Build());
            }
            case 3:
            {
                int n = rng.Next(1 << 16, 1 << 22), k = rng.Next(1, n);
                int x = m.Input("x", TensorType.Float32, 4, n);
                int kk = m.ConstInt("k", [], k);
                int v = m.Input("values", TensorType.Float32, 4, k);
                int i = m.Input("indices", TensorType.Int32, 4, k);
                m.Op(BuiltinOperator.TOPK_V2, [x, kk], [v, i]).Inputs(x).Outputs(v, i);
                return ($"TOPK_V2 of {n} with k {k}", m.Build());
            }
            default:
            {
                int n = rng.Next(1 << 16, 1 << 22);
                int x = m.Input("x", TensorType.Float32, 1, n);
                int axis = m.ConstInt("axis", [], 1);
                int o = m.Input("o", TensorType.Float32, 1, n);
                m.Op(BuiltinOperator.CUMSUM, [x, axis], [o]).Inputs(x).Outputs(o);
                return ($"CUMSUM over {n}", m.Build());
            }
        }
    }

    /// <summary>DENSIFY of sparse metadata whose sizes, segments or indices disagree with the shape or the data.</summary>
    private static (string, byte[]) LyingSparsity(Random rng)
    {
        var m = new TinyModel();
        int rows = rng.Next(1, 64), cols = rng.Next(1, 64);
        int nnz = rng.Next(0, 16);
        var segments = new int[rows + 1];
        for (int r = 1; r <= rows; r++) segments[r] = Math.Min(nnz, segments[r - 1] + rng.Next(0, 3));
        if (rng.Next(2) == 0) segments[rng.Next(segments.Length)] = rng.Next(-5, 1 << 20);
        var indices = Enumerable.Range(0, nnz).Select(_ => rng.Next(3) == 0 ? rng.Next(-10, 1 << 20) : rng.Next(0, cols)).ToArray();
        int denseRows = rng.Next(2) == 0 ? rows : rng.Next(0, rows * 2 + 1);
        int denseCols = rng.Next(2) == 0 ? cols : rng.Next(0, cols * 2 + 1);
        var sparsity = new Sparsity([0, 1], [], [new SparseDim(false, denseRows), new SparseDim(true, denseCols, segments, indices)]);
        var data = MemoryMarshal.AsBytes(new float[rng.Next(0, nnz + 4)].AsSpan()).ToArray();
        int w = m.Tensor("w_sparse", TensorType.Float32, [rows, cols], data, sparsity: sparsity);
        int dense = m.Input("w", TensorType.Float32, rows, cols);
        int x = m.Input("x", TensorType.Float32, rows, cols);
        int o = m.Input("o", TensorType.Float32, rows, cols);
        m.Op(BuiltinOperator.DENSIFY, [w], [dense]).Op(BuiltinOperator.ADD, [x, dense], [o]).Inputs(x).Outputs(o);
        return ($"DENSIFY [{rows},{cols}] dense sizes {denseRows}x{denseCols}, {nnz} values", m.Build());
    }

    /// <summary>A variable tensor read by one node and written with another shape by a later one.</summary>
    private static (string, byte[]) StaleVariable(Random rng)
    {
        var m = new TinyModel();
        int n = rng.Next(1, 16);
        int v = m.Tensor("state", TensorType.Float32, [1, n], isVariable: true);
        int x = m.Input("x", TensorType.Float32, 1, n);
        int y = m.Input("y", TensorType.Float32, 1, n);
        int bigger = rng.Next(n + 1, n * 1000 + 2);
        int wide = m.Input("wide", TensorType.Float32, 1, bigger);
        m.Op(BuiltinOperator.ADD, [x, v], [y]);
        switch (rng.Next(3))
        {
            case 0: m.Op(BuiltinOperator.TILE, [y, m.ConstInt("t", [2], 1, bigger)], [v]); break;
            case 1: m.Op(BuiltinOperator.CONCATENATION, [y, y], [v], 1, 10, new OptionField(0, OptionKind.Int, 1)); break;
            default: m.Op(BuiltinOperator.PAD, [y, m.ConstInt("p", [2, 2], 0, 0, 0, bigger)], [v]); break;
        }
        _ = wide;
        m.Inputs(x).Outputs(y);
        return ($"variable [1,{n}] rewritten", m.Build());
    }

    /// <summary>WHILE loops that never end, grow a tensor every iteration, or nest.</summary>
    private static (string, byte[]) Loops(Random rng)
    {
        const byte WhileOptions = 93;
        OptionField[] While(int cond, int body) => [new(0, OptionKind.Int, cond), new(1, OptionKind.Int, body)];
        var main = new TinyModel();
        int x = main.Tensor("x", TensorType.Float32, [1, 4], signature: [-1, 4]);
        int xo = main.Tensor("x_out", TensorType.Float32, [1, 4], signature: [-1, 4]);
        main.Op(BuiltinOperator.WHILE, [x], [xo], 1, WhileOptions, While(1, 2)).Inputs(x).Outputs(xo);
        var cond = new TinyModel();
        int cx = cond.Tensor("x", TensorType.Float32, [1, 4], signature: [-1, 4]);
        int go = cond.Input("go", TensorType.Bool, 1);
        cond.Op(BuiltinOperator.CAST, [cond.ConstInt("one", [1], 1)], [go]).Inputs(cx).Outputs(go); // always true
        var body = new TinyModel();
        int bx = body.Tensor("x", TensorType.Float32, [1, 4], signature: [-1, 4]);
        int bo = body.Tensor("x1", TensorType.Float32, [2, 4], signature: [-1, 4]);
        bool grow = rng.Next(2) == 0;
        if (grow) body.Op(BuiltinOperator.CONCATENATION, [bx, bx], [bo], 1, 10, new OptionField(0, OptionKind.Int, 0)); // doubles each time
        else body.Op(BuiltinOperator.TANH, [bx], [bo]);
        body.Inputs(bx).Outputs(bo);
        return (grow ? "never-ending WHILE doubling a tensor" : "never-ending WHILE", main.Build(cond, body));
    }

    private static readonly BuiltinOperator[] s_graphOps =
    [
        BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.SUB, BuiltinOperator.DIV, BuiltinOperator.TANH, BuiltinOperator.LOGISTIC,
        BuiltinOperator.RESHAPE, BuiltinOperator.TRANSPOSE, BuiltinOperator.CONCATENATION, BuiltinOperator.GATHER, BuiltinOperator.GATHER_ND,
        BuiltinOperator.SCATTER_ND, BuiltinOperator.STRIDED_SLICE, BuiltinOperator.SLICE, BuiltinOperator.PAD, BuiltinOperator.TILE,
        BuiltinOperator.MEAN, BuiltinOperator.SUM, BuiltinOperator.ARG_MAX, BuiltinOperator.SOFTMAX, BuiltinOperator.SHAPE, BuiltinOperator.PACK,
        BuiltinOperator.UNPACK, BuiltinOperator.WHERE, BuiltinOperator.UNIQUE, BuiltinOperator.TOPK_V2, BuiltinOperator.CUMSUM,
        BuiltinOperator.SPACE_TO_BATCH_ND, BuiltinOperator.BATCH_TO_SPACE_ND, BuiltinOperator.ONE_HOT, BuiltinOperator.RANGE,
        BuiltinOperator.SELECT_V2, BuiltinOperator.LESS, BuiltinOperator.EQUAL, BuiltinOperator.CAST, BuiltinOperator.FILL,
        BuiltinOperator.BROADCAST_TO, BuiltinOperator.DYNAMIC_UPDATE_SLICE, BuiltinOperator.EMBEDDING_LOOKUP, BuiltinOperator.SEGMENT_SUM,
        BuiltinOperator.SPLIT, BuiltinOperator.REVERSE_V2, BuiltinOperator.SQUEEZE, BuiltinOperator.EXPAND_DIMS, BuiltinOperator.MATRIX_DIAG,
    ];

    /// <summary>Random operators on random small tensors with random constants: most fail in Prepare, which is the point.</summary>
    private static (string, byte[]) RandomGraph(Random rng)
    {
        var m = new TinyModel();
        var types = new[] { TensorType.Float32, TensorType.Int32, TensorType.Int64, TensorType.Int8, TensorType.Bool };
        var tensors = new List<int>();
        int inputs = rng.Next(1, 3);
        var graphInputs = new List<int>();
        for (int i = 0; i < inputs; i++)
        {
            int t = m.Tensor($"in{i}", Pick(rng, types), Enumerable.Range(0, rng.Next(0, 4)).Select(_ => rng.Next(0, 5)).ToArray());
            tensors.Add(t);
            graphInputs.Add(t);
        }
        int nodes = rng.Next(1, 6);
        var ops = new List<string>();
        int last = tensors[0];
        for (int n = 0; n < nodes; n++)
        {
            var op = Pick(rng, s_graphOps);
            int arity = rng.Next(1, 4);
            var ins = new int[arity];
            for (int a = 0; a < arity; a++)
            {
                if (rng.Next(2) == 0) ins[a] = tensors[rng.Next(tensors.Count)];
                else
                {
                    int len = rng.Next(0, 5);
                    ins[a] = m.ConstInt($"c{n}_{a}", len == 0 ? [] : [len], Enumerable.Range(0, Math.Max(len, 1)).Select(_ => rng.Next(-3, 6)).ToArray());
                }
            }
            int outs = op is BuiltinOperator.TOPK_V2 or BuiltinOperator.UNIQUE ? 2 : op is BuiltinOperator.UNPACK or BuiltinOperator.SPLIT ? rng.Next(1, 4) : 1;
            var outTensors = new int[outs];
            for (int o = 0; o < outs; o++)
            {
                outTensors[o] = m.Tensor($"t{n}_{o}", Pick(rng, types), Enumerable.Range(0, rng.Next(0, 4)).Select(_ => rng.Next(0, 5)).ToArray());
                tensors.Add(outTensors[o]);
            }
            m.Op(op, ins, outTensors, rng.Next(1, 4));
            ops.Add(op.ToString());
            last = outTensors[0];
        }
        m.Inputs(graphInputs.ToArray()).Outputs(last);
        return (string.Join(" -> ", ops), m.Build());
    }

    private static T Pick<T>(Random rng, params T[] items) => items[rng.Next(items.Length)];
}
