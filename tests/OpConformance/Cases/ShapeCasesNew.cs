using ManagedLite.Schema;
using static ManagedLite.OpConformance.Sh;
using B = ManagedLite.Schema.BuiltinOperator;
using T = ManagedLite.Schema.TensorType;

namespace ManagedLite.OpConformance;

/// <summary>Cases of PACK, UNPACK, SHAPE, RANK, TILE, FILL, BROADCAST_TO/ARGS, REVERSE_V2/SEQUENCE, SPACE_TO_BATCH_ND,
/// BATCH_TO_SPACE_ND, ONE_HOT, RANGE, MATRIX_DIAG, MATRIX_SET_DIAG and DYNAMIC_UPDATE_SLICE.</summary>
internal static class ShapeCasesNew
{
    // BuiltinOptions union tags (schema.fbs).
    private const byte PackOpts = 59, UnpackOpts = 64, ShapeOpts = 55, OneHotOpts = 61, ReverseSequenceOpts = 87;

    public static void Add(ShapeCaseList c)
    {
        // PACK: every type of pack.cc, axes 0 / middle / last (negative), quantized inputs sharing the output's parameters.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 3), (T.Int32, 1), (T.UInt32, 4), (T.Int64, 1) })
        {
            foreach (int axis in new[] { 0, 1, -1 })
            {
                c.Add($"pack_{N(type)}_axis{axis}", (d, name) =>
                {
                    int[] s = d.Shape(2, 4);
                    int n = d.Int(1, 4);
                    var inputs = Enumerable.Range(0, n).Select(_ => Data(d, type, s)).ToArray();
                    bool constant = type == T.UInt32;   // tflite_run reads no uint32 .npy: constants in the model
                    return One(name, B.PACK, version, inputs, Enumerable.Repeat(constant, n).ToArray(), type, PackOpts,
                        [Int(0, n), Int(1, axis)], inputQuant: Enumerable.Repeat(Q(type), n).ToArray(), outputQuant: Q(type));
                });
            }
        }
        c.Add("pack_float32_rank3_axis2", (d, name) =>
        {
            int[] s = d.Shape(3, 3);
            return One(name, B.PACK, 1, [d.Array(T.Float32, s), d.Array(T.Float32, s)], [false, false], T.Float32, PackOpts, [Int(0, 2), Int(1, 2)]);
        });
        c.Add("pack_int32_scalars", (d, name) =>
            One(name, B.PACK, 1, [ScalarI32(d.Int(-5, 5)), ScalarI32(3), ScalarI32(d.Int(0, 9))], [false, true, false], T.Int32, PackOpts, [Int(0, 3), Int(1, 0)]));

        // UNPACK: every type of unpack.cc, first / middle / last axis.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Float16, 5), (T.Int8, 2), (T.UInt8, 2), (T.Int16, 4), (T.Int32, 1), (T.Bool, 3) })
        {
            foreach (int axis in new[] { 0, -1 })
            {
                c.Add($"unpack_{N(type)}_axis{axis}", (d, name) =>
                {
                    int[] s = d.Shape(3, 4);
                    int num = s[axis < 0 ? s.Length + axis : axis];
                    var outs = Enumerable.Range(0, num).Select(_ => (type, Unknown)).ToArray();
                    return SingleOp.Build(name, B.UNPACK, version, [Data(d, type, s)], outs, UnpackOpts, [Int(0, num), Int(1, axis)],
                        inputQuant: [Q(type)], outputQuant: Enumerable.Repeat(Q(type), num).ToArray());
                });
            }
        }
        c.Add("unpack_float32_axis1_rank2", (d, name) =>
        {
            int[] s = [d.Int(1, 4), 3];
            return SingleOp.Build(name, B.UNPACK, 1, [d.Array(T.Float32, s)], [(T.Float32, Unknown), (T.Float32, Unknown), (T.Float32, Unknown)],
                UnpackOpts, [Int(0, 3), Int(1, 1)]);
        });

        // SHAPE and RANK (outputs depend on shapes only).
        foreach (var outType in new[] { T.Int32, T.Int64 })
        {
            c.Add($"shape_{N(outType)}", (d, name) =>
                One(name, B.SHAPE, 1, [d.Array(T.Float32, d.Shape(d.Int(1, 4), 4))], [false], outType, ShapeOpts, [Byte(0, (int)outType)]));
        }
        c.Add("shape_int32_of_int8_scalar", (d, name) => One(name, B.SHAPE, 1, [d.Array(T.Int8, [])], [false], T.Int32, ShapeOpts, [Byte(0, (int)T.Int32)]));
        c.Add("rank_float32", (d, name) => One(name, B.RANK, 1, [d.Array(T.Float32, d.Shape(d.Int(1, 5), 3))], [false], T.Int32));
        c.Add("rank_bool_scalar", (d, name) => One(name, B.RANK, 1, [d.Array(T.Bool, [])], [false], T.Int32));

        // TILE: multiples int32 / int64, constant or fed at run time (dynamic output), zero multiples, scalar input.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 1), (T.UInt8, 1), (T.Int16, 1), (T.Int32, 1), (T.Int64, 1), (T.Bool, 1), (T.Float16, 1) })
        {
            c.Add($"tile_{N(type)}", (d, name) =>
            {
                int[] s = d.Shape(3, 3);
                return One(name, B.TILE, version, [Data(d, type, s), I32(d.Int(1, 3), d.Int(1, 2), d.Int(1, 3))], [false, true], type);
            });
        }
        c.Add("tile_float32_int64_multiples_with_zero", (d, name) =>
            One(name, B.TILE, 1, [d.Array(T.Float32, d.Shape(2, 4)), I64(2, 0)], [false, true], T.Float32));
        c.Add("tile_int32_rank1_dynamic_multiples", (d, name) =>
            One(name, B.TILE, 1, [d.Array(T.Int32, [d.Int(1, 5)]), I32(d.Int(1, 4))], [false, false], T.Int32));
        c.Add("tile_float32_rank4_dynamic_multiples", (d, name) =>
            One(name, B.TILE, 1, [d.Array(T.Float32, d.Shape(4, 3)), I64(1, d.Int(1, 3), 2, 1)], [false, false], T.Float32));

        // FILL: every element size; dims int32 / int64, constant or fed at run time.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int32, 1), (T.Int64, 1), (T.Bool, 2), (T.Int8, 3), (T.Int16, 3), (T.UInt8, 1), (T.Float16, 4) })
        {
            c.Add($"fill_{N(type)}", (d, name) =>
            {
                var dims = I32(d.Int(1, 3), d.Int(1, 4), d.Int(0, 3));
                return One(name, B.FILL, version, [dims, Data(d, type, [])], [true, false], type,
                    inputQuant: [null, Q(type)], outputQuant: Q(type));
            });
        }
        c.Add("fill_float32_int64_dims_dynamic", (d, name) =>
            One(name, B.FILL, 1, [I64(d.Int(1, 4), d.Int(1, 3)), d.Array(T.Float32, [])], [false, false], T.Float32));
        c.Add("fill_int32_scalar_output", (d, name) =>
            One(name, B.FILL, 1, [CaseData.Of<int>(T.Int32, [0]), d.Array(T.Int32, [])], [true, false], T.Int32));

        // BROADCAST_TO: rank extension, broadcast in several dimensions, int32 / int64 shapes, dynamic shape.
        foreach (var (type, version) in new[] { (T.Float32, 2), (T.Int8, 3), (T.Int16, 3), (T.UInt8, 2), (T.Int32, 2), (T.Int64, 2), (T.Bool, 2), (T.Float16, 2) })
        {
            c.Add($"broadcast_to_{N(type)}", (d, name) =>
            {
                int a = d.Int(1, 3), b = d.Int(2, 4), e = d.Int(1, 3);
                return One(name, B.BROADCAST_TO, version, [Data(d, type, [b, 1]), I32(a, b, e)], [false, true], type,
                    inputQuant: [Q(type), null], outputQuant: Q(type));
            });
        }
        c.Add("broadcast_to_float32_rank4_int64_shape", (d, name) =>
        {
            int b = d.Int(2, 4);
            return One(name, B.BROADCAST_TO, 2, [d.Array(T.Float32, [1, b, 1, 3]), I64(2, b, d.Int(1, 4), 3)], [false, true], T.Float32);
        });
        c.Add("broadcast_to_int32_dynamic_shape", (d, name) =>
            One(name, B.BROADCAST_TO, 2, [d.Array(T.Int32, [3]), I32(d.Int(1, 4), 3)], [false, false], T.Int32));
        c.Add("broadcast_to_float32_same_shape", (d, name) =>
        {
            int[] s = d.Shape(3, 4);
            return One(name, B.BROADCAST_TO, 2, [d.Array(T.Float32, s), I32(s)], [false, true], T.Float32);
        });

        // BROADCAST_ARGS.
        c.Add("broadcast_args_int32", (d, name) =>
            One(name, B.BROADCAST_ARGS, 1, [I32(d.Int(2, 5), 1, 3), I32(1, d.Int(2, 4), 1)], [false, false], T.Int32));
        c.Add("broadcast_args_int64_different_lengths", (d, name) =>
            One(name, B.BROADCAST_ARGS, 1, [I64(4, 1, 1, d.Int(1, 5)), I64(6, 1)], [false, false], T.Int64));

        // REVERSE_V2: one axis, a contiguous run of axes, negative axes, every type of reverse.cc.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Float16, 1), (T.Int8, 3), (T.UInt8, 1), (T.Int16, 1), (T.Int32, 1), (T.Int64, 1), (T.Bool, 2) })
        {
            c.Add($"reverse_v2_{N(type)}_axis1", (d, name) =>
                One(name, B.REVERSE_V2, version, [Data(d, type, d.Shape(3, 4)), I32(1)], [false, true], type, inputQuant: [Q(type), null], outputQuant: Q(type)));
        }
        c.Add("reverse_v2_float32_axes_1_2_of_4", (d, name) =>
            One(name, B.REVERSE_V2, 1, [d.Array(T.Float32, d.Shape(4, 3)), I32(2, 1)], [false, true], T.Float32));
        c.Add("reverse_v2_int32_last_axis_negative", (d, name) =>
            One(name, B.REVERSE_V2, 1, [d.Array(T.Int32, d.Shape(3, 5)), I32(-1)], [false, true], T.Int32));
        c.Add("reverse_v2_float32_all_axes", (d, name) =>
            One(name, B.REVERSE_V2, 1, [d.Array(T.Float32, d.Shape(2, 5)), I32(0, 1)], [false, true], T.Float32));
        c.Add("reverse_v2_float32_axis_fed", (d, name) =>
            One(name, B.REVERSE_V2, 1, [d.Array(T.Float32, d.Shape(3, 4)), I32(0)], [false, false], T.Float32));

        // REVERSE_SEQUENCE: batch before / after the sequence dimension, int32 / int64 lengths, every type.
        foreach (var type in new[] { T.Float32, T.UInt8, T.Int16, T.Int32, T.Int64 })
        {
            c.Add($"reverse_sequence_{N(type)}_seq1_batch0", (d, name) =>
            {
                int batch = d.Int(1, 4), seq = d.Int(1, 5);
                var lengths = I32(Enumerable.Range(0, batch).Select(_ => d.Int(0, seq)).ToArray());
                return One(name, B.REVERSE_SEQUENCE, 1, [Data(d, type, [batch, seq, d.Int(1, 3)]), lengths], [false, false], type,
                    ReverseSequenceOpts, [Int(0, 1), Int(1, 0)], inputQuant: [Q(type), null], outputQuant: Q(type));
            });
        }
        c.Add("reverse_sequence_float32_seq0_batch2_int64", (d, name) =>
        {
            int seq = d.Int(2, 5), batch = d.Int(1, 4);
            var lengths = I64(Enumerable.Range(0, batch).Select(_ => (long)d.Int(0, seq)).ToArray());
            return One(name, B.REVERSE_SEQUENCE, 1, [d.Array(T.Float32, [seq, d.Int(1, 3), batch]), lengths], [false, true], T.Float32,
                ReverseSequenceOpts, [Int(0, 0), Int(1, 2)]);
        });

        // SPACE_TO_BATCH_ND / BATCH_TO_SPACE_ND: 4-D and 3-D, padding and crops, every element size; quantized pad values.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 4), (T.Int32, 1), (T.Int64, 1), (T.Float16, 1) })
        {
            c.Add($"space_to_batch_nd_{N(type)}_4d", (d, name) =>
            {
                int bh = d.Int(1, 2), bw = d.Int(1, 3);
                int h = bh * d.Int(1, 3) - (bh > 1 ? 1 : 0), w = bw * d.Int(1, 2);
                int top = 1, left = d.Int(0, bw - 1), right = (bw - (w + left) % bw) % bw;
                return One(name, B.SPACE_TO_BATCH_ND, version,
                    [Data(d, type, [d.Int(1, 2), h, w, d.Int(1, 3)]), I32(bh, bw), I32([2, 2], top, (bh - (h + top) % bh) % bh, left, right)],
                    [false, true, true], type, inputQuant: [Q(type), null, null], outputQuant: Q(type));
            });
            c.Add($"batch_to_space_nd_{N(type)}_4d", (d, name) =>
            {
                int bh = d.Int(1, 2), bw = d.Int(1, 3), h = d.Int(1, 3), w = d.Int(2, 3);
                return One(name, B.BATCH_TO_SPACE_ND, version,
                    [Data(d, type, [bh * bw * d.Int(1, 2), h, w, d.Int(1, 3)]), I32(bh, bw), I32([2, 2], 0, bh > 1 ? 1 : 0, d.Int(0, 1), 0)],
                    [false, true, true], type, inputQuant: [Q(type), null, null], outputQuant: Q(type));
            });
        }
        c.Add("space_to_batch_nd_float32_3d", (d, name) =>
            One(name, B.SPACE_TO_BATCH_ND, 3, [d.Array(T.Float32, [d.Int(1, 2), 5, 2]), I32(3), I32([1, 2], 1, 0)], [false, true, true], T.Float32));
        c.Add("batch_to_space_nd_float32_3d", (d, name) =>
            One(name, B.BATCH_TO_SPACE_ND, 3, [d.Array(T.Float32, [4, d.Int(1, 3), 2]), I32(2), I32([1, 2], 0, 1)], [false, true, true], T.Float32));
        c.Add("space_to_batch_nd_float32_dynamic", (d, name) =>
            One(name, B.SPACE_TO_BATCH_ND, 1, [d.Array(T.Float32, [1, 4, 4, 1]), I32(2, 2), I32([2, 2], 0, 0, 1, 1)], [false, false, false], T.Float32));
        c.Add("batch_to_space_nd_int8_dynamic", (d, name) =>
            One(name, B.BATCH_TO_SPACE_ND, 2, [d.Array(T.Int8, [4, 2, 2, 1]), I32(2, 2), I32([2, 2], 1, 0, 0, 1)], [false, false, false], T.Int8,
                inputQuant: [Q(T.Int8), null, null], outputQuant: Q(T.Int8)));

        // ONE_HOT: output types of one_hot.cc, indices int32 / int64 (out of range and negative included), axes.
        foreach (var type in new[] { T.Float32, T.Int32, T.Int64, T.Int8, T.UInt8, T.Bool })
        {
            c.Add($"one_hot_{N(type)}_last_axis", (d, name) =>
            {
                int depth = d.Int(2, 5);
                var indices = d.Array(T.Int32, d.Shape(2, 4), lo: -1, hi: depth);
                return One(name, B.ONE_HOT, 1, [indices, ScalarI32(depth), Data(d, type, []), Data(d, type, [])], [false, true, true, true], type,
                    OneHotOpts, [Int(0, -1)]);
            });
        }
        c.Add("one_hot_float32_axis0_int64_indices", (d, name) =>
        {
            int depth = d.Int(1, 4);
            return One(name, B.ONE_HOT, 1, [d.Array(T.Int64, d.Shape(2, 3), lo: -2, hi: depth + 1), ScalarI32(depth), ScalarF32(1f), ScalarF32(-0.5f)],
                [false, true, true, true], T.Float32, OneHotOpts, [Int(0, 0)]);
        });
        c.Add("one_hot_int32_axis1_dynamic_depth", (d, name) =>
            One(name, B.ONE_HOT, 1, [d.Array(T.Int32, d.Shape(2, 3), lo: 0, hi: 3), ScalarI32(d.Int(1, 4)), ScalarI32(7), ScalarI32(0)],
                [false, false, false, false], T.Int32, OneHotOpts, [Int(0, 1)]));

        // RANGE: float32 / int32 / int64 (version 2), negative deltas, constant and fed inputs.
        c.Add("range_int32", (d, name) =>
            One(name, B.RANGE, 1, [ScalarI32(d.Int(-5, 5)), ScalarI32(d.Int(6, 20)), ScalarI32(d.Int(1, 3))], [true, true, true], T.Int32));
        c.Add("range_int32_negative_delta_fed", (d, name) =>
            One(name, B.RANGE, 1, [ScalarI32(d.Int(5, 15)), ScalarI32(d.Int(-5, 4)), ScalarI32(-d.Int(1, 4))], [false, false, false], T.Int32));
        c.Add("range_int64", (d, name) =>
            One(name, B.RANGE, 1, [ScalarI64(d.Int(0, 5)), ScalarI64(d.Int(10, 30)), ScalarI64(d.Int(2, 5))], [true, true, true], T.Int64));
        c.Add("range_float32", (d, name) =>
            One(name, B.RANGE, 1, [ScalarF32(-1.25f), ScalarF32(d.Int(2, 9) * 0.7f), ScalarF32(0.3f)], [false, false, false], T.Float32));
        c.Add("range_float32_negative_delta", (d, name) =>
            One(name, B.RANGE, 1, [ScalarF32(3.5f), ScalarF32(-d.Int(1, 5) * 0.9f), ScalarF32(-0.45f)], [true, true, true], T.Float32));

        // MATRIX_DIAG / MATRIX_SET_DIAG: every type, batched, square and non-square.
        foreach (var type in new[] { T.Float32, T.Int8, T.UInt8, T.Int16, T.Int32, T.Int64 })
        {
            c.Add($"matrix_diag_{N(type)}", (d, name) =>
                One(name, B.MATRIX_DIAG, 1, [Data(d, type, d.Shape(2, 4))], [false], type, inputQuant: [Q(type)], outputQuant: Q(type)));
            c.Add($"matrix_set_diag_{N(type)}", (d, name) =>
            {
                int b = d.Int(1, 3), r = d.Int(1, 4), k = d.Int(1, 4);
                return One(name, B.MATRIX_SET_DIAG, 1, [Data(d, type, [b, r, k]), Data(d, type, [b, Math.Min(r, k)])], [false, false], type,
                    inputQuant: [Q(type), Q(type)], outputQuant: Q(type));
            });
        }
        c.Add("matrix_diag_float32_rank1", (d, name) => One(name, B.MATRIX_DIAG, 1, [d.Array(T.Float32, [d.Int(1, 6)])], [false], T.Float32));
        c.Add("matrix_set_diag_float32_rank2_wide", (d, name) =>
            One(name, B.MATRIX_SET_DIAG, 1, [d.Array(T.Float32, [2, 5]), d.Array(T.Float32, [2])], [false, false], T.Float32));

        // DYNAMIC_UPDATE_SLICE: int32 / int64 indices fed at run time, clamping of out-of-range starts, every element size.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Float16, 3), (T.Int16, 4), (T.Int8, 1), (T.UInt8, 1), (T.Int32, 1), (T.Int64, 1), (T.Bool, 1) })
        {
            c.Add($"dynamic_update_slice_{N(type)}", (d, name) =>
            {
                int[] s = [d.Int(2, 5), d.Int(2, 6), d.Int(1, 3)];
                int[] u = [d.Int(1, s[0]), d.Int(1, s[1]), s[2]];
                var start = I32(d.Int(-1, s[0]), d.Int(0, s[1] + 2), 0);
                return One(name, B.DYNAMIC_UPDATE_SLICE, version, [Data(d, type, s), Data(d, type, u), start], [false, false, false], type,
                    inputQuant: [Q(type), Q(type), null], outputQuant: Q(type));
            });
        }
        c.Add("dynamic_update_slice_float32_int64_indices_rank4", (d, name) =>
        {
            int[] s = [1, d.Int(2, 6), 3, d.Int(2, 4)];
            return One(name, B.DYNAMIC_UPDATE_SLICE, 2, [d.Array(T.Float32, s), d.Array(T.Float32, [1, 1, 3, s[3]]), I64(0, d.Int(0, s[1] - 1), 0, 0)],
                [false, false, false], T.Float32);
        });
        c.Add("dynamic_update_slice_int32_full_update", (d, name) =>
        {
            int[] s = d.Shape(2, 4);
            return One(name, B.DYNAMIC_UPDATE_SLICE, 1, [d.Array(T.Int32, s), d.Array(T.Int32, s), I32(1, 2)], [false, false, false], T.Int32);
        });
    }
}

/// <summary>Small graphs where shape operators meet: values computed while preparing, and shapes of dynamic tensors.</summary>
internal static class ShapeCasesGraphs
{
    public static void Add(ShapeCaseList c)
    {
        // x -> RESHAPE(x, PACK(STRIDED_SLICE(SHAPE(x)), k)): resolved while preparing in ManagedLite.
        c.Add("graph_shape_strided_slice_pack_reshape", (d, name) =>
        {
            int a = d.Int(1, 4), b = d.Int(1, 4), e = d.Int(1, 4);
            var x = d.Array(TensorType.Float32, [a, b, e]);
            var m = new Robustness.TinyModel();
            int tx = m.Tensor("x", TensorType.Float32, [a, b, e]);
            int shape = m.Input("shape", TensorType.Int32, 3);
            int begin = m.ConstInt("begin", [1], 0), end = m.ConstInt("end", [1], 1), strides = m.ConstInt("strides", [1], 1);
            int d0 = m.Input("d0", TensorType.Int32);
            int rest = m.ConstInt("rest", [], b * e);
            int packed = m.Input("packed", TensorType.Int32, 2);
            int y = m.Input("y", TensorType.Float32);
            m.Op(BuiltinOperator.SHAPE, [tx], [shape], 1, 55, Byte(0, (int)TensorType.Int32))
             .Op(BuiltinOperator.STRIDED_SLICE, [shape, begin, end, strides], [d0], 1, 32, Int(0, 0), Int(1, 0), Int(2, 0), Int(3, 0), Int(4, 1), Bool(5, false))
             .Op(BuiltinOperator.PACK, [d0, rest], [packed], 1, 59, Int(0, 2), Int(1, 0))
             .Op(BuiltinOperator.RESHAPE, [tx, packed], [y], 1)
             .Inputs(tx).Outputs(y, packed);
            return new OpCase(name, m.Build(), [x]);
        });
        // RESHAPE by a fed shape (dynamic), then SHAPE and TILE of the dynamic tensor.
        c.Add("graph_fed_reshape_shape_tile", (d, name) =>
        {
            int a = d.Int(1, 3), b = d.Int(1, 3);
            var m = new Robustness.TinyModel();
            int tx = m.Tensor("x", TensorType.Int32, [a * b * 2]);
            int ts = m.Tensor("s", TensorType.Int32, [3]);
            int r = m.Input("r", TensorType.Int32);
            int shape = m.Input("shape", TensorType.Int64, 3);
            int mult = m.ConstInt("mult", [3], 1, 2, 1);
            int t = m.Input("t", TensorType.Int32);
            m.Op(BuiltinOperator.RESHAPE, [tx, ts], [r], 1)
             .Op(BuiltinOperator.SHAPE, [r], [shape], 1, 55, Byte(0, (int)TensorType.Int64))
             .Op(BuiltinOperator.TILE, [r, mult], [t], 1)
             .Inputs(tx, ts).Outputs(shape, t);
            return new OpCase(name, m.Build(), [d.Array(TensorType.Int32, [a * b * 2]), I32(b, -1, a)]);
        });
    }
}
