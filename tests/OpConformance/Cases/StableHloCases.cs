using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// The StableHLO operators with TFLite CPU kernels: element-wise (ADD, MULTIPLY, MAXIMUM, MINIMUM, AND, SHIFT_LEFT) per
/// type; each against native TFLite (the builtin kernels where the reference resolver lacks the operator).
/// </summary>
internal static partial class OpCases
{
    static partial void AddStableHlo(List<OpCaseFactory> cases)
    {
        StableHloFamilyCases.AddElementwise(cases);
        StableHloFamilyCases.AddCallers(cases);
        StableHloFamilyCases.AddPadding(cases);
        StableHloFamilyCases.AddReduceWindow(cases);
        StableHloFamilyCases.AddGather(cases);
        StableHloFamilyCases.AddScatter(cases);
        StableHloRngCases.Add(cases);
    }
}

/// <summary>Builders of the StableHLO cases.</summary>
internal static class StableHloFamilyCases
{
    public static void AddElementwise(List<OpCaseFactory> cases)
    {
        var arithmetic = new (string Name, BuiltinOperator Op)[]
        {
            ("add", BuiltinOperator.STABLEHLO_ADD), ("multiply", BuiltinOperator.STABLEHLO_MULTIPLY),
            ("maximum", BuiltinOperator.STABLEHLO_MAXIMUM), ("minimum", BuiltinOperator.STABLEHLO_MINIMUM),
        };
        var types = new (string Name, TensorType Type, long Lo, long Hi)[]
        {
            ("float32", TensorType.Float32, 0, 0), ("int8", TensorType.Int8, -128, 127), ("int16", TensorType.Int16, -32768, 32767),
            ("int32", TensorType.Int32, int.MinValue, int.MaxValue), ("int64", TensorType.Int64, -(1L << 40), 1L << 40),
            ("uint8", TensorType.UInt8, 0, 255),
        };
        foreach (var (name, op) in arithmetic)
        {
            foreach (var (tn, type, lo, hi) in types)
            {
                string caseName = $"stablehlo_{name}_{tn}";
                cases.Add(new(caseName, seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(d.Int(1, 4), 6);
                    // Full-range integers: sums and products wrap, as TFLite's C++ arithmetic does.
                    NpyArray Make() => type == TensorType.Float32 ? d.Array(type, s, 4f) : d.Array(type, s, lo: lo, hi: hi);
                    return Build(caseName, op, [Make(), Make()], type, s, "ref");
                }));
            }
        }
        foreach (var (tn, type, lo, hi) in new (string, TensorType, long, long)[]
        {
            ("bool", TensorType.Bool, 0, 1), ("int8", TensorType.Int8, -128, 127), ("int16", TensorType.Int16, -32768, 32767),
            ("int32", TensorType.Int32, int.MinValue, int.MaxValue), ("int64", TensorType.Int64, long.MinValue / 2, long.MaxValue / 2),
            ("uint8", TensorType.UInt8, 0, 255),
        })
        {
            string caseName = $"stablehlo_and_{tn}";
            cases.Add(new(caseName, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(d.Int(1, 4), 6);
                return Build(caseName, BuiltinOperator.STABLEHLO_AND, [d.Array(type, s, lo: lo, hi: hi), d.Array(type, s, lo: lo, hi: hi)], type, s, "builtin");
            }));
        }
        foreach (var (tn, type, bits) in new[] { ("int8", TensorType.Int8, 8), ("int16", TensorType.Int16, 16), ("int32", TensorType.Int32, 32) })
        {
            string caseName = $"stablehlo_shift_left_{tn}";
            cases.Add(new(caseName, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(d.Int(1, 3), 6);
                long half = (1L << (bits - 1)) - 1;
                // Counts in [0, bits): defined in C++ after promotion to int; bits shifted out are dropped.
                return Build(caseName, BuiltinOperator.STABLEHLO_SHIFT_LEFT, [d.Array(type, s, lo: -half, hi: half), d.Array(type, s, lo: 0, hi: bits - 1)], type, s, "builtin");
            }));
        }
    }

    private static OpCase Build(string name, BuiltinOperator op, NpyArray[] inputs, TensorType type, int[] shape, string kernels) =>
        SingleOp.Build(name, op, 1, inputs, [(type, shape)]) with { NativeKernels = kernels };

    private const byte CompositeOptions2 = 21, CaseOptions2 = 23;

    /// <summary>STABLEHLO_COMPOSITE (its decomposition subgraph) and STABLEHLO_CASE (every branch and an out-of-range index).</summary>
    public static void AddCallers(List<OpCaseFactory> cases)
    {
        foreach (var (tn, type) in new[] { ("float32", TensorType.Float32), ("int32", TensorType.Int32) })
        {
            string name = $"stablehlo_composite_{tn}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(d.Int(1, 3), 5);
                NpyArray Make() => type == TensorType.Float32 ? d.Array(type, s, 3f) : d.Array(type, s, lo: -50, hi: 50);
                return new OpCase(name, Composite(type, s), [Make(), Make()]);
            }));
        }
        foreach (int index in new[] { 0, 1, 2, 7, -1 })
        {
            string name = $"stablehlo_case_index_{(index < 0 ? "m" : "")}{Math.Abs(index)}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(d.Int(1, 3), 5);
                // TFLite's reference resolver has no STABLEHLO_CASE: the builtin kernels are the reference.
                return new OpCase(name, Case(s), [CaseData.Of(TensorType.Int32, [1], index), d.Array(TensorType.Float32, s, 2f), d.Array(TensorType.Float32, s, 2f)])
                    { NativeKernels = "builtin" };
            }));
        }
    }

    /// <summary>main(x, y) = COMPOSITE "test.mul_add_max" whose decomposition (subgraph 1) gives (x * y + x, max(x, y)).</summary>
    private static byte[] Composite(TensorType type, int[] s)
    {
        var main = new TinyModel();
        int x = main.Tensor("x", type, s), y = main.Tensor("y", type, s);
        int o0 = main.Tensor("mul_add", type, s), o1 = main.Tensor("max", type, s);
        main.Op2(BuiltinOperator.STABLEHLO_COMPOSITE, [x, y], [o0, o1], 1, CompositeOptions2,
            OptionField.Str(0, "test.mul_add_max"), new OptionField(1, OptionKind.Int, 1), OptionField.ByteVector(2, 0, 0, 0x24, 1),
            new OptionField(4, OptionKind.Int, 1)).Inputs(x, y).Outputs(o0, o1);
        var body = new TinyModel();
        int bx = body.Tensor("x", type, s), by = body.Tensor("y", type, s);
        int prod = body.Tensor("prod", type, s), sum = body.Tensor("sum", type, s), max = body.Tensor("max", type, s);
        body.Op(BuiltinOperator.MUL, [bx, by], [prod]).Op(BuiltinOperator.ADD, [prod, bx], [sum]).Op(BuiltinOperator.MAXIMUM, [bx, by], [max])
            .Inputs(bx, by).Outputs(sum, max);
        return main.Build(body);
    }

    /// <summary>main(i, x, y) = CASE i of [x + y, x * y, max(x, y)] (subgraphs 1, 2, 3).</summary>
    private static byte[] Case(int[] s)
    {
        var main = new TinyModel();
        int i = main.Tensor("index", TensorType.Int32, [1]);
        int x = main.Tensor("x", TensorType.Float32, s), y = main.Tensor("y", TensorType.Float32, s);
        int o = main.Tensor("out", TensorType.Float32, s);
        main.Op2(BuiltinOperator.STABLEHLO_CASE, [i, x, y], [o], 1, CaseOptions2, OptionField.Vector(0, 1, 2, 3)).Inputs(i, x, y).Outputs(o);
        var branches = new[] { BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.MAXIMUM }.Select(op =>
        {
            var g = new TinyModel();
            int bx = g.Tensor("x", TensorType.Float32, s), by = g.Tensor("y", TensorType.Float32, s), bo = g.Tensor("out", TensorType.Float32, s);
            return g.Op(op, [bx, by], [bo]).Inputs(bx, by).Outputs(bo);
        }).ToArray();
        return main.Build(branches);
    }

    private const byte PadOptions2 = 10;

    private static readonly (string Name, TensorType Type)[] PadTypes =
        [("float32", TensorType.Float32), ("int8", TensorType.Int8), ("int16", TensorType.Int16), ("int64", TensorType.Int64), ("bool", TensorType.Bool), ("float16", TensorType.Float16)];

    /// <summary>STABLEHLO_PAD (edges positive and negative, interior) and DILATE (constant and run-time dilations) per type.</summary>
    public static void AddPadding(List<OpCaseFactory> cases)
    {
        foreach (var (tn, type) in PadTypes)
        {
            foreach (int rank in new[] { 1, 2, 4 })
            {
                string name = $"stablehlo_pad_{tn}_rank{rank}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(rank, rank == 4 ? 3 : 5);
                    long[] low = new long[rank], high = new long[rank], interior = new long[rank];
                    for (int i = 0; i < rank; i++)
                    {
                        low[i] = d.Int(-1, 2);
                        high[i] = d.Int(-1, 2);
                        interior[i] = d.Int(0, 2);
                    }
                    var outShape = ManagedLite.Kernels.Reference.StableHloPad.OutputShape(s, low, high, interior)!;
                    var input = Data(d, type, s);
                    var value = Data(d, type, []);
                    return SingleOp.Build(name, BuiltinOperator.STABLEHLO_PAD, 1, [input, value], [(type, outShape)], PadOptions2,
                        [OptionField.LongVector(0, low), OptionField.LongVector(1, high), OptionField.LongVector(2, interior)], [false, true], options2: true);
                }));
            }
            string dn = $"dilate_{tn}";
            cases.Add(new(dn, seed =>
            {
                var d = new CaseData(seed);
                int rank = d.Int(1, 4);
                int[] s = d.Shape(rank, 4);
                var dil = new int[rank];
                for (int i = 0; i < rank; i++) dil[i] = d.Int(1, 3);
                var outShape = s.Select((n, i) => (n - 1) * dil[i] + 1).ToArray();
                return SingleOp.Build(dn, BuiltinOperator.DILATE, 1, [Data(d, type, s), CaseData.Of(TensorType.Int32, [rank], dil), Data(d, type, [])],
                    [(type, outShape)], constant: [false, true, true]);
            }));
        }
        cases.Add(new("dilate_float32_runtime_dilations", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3, 4);
            int[] dil = [d.Int(1, 3), d.Int(1, 3), d.Int(1, 3)];
            // Dilations fed at run time: the output shape is only known at Eval.
            return SingleOp.Build("dilate_float32_runtime_dilations", BuiltinOperator.DILATE, 1,
                [d.Array(TensorType.Float32, s), CaseData.Of(TensorType.Int32, [3], dil), CaseData.Of(TensorType.Float32, [], -7.5f)],
                [(TensorType.Float32, [1, 1, 1])], constant: [false, false, true]);
        }));
    }

    private static NpyArray Data(CaseData d, TensorType type, int[] shape) => type switch
    {
        TensorType.Float32 => d.Array(type, shape, 5f),
        TensorType.Int64 => d.Array(type, shape, lo: -1000000, hi: 1000000),
        _ => d.Array(type, shape),
    };

    private const byte ReduceWindowOptions2 = 13, TflReduceWindowOptions2 = 20;

    private static readonly (string Name, BuiltinOperator Body, int Function)[] Reductions =
    [
        ("add", BuiltinOperator.STABLEHLO_ADD, 1), ("mul", BuiltinOperator.MUL, 2), ("min", BuiltinOperator.STABLEHLO_MINIMUM, 3),
        ("max", BuiltinOperator.MAXIMUM, 4),
    ];

    /// <summary>STABLEHLO_REDUCE_WINDOW (base and window dilations, strides, padding and crops; body subgraph) and REDUCE_WINDOW.</summary>
    public static void AddReduceWindow(List<OpCaseFactory> cases)
    {
        var types = new (string Name, TensorType Type)[] { ("float32", TensorType.Float32), ("int32", TensorType.Int32), ("int8", TensorType.Int8), ("int64", TensorType.Int64) };
        foreach (var (rn, body, fn) in Reductions)
        {
            foreach (var (tn, type) in types)
            {
                string name = $"stablehlo_reduce_window_{rn}_{tn}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int rank = d.Int(1, 4);
                    int[] s = d.Shape(rank, rank > 2 ? 4 : 6);
                    long[] win = new long[rank], str = new long[rank], bdil = new long[rank], wdil = new long[rank], pad = new long[2 * rank];
                    int[] outShape = new int[rank];
                    for (int i = 0; i < rank; i++)
                    {
                        bdil[i] = d.Int(1, 2);
                        wdil[i] = d.Int(1, 2);
                        str[i] = d.Int(1, 2);
                        win[i] = d.Int(1, 3);
                        long dilated = (s[i] - 1) * bdil[i] + 1;
                        pad[2 * i] = d.Int(dilated > 1 ? -1 : 0, 2);
                        pad[2 * i + 1] = d.Int(dilated + pad[2 * i] > 1 ? -1 : 0, 2);
                        long padded = ManagedLite.Kernels.Reference.ReduceWindow.PaddedSize(s[i], bdil[i], pad[2 * i], pad[2 * i + 1]);
                        outShape[i] = (int)ManagedLite.Kernels.Reference.ReduceWindow.OutputSize(padded, win[i], str[i], wdil[i]);
                    }
                    var input = Reducible(d, type, s, rn);
                    var init = Reducible(d, type, [], rn);
                    var main = new TinyModel();
                    int x = main.Tensor("x", type, s), i0 = main.Tensor("init", type, [], init.Data), y = main.Tensor("y", type, outShape);
                    main.Op2(BuiltinOperator.STABLEHLO_REDUCE_WINDOW, [x, i0], [y], 1, ReduceWindowOptions2,
                        OptionField.LongVector(0, win), OptionField.LongVector(1, str), OptionField.LongVector(2, bdil),
                        OptionField.LongVector(3, wdil), OptionField.LongVector(4, pad), new OptionField(5, OptionKind.Int, 1)).Inputs(x).Outputs(y);
                    return new OpCase(name, main.Build(Body(body, type)), [input]);
                }));
                string tname = $"reduce_window_{rn}_{tn}";
                cases.Add(new(tname, seed =>
                {
                    var d = new CaseData(seed);
                    int rank = d.Int(1, 4);
                    int[] s = d.Shape(rank, rank > 2 ? 4 : 6);
                    long[] win = new long[rank], str = new long[rank], wdil = new long[rank];
                    int[] outShape = new int[rank];
                    for (int i = 0; i < rank; i++)
                    {
                        win[i] = d.Int(1, Math.Min(3, s[i]));
                        str[i] = d.Int(1, 2);
                        wdil[i] = d.Int(1, 2);
                        outShape[i] = (int)ManagedLite.Kernels.Reference.ReduceWindow.OutputSize(s[i], win[i], str[i], wdil[i]);
                    }
                    var m = new TinyModel();
                    int x = m.Tensor("x", type, s), i0 = m.Tensor("init", type, [], Reducible(d, type, [], rn).Data);
                    int w = m.Const("window", TensorType.Int64, [rank], win), st = m.Const("strides", TensorType.Int64, [rank], str);
                    int wd = m.Const("dilations", TensorType.Int64, [rank], wdil), y = m.Tensor("y", type, outShape);
                    m.Op2(BuiltinOperator.REDUCE_WINDOW, [x, i0, w, st, wd], [y], 1, TflReduceWindowOptions2, new OptionField(0, OptionKind.Int, fn))
                        .Inputs(x).Outputs(y);
                    return new OpCase(tname, m.Build(), [Reducible(d, type, s, rn)]);
                }));
            }
        }
        foreach (var (rn, body, fn) in new[] { ("all", BuiltinOperator.LOGICAL_AND, 5), ("any", BuiltinOperator.LOGICAL_OR, 6) })
        {
            string name = $"stablehlo_reduce_window_{rn}_bool";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 6);
                long[] win = [d.Int(1, 3), d.Int(1, 3)], pad = [1, 0, 0, 1];
                int[] outShape = [(int)(s[0] + 1 - win[0] + 1), (int)(s[1] + 1 - win[1] + 1)];
                var main = new TinyModel();
                int x = main.Tensor("x", TensorType.Bool, s), i0 = main.Tensor("init", TensorType.Bool, [], [(byte)(rn == "all" ? 1 : 0)]);
                int y = main.Tensor("y", TensorType.Bool, outShape);
                main.Op2(BuiltinOperator.STABLEHLO_REDUCE_WINDOW, [x, i0], [y], 1, ReduceWindowOptions2,
                    OptionField.LongVector(0, win), OptionField.LongVector(4, pad), new OptionField(5, OptionKind.Int, 1)).Inputs(x).Outputs(y);
                return new OpCase(name, main.Build(Body(body, TensorType.Bool)), [d.Array(TensorType.Bool, s)]);
            }));
        }
    }

    /// <summary>A body subgraph of one binary operator on scalars.</summary>
    private static TinyModel Body(BuiltinOperator op, TensorType type)
    {
        var g = new TinyModel();
        int a = g.Tensor("a", type, []), b = g.Tensor("b", type, []), c = g.Tensor("c", type, []);
        return g.Op(op, [a, b], [c]).Inputs(a, b).Outputs(c);
    }

    /// <summary>Values for a reduction: small for products (so that floats stay finite and integers wrap rarely).</summary>
    private static NpyArray Reducible(CaseData d, TensorType type, int[] shape, string reduction) => type switch
    {
        TensorType.Float32 => d.Array(type, shape, reduction == "mul" ? 1.5f : 4f),
        _ => reduction == "mul" ? d.Array(type, shape, lo: -3, hi: 3) : d.Array(type, shape, lo: -100, hi: 100),
    };

    private const byte GatherOptions2 = 16;

    /// <summary>STABLEHLO_GATHER: random dimension numbers (collapsed, mapped, offset placement), out-of-range starts (clamped).</summary>
    public static void AddGather(List<OpCaseFactory> cases)
    {
        var types = new (string Name, TensorType Type)[] { ("float32", TensorType.Float32), ("int8", TensorType.Int8), ("int16", TensorType.Int16), ("int64", TensorType.Int64) };
        for (int variant = 0; variant < 8; variant++)
        {
            var (tn, type) = types[variant % types.Length];
            var indexType = variant % 3 == 0 ? TensorType.Int64 : TensorType.Int32;
            string name = $"stablehlo_gather_{tn}_{variant}";
            int v = variant;
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int rank = d.Int(1, 4);
                int[] s = d.Shape(rank, 5);
                int k = d.Int(1, rank);
                // start_index_map: k distinct operand dimensions; collapsed: some of them (slice size 1).
                var dims = Enumerable.Range(0, rank).OrderBy(_ => d.Int(0, 1000)).ToArray();
                long[] map = dims.Take(k).Select(x => (long)x).ToArray();
                long[] collapsed = map.Where(_ => d.Bool()).OrderBy(x => x).ToArray();
                long[] slice = new long[rank];
                for (int i = 0; i < rank; i++) slice[i] = collapsed.Contains(i) ? 1 : d.Int(0, s[i]);
                int batchRank = d.Int(0, 2);
                int[] batch = d.Shape(batchRank, 3);
                int ivd = v % 2 == 0 ? batchRank : d.Int(0, batchRank);
                var ishape = batch.ToList();
                ishape.Insert(ivd, k);
                int offsetCount = rank - collapsed.Length, resultRank = batchRank + offsetCount;
                long[] offsetDims = Enumerable.Range(0, resultRank).OrderBy(_ => d.Int(0, 1000)).Take(offsetCount).OrderBy(x => x).Select(x => (long)x).ToArray();
                var resultShape = new int[resultRank];
                int si = 0, bi = 0;
                for (int r = 0; r < resultRank; r++)
                {
                    if (offsetDims.Contains(r)) { while (collapsed.Contains(si)) si++; resultShape[r] = (int)slice[si++]; }
                    else resultShape[r] = batch[bi++];
                }
                var indices = d.Array(indexType, ishape.ToArray(), lo: -2, hi: 6);
                return SingleOp.Build(name, BuiltinOperator.STABLEHLO_GATHER, 1, [Data(d, type, s), indices], [(type, resultShape)], GatherOptions2,
                    [OptionField.LongVector(0, offsetDims), OptionField.LongVector(1, collapsed), OptionField.LongVector(2, map),
                     new OptionField(3, OptionKind.Long, ivd), OptionField.LongVector(4, slice)], options2: true);
            }));
        }
    }

    private const byte ScatterOptions2 = 7;

    /// <summary>STABLEHLO_SCATTER: replace and the four combining bodies, random dimension numbers, targets out of range (skipped).</summary>
    public static void AddScatter(List<OpCaseFactory> cases)
    {
        var combines = new (string Name, BuiltinOperator? Body)[]
        {
            ("update", null), ("add", BuiltinOperator.STABLEHLO_ADD), ("multiply", BuiltinOperator.STABLEHLO_MULTIPLY),
            ("maximum", BuiltinOperator.STABLEHLO_MAXIMUM), ("minimum", BuiltinOperator.STABLEHLO_MINIMUM),
        };
        var types = new (string Name, TensorType Type)[] { ("float32", TensorType.Float32), ("int32", TensorType.Int32), ("int8", TensorType.Int8) };
        foreach (var (cn, body) in combines)
        {
            foreach (var (tn, type) in types)
            {
                string name = $"stablehlo_scatter_{cn}_{tn}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int rank = d.Int(1, 3);
                    int[] s = d.Shape(rank, 5);
                    int k = d.Int(1, rank);
                    var dims = Enumerable.Range(0, rank).OrderBy(_ => d.Int(0, 1000)).ToArray();
                    long[] map = dims.Take(k).Select(x => (long)x).ToArray();
                    long[] inserted = map.Where(_ => d.Bool()).OrderBy(x => x).ToArray();
                    var window = Enumerable.Range(0, rank).Where(i => !inserted.Contains(i)).Select(i => d.Int(1, s[i])).ToArray();
                    int batchRank = d.Int(0, 2);
                    int[] batch = d.Shape(batchRank, 3);
                    int ivd = d.Int(0, batchRank);
                    var ishape = batch.ToList();
                    ishape.Insert(ivd, k);
                    int updatesRank = batchRank + window.Length;
                    long[] windowDims = Enumerable.Range(0, updatesRank).OrderBy(_ => d.Int(0, 1000)).Take(window.Length).OrderBy(x => x).Select(x => (long)x).ToArray();
                    var ushape = new int[updatesRank];
                    int wi = 0, bi = 0;
                    for (int r = 0; r < updatesRank; r++) ushape[r] = windowDims.Contains(r) ? window[wi++] : batch[bi++];
                    var indexType = d.Bool() ? TensorType.Int32 : TensorType.Int64;
                    var indices = d.Array(indexType, ishape.ToArray(), lo: -1, hi: 4);
                    NpyArray Values(int[] shape) => type == TensorType.Float32 ? d.Array(type, shape, 3f)
                        : cn == "multiply" ? d.Array(type, shape, lo: -3, hi: 3) : d.Array(type, shape, lo: -60, hi: 60);
                    var m = new TinyModel();
                    int x = m.Tensor("x", type, s), idx = m.Tensor("indices", indexType, ishape.ToArray()), up = m.Tensor("updates", type, ushape);
                    int y = m.Tensor("y", type, s);
                    m.Op2(BuiltinOperator.STABLEHLO_SCATTER, [x, idx, up], [y], 1, ScatterOptions2,
                        OptionField.LongVector(1, windowDims), OptionField.LongVector(2, inserted), OptionField.LongVector(3, map),
                        new OptionField(4, OptionKind.Long, ivd), new OptionField(6, OptionKind.Int, 1)).Inputs(x, idx, up).Outputs(y);
                    var g = new TinyModel();
                    int a = g.Tensor("a", type, []), b = g.Tensor("b", type, []);
                    if (body is { } op)
                    {
                        int c = g.Tensor("c", type, []);
                        g.Op(op, [a, b], [c]).Inputs(a, b).Outputs(c);
                    }
                    else g.Inputs(a, b).Outputs(b);
                    return new OpCase(name, m.Build(g), [Values(s), indices, Values(ushape)]);
                }));
            }
        }
    }
}
