using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Indexing, scatter/gather and segment operators: GATHER_ND, SCATTER_ND, WHERE, UNIQUE, EMBEDDING_LOOKUP (plain,
/// hybrid 8-bit and int4, per-row scales), EMBEDDING_LOOKUP_SPARSE, SPARSE_TO_DENSE, SEGMENT_SUM,
/// UNSORTED_SEGMENT_SUM/PROD/MAX/MIN and BUCKETIZE, over every type TFLite's kernels take.
/// </summary>
internal static partial class OpCases
{
    static partial void AddIndexing(List<OpCaseFactory> cases)
    {
        AddGatherNdCases(cases);
        AddScatterNdCases(cases);
        AddWhereCases(cases);
        AddUniqueCases(cases);
        AddEmbeddingLookupCases(cases);
        AddSparseToDenseCases(cases);
        AddSegmentCases(cases);
        AddBucketizeCases(cases);
        AddHashtableLookupCases(cases);
    }

    /// <summary>[count, dims.Length] coordinates, each in [0, dims[j]).</summary>
    private static int[] Coordinates(CaseData d, int count, ReadOnlySpan<int> dims)
    {
        var v = new int[count * dims.Length];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < dims.Length; j++) v[i * dims.Length + j] = d.Int(0, dims[j] - 1);
        return v;
    }

    private static NpyArray IndexArray(TensorType type, int[] shape, int[] values) => type switch
    {
        TensorType.Int64 => CaseData.Of(type, shape, values.Select(v => (long)v).ToArray()),
        TensorType.Int16 => CaseData.Of(type, shape, values.Select(v => (short)v).ToArray()),
        _ => CaseData.Of(type, shape, values),
    };

    private static void AddGatherNdCases(List<OpCaseFactory> cases)
    {
        var variants = new (string Name, TensorType Data, TensorType Index, int Version, int Depth)[]
        {
            ("float_int32_depth2", TensorType.Float32, TensorType.Int32, 1, 2),
            ("int8_int64_depth1", TensorType.Int8, TensorType.Int64, 1, 1),
            ("uint8_int32_depth3", TensorType.UInt8, TensorType.Int32, 1, 3),
            ("int32_int32_depth1", TensorType.Int32, TensorType.Int32, 1, 1),
            ("int64_int64_depth2", TensorType.Int64, TensorType.Int64, 1, 2),
            ("int16_int32_depth2", TensorType.Int16, TensorType.Int32, 3, 2),
            ("float_int16_depth1", TensorType.Float32, TensorType.Int16, 4, 1),
            ("bool_int32_depth2", TensorType.Bool, TensorType.Int32, 5, 2),
            ("float16_int32_depth1", TensorType.Float16, TensorType.Int32, 1, 1),
            ("float_int32_depth0", TensorType.Float32, TensorType.Int32, 1, 0),
        };
        foreach (var (vname, dataType, indexType, version, depth) in variants)
        {
            string name = $"gather_nd_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] ps = d.Shape(3, 5);
                int rows = d.Int(1, 4);
                int[] idxShape = d.Bool() ? [rows, depth] : [2, rows, depth];
                int count = idxShape.Length == 2 ? rows : 2 * rows;
                var idx = IndexArray(indexType, idxShape, Coordinates(d, count, ps.AsSpan(0, depth)));
                int[] outShape = [.. idxShape[..^1], .. ps[depth..]];
                var c = SingleOp.Build(name, BuiltinOperator.GATHER_ND, version, [d.Array(dataType, ps), idx], [(dataType, outShape)]);
                // TFLite's kernel fails when the indices hold no data (depth 0: each row gathers all of params), though
                // the shapes are valid; ManagedLite gathers the copies (checked in Runtime.Tests IndexingOpTests).
                return depth == 0 ? c with { NativeUnsupported = "TFLite's GATHER_ND returns an error for indices of depth 0 (an empty indices buffer)" } : c;
            }));
        }
    }

    private static void AddScatterNdCases(List<OpCaseFactory> cases)
    {
        foreach (var t in new[] { TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int32, TensorType.Int64, TensorType.Bool })
        {
            string name = $"scatter_nd_{TensorTypes.Name(t)}";
            cases.Add(new(name, seed => ScatterNd(name, new CaseData(seed), t, shapeIsInput: false)));
        }
        cases.Add(new("scatter_nd_float_dynamic_shape", seed => ScatterNd("scatter_nd_float_dynamic_shape", new CaseData(seed), TensorType.Float32, shapeIsInput: true)));
    }

    private static OpCase ScatterNd(string name, CaseData d, TensorType t, bool shapeIsInput)
    {
        int[] shape = d.Shape(3, 4);
        int depth = d.Int(1, 3);
        int n = d.Int(1, 6); // repeated rows accumulate
        var idx = CaseData.Of(TensorType.Int32, [n, depth], Coordinates(d, n, shape.AsSpan(0, depth)));
        int[] updShape = [n, .. shape[depth..]];
        var updates = d.Array(t, updShape, lo: t == TensorType.Int8 ? -40 : null, hi: t == TensorType.Int8 ? 40 : null);
        return SingleOp.Build(name, BuiltinOperator.SCATTER_ND, 1, [idx, updates, CaseData.Of(TensorType.Int32, [shape.Length], shape)], [(t, shape)],
            constant: [false, false, !shapeIsInput]);
    }

    private static void AddWhereCases(List<OpCaseFactory> cases)
    {
        foreach (var t in new[] { TensorType.Bool, TensorType.Float32, TensorType.Int8, TensorType.UInt8, TensorType.Int32, TensorType.Int64 })
        {
            string name = $"where_{TensorTypes.Name(t)}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(d.Int(1, 4), 5);
                return SingleOp.Build(name, BuiltinOperator.WHERE, 1, [Sparse(d, t, s)], [(TensorType.Int64, [1, s.Length])]);
            }));
        }
        cases.Add(new("where_bool_constant", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 5);
            // A constant condition: the output size is known while preparing.
            var m = new TinyModel();
            int c = m.Tensor("in0", TensorType.Bool, s, d.Array(TensorType.Bool, s).Data);
            int o = m.Tensor("out0", TensorType.Int64, [1, s.Length]);
            m.Op(BuiltinOperator.WHERE, [c], [o]).Inputs().Outputs(o);
            return new OpCase("where_bool_constant", m.Build(), []);
        }));
    }

    /// <summary>Data with many zeros: values in {-1, 0, 1} (float) or small integers.</summary>
    private static NpyArray Sparse(CaseData d, TensorType t, int[] s)
    {
        if (t == TensorType.Bool) return d.Array(t, s);
        if (t == TensorType.Float32)
        {
            var ints = d.Array(TensorType.Int32, s, lo: -1, hi: 1);
            var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(ints.Data).ToArray().Select(v => (float)v).ToArray();
            return CaseData.Of(TensorType.Float32, s, f);
        }
        return d.Array(t, s, lo: t == TensorType.UInt8 ? 0 : -1, hi: 1);
    }

    private static void AddUniqueCases(List<OpCaseFactory> cases)
    {
        foreach (var (t, idx) in new[]
        {
            (TensorType.Int32, TensorType.Int32), (TensorType.Int64, TensorType.Int64), (TensorType.Int8, TensorType.Int32),
            (TensorType.UInt8, TensorType.Int64), (TensorType.Int16, TensorType.Int32), (TensorType.Float32, TensorType.Int32),
        })
        {
            string name = $"unique_{TensorTypes.Name(t)}_{TensorTypes.Name(idx)}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int n = d.Int(1, 24);
                var input = t == TensorType.Float32 ? Sparse(d, t, [n]) : d.Array(t, [n], lo: 0, hi: d.Int(1, 6));
                var m = new TinyModel();
                int i0 = m.Tensor("in0", t, [n]);
                int o0 = m.Tensor("out0", t, [n]);
                int o1 = m.Tensor("out1", idx, [n]);
                m.Op(BuiltinOperator.UNIQUE, [i0], [o0, o1], 1, 80, new OptionField(0, OptionKind.Byte, (int)idx)).Inputs(i0).Outputs(o0, o1);
                return new OpCase(name, m.Build(), [input]);
            }));
        }
    }

    private static void AddEmbeddingLookupCases(List<OpCaseFactory> cases)
    {
        cases.Add(new("embedding_lookup_float", seed =>
        {
            var d = new CaseData(seed);
            int rows = d.Int(1, 8);
            int[] vs = [rows, d.Int(1, 4), d.Int(1, 3)];
            int n = d.Int(1, 6);
            var ids = CaseData.Of(TensorType.Int32, [n], Coordinates(d, n, [rows]));
            return SingleOp.Build("embedding_lookup_float", BuiltinOperator.EMBEDDING_LOOKUP, 1, [ids, d.Array(TensorType.Float32, vs)], [(TensorType.Float32, [n, .. vs[1..]])]);
        }));
        cases.Add(new("embedding_lookup_int8_copy", seed =>
        {
            var d = new CaseData(seed);
            int rows = d.Int(1, 8), cols = d.Int(1, 9), n = d.Int(1, 6);
            var ids = CaseData.Of(TensorType.Int32, [n], Coordinates(d, n, [rows]));
            return SingleOp.Build("embedding_lookup_int8_copy", BuiltinOperator.EMBEDDING_LOOKUP, 3, [ids, d.Array(TensorType.Int8, [rows, cols])], [(TensorType.Int8, [n, cols])],
                inputQuant: [null, (0.1f, 2)], outputQuant: [(0.1f, 2)]);
        }));
        foreach (var (vname, valueType, outType, perRow, version) in new[]
        {
            ("hybrid_int8_float", TensorType.Int8, TensorType.Float32, false, 3),
            ("hybrid_uint8_float", TensorType.UInt8, TensorType.Float32, false, 2),
            ("hybrid_int8_float_per_row", TensorType.Int8, TensorType.Float32, true, 4),
            ("hybrid_int8_float16", TensorType.Int8, TensorType.Float16, false, 3),
            ("hybrid_int4_float", TensorType.Int4, TensorType.Float32, false, 4),
            ("hybrid_int4_float_per_row", TensorType.Int4, TensorType.Float32, true, 4),
        })
        {
            string name = $"embedding_lookup_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int rows = d.Int(2, 7), cols = valueType == TensorType.Int4 ? 2 * d.Int(1, 4) : d.Int(1, 9), n = d.Int(1, 6);
                var ids = CaseData.Of(TensorType.Int32, [n], Coordinates(d, n, [rows]));
                byte[] data = valueType == TensorType.Int4
                    ? d.Array(TensorType.UInt8, [rows * cols / 2]).Data
                    : d.Array(valueType, [rows, cols]).Data;
                float[] scales = perRow ? Enumerable.Range(0, rows).Select(r => 0.01f * (r + 1)).ToArray() : [0.03f];
                var m = new TinyModel();
                int i0 = m.Tensor("ids", TensorType.Int32, [n]);
                int v = m.Tensor("value", valueType, [rows, cols], data, scale: scales, zeroPoint: new long[scales.Length]);
                int o = m.Tensor("out0", outType, [n, cols]);
                m.Op(BuiltinOperator.EMBEDDING_LOOKUP, [i0, v], [o], version).Inputs(i0).Outputs(o);
                return new OpCase(name, m.Build(), [ids]);
            }));
        }
        foreach (var (cname, combiner) in new[] { ("sum", 0), ("mean", 1), ("sqrtn", 2) })
        {
            string name = $"embedding_lookup_sparse_{cname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int rows = d.Int(2, 8), emb = d.Int(1, 5);
                int[] dense = [d.Int(1, 3), d.Int(1, 3), 4];
                // Sorted entries: each (i, j) cell gets up to 2 entries.
                var idx = new List<int>();
                for (int i = 0; i < dense[0]; i++)
                    for (int j = 0; j < dense[1]; j++)
                        for (int k = 0, c = d.Int(0, 2); k < c; k++) idx.AddRange([i, j, k]);
                if (idx.Count == 0) idx.AddRange([0, 0, 0]);
                int n = idx.Count / 3;
                var ids = CaseData.Of(TensorType.Int32, [n], Coordinates(d, n, [rows]));
                var weights = d.Array(TensorType.Float32, [n], scale: 2f);
                return SingleOp.Build(name, BuiltinOperator.EMBEDDING_LOOKUP_SPARSE, 1,
                    [ids, CaseData.Of(TensorType.Int32, [n, 3], idx.ToArray()), CaseData.Of(TensorType.Int32, [3], dense), weights, d.Array(TensorType.Float32, [rows, emb])],
                    [(TensorType.Float32, [dense[0], dense[1], emb])], optionsType: 20, options: [new OptionField(0, OptionKind.Byte, combiner)],
                    constant: [false, true, true, false, true]);
            }));
        }
    }

    private static void AddSparseToDenseCases(List<OpCaseFactory> cases)
    {
        foreach (var (vname, valueType, indexType, version, rank, scalarValue, shapeIsInput) in new[]
        {
            ("float_2d", TensorType.Float32, TensorType.Int32, 1, 2, false, false),
            ("int32_1d", TensorType.Int32, TensorType.Int32, 1, 1, false, false),
            ("int64_int64_indices", TensorType.Int64, TensorType.Int64, 2, 3, false, false),
            ("int8_scalar_value", TensorType.Int8, TensorType.Int32, 3, 2, true, false),
            ("uint8_4d", TensorType.UInt8, TensorType.Int64, 3, 4, false, false),
            ("float_dynamic_shape", TensorType.Float32, TensorType.Int32, 1, 2, false, true),
        })
        {
            string name = $"sparse_to_dense_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] shape = d.Shape(rank, 4);
                int n = d.Int(1, 6);
                var coords = Coordinates(d, n, shape);
                var indices = rank == 1 ? IndexArray(indexType, [n], coords) : IndexArray(indexType, [n, rank], coords);
                var values = scalarValue ? d.Array(valueType, []) : d.Array(valueType, [n]);
                var outShape = indexType == TensorType.Int64
                    ? CaseData.Of(TensorType.Int64, [rank], shape.Select(v => (long)v).ToArray())
                    : CaseData.Of(TensorType.Int32, [rank], shape);
                return SingleOp.Build(name, BuiltinOperator.SPARSE_TO_DENSE, version, [indices, outShape, values, d.Array(valueType, [])],
                    [(valueType, shape)], optionsType: 50, options: [new OptionField(0, OptionKind.Bool, 0)], constant: [false, !shapeIsInput, false, false]);
            }));
        }
    }

    private static void AddSegmentCases(List<OpCaseFactory> cases)
    {
        foreach (var (t, idsAreInput) in new[] { (TensorType.Float32, false), (TensorType.Int32, false), (TensorType.Float32, true) })
        {
            string name = $"segment_sum_{TensorTypes.Name(t)}{(idsAreInput ? "_dynamic" : "")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int n = d.Int(1, 8);
                var ids = new int[n];
                for (int i = 1; i < n; i++) ids[i] = ids[i - 1] + d.Int(0, 1);
                int[] s = [n, d.Int(1, 4)];
                return SingleOp.Build(name, BuiltinOperator.SEGMENT_SUM, 1, [d.Array(t, s), CaseData.Of(TensorType.Int32, [n], ids)],
                    [(t, [ids[^1] + 1, s[1]])], constant: [false, !idsAreInput]) with { NativeKernels = "builtin" };
            }));
        }
        foreach (var (oname, op) in new[]
        {
            ("sum", BuiltinOperator.UNSORTED_SEGMENT_SUM), ("prod", BuiltinOperator.UNSORTED_SEGMENT_PROD),
            ("max", BuiltinOperator.UNSORTED_SEGMENT_MAX), ("min", BuiltinOperator.UNSORTED_SEGMENT_MIN),
        })
        {
            foreach (var t in new[] { TensorType.Float32, TensorType.Int32 })
            {
                string name = $"unsorted_segment_{oname}_{TensorTypes.Name(t)}";
                cases.Add(new(name, seed => UnsortedSegment(name, new CaseData(seed), op, t, idsRank: 1)));
            }
            string name2 = $"unsorted_segment_{oname}_float_2d_ids";
            cases.Add(new(name2, seed => UnsortedSegment(name2, new CaseData(seed), op, TensorType.Float32, idsRank: 2)));
        }
    }

    private static OpCase UnsortedSegment(string name, CaseData d, BuiltinOperator op, TensorType t, int idsRank)
    {
        int segments = d.Int(1, 5);
        int[] s = idsRank == 1 ? [d.Int(1, 8), d.Int(1, 3)] : [d.Int(1, 3), d.Int(1, 3), d.Int(1, 3)];
        int[] idsShape = s[..idsRank];
        int count = idsShape.Aggregate(1, (a, b) => a * b);
        var ids = new int[count];
        for (int i = 0; i < count; i++) ids[i] = d.Int(-1, segments - 1);
        int[] outShape = [segments, .. s[idsRank..]];
        var data = t == TensorType.Int32 ? d.Array(t, s, lo: -9, hi: 9) : d.Array(t, s);
        return SingleOp.Build(name, op, 1, [data, CaseData.Of(TensorType.Int32, idsShape, ids), CaseData.Of(TensorType.Int32, [], segments)],
            [(t, outShape)], constant: [false, false, true]);
    }

    private static void AddBucketizeCases(List<OpCaseFactory> cases)
    {
        cases.Add(new("bucketize_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3, 5);
            return SingleOp.Build("bucketize_float", BuiltinOperator.BUCKETIZE, 1, [d.Array(TensorType.Float32, s)], [(TensorType.Int32, s)],
                optionsType: 115, options: [OptionField.FloatVector(0, -0.5f, -0.25f, 0f, 0.25f, 0.25f, 0.75f)]);
        }));
        foreach (var t in new[] { TensorType.Int32, TensorType.Int64 })
        {
            string name = $"bucketize_{TensorTypes.Name(t)}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 6);
                return SingleOp.Build(name, BuiltinOperator.BUCKETIZE, 1, [d.Array(t, s)], [(TensorType.Int32, s)],
                    optionsType: 115, options: [OptionField.FloatVector(0, -500f, -0.5f, 0f, 10.5f, 999f)]);
            }));
        }
        cases.Add(new("bucketize_float64", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 6);
            var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(d.Array(TensorType.Float32, s).Data).ToArray().Select(v => (double)v).ToArray();
            return SingleOp.Build("bucketize_float64", BuiltinOperator.BUCKETIZE, 1, [CaseData.Of(TensorType.Float64, s, f)], [(TensorType.Int32, s)],
                optionsType: 115, options: [OptionField.FloatVector(0, -0.5f, 0.1f, 0.3f)]);
        }));
        cases.Add(new("bucketize_float_no_boundaries", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 4);
            return SingleOp.Build("bucketize_float_no_boundaries", BuiltinOperator.BUCKETIZE, 1, [d.Array(TensorType.Float32, s)], [(TensorType.Int32, s)],
                optionsType: 115, options: [OptionField.FloatVector(0)]);
        }));
    }
}
