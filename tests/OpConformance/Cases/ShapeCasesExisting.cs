using ManagedLite.Schema;
using static ManagedLite.OpConformance.Sh;
using static ManagedLite.Robustness.TinyModel;
using B = ManagedLite.Schema.BuiltinOperator;
using T = ManagedLite.Schema.TensorType;

namespace ManagedLite.OpConformance;

/// <summary>Cases of the data-movement operators ManagedLite had before the op-conformance suite: RESHAPE, SQUEEZE,
/// EXPAND_DIMS, STRIDED_SLICE, SLICE, GATHER, CONCATENATION, SPLIT, SPLIT_V, PAD, PADV2, MIRROR_PAD, TRANSPOSE,
/// DEPTH_TO_SPACE, SPACE_TO_DEPTH, RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR.</summary>
internal static class ShapeCasesExisting
{
    // BuiltinOptions union tags (schema.fbs).
    private const byte ConcatOpts = 10, ResizeBilinearOpts = 15, ReshapeOpts = 17, SpaceToDepthOpts = 19, PadOpts = 22, GatherOpts = 23,
        TransposeOpts = 26, SqueezeOpts = 30, StridedSliceOpts = 32, SplitOpts = 35, PadV2Opts = 43, SliceOpts = 48, ExpandDimsOpts = 52,
        ResizeNearestOpts = 74, MirrorPadOpts = 77, SplitVOpts = 79, DepthToSpaceOpts = 94;

    private static readonly (T Type, int Version)[] Common = [(T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 1), (T.Int32, 1), (T.Int64, 1), (T.Bool, 1)];

    public static void Add(ShapeCaseList c)
    {
        // RESHAPE: shape input constant, -1, from options, fed at run time (dynamic), zero-size and scalar results.
        foreach (var (type, _) in Common)
        {
            c.Add($"reshape_{N(type)}_const_shape", (d, name) =>
            {
                int a = d.Int(1, 4), b = d.Int(1, 4), e = d.Int(1, 3);
                return One(name, B.RESHAPE, 1, [Data(d, type, [a, b, e]), I32(b, -1)], [false, true], type,
                    ReshapeOpts, [OptionField.Vector(0, b, a * e)], inputQuant: [Q(type), null], outputQuant: Q(type));
            });
        }
        c.Add("reshape_float32_options_only", (d, name) =>
        {
            int a = d.Int(1, 4), b = d.Int(1, 4);
            return One(name, B.RESHAPE, 1, [d.Array(T.Float32, [a, b, 2])], [false], T.Float32, ReshapeOpts, [OptionField.Vector(0, 2, -1, a)]);
        });
        c.Add("reshape_float32_shape_fed", (d, name) =>
        {
            int a = d.Int(1, 4), b = d.Int(1, 4);
            return One(name, B.RESHAPE, 1, [d.Array(T.Float32, [a, b, 3]), I32(3, -1)], [false, false], T.Float32);
        });
        c.Add("reshape_int32_to_scalar", (d, name) => One(name, B.RESHAPE, 1, [d.Array(T.Int32, [1, 1]), CaseData.Of<int>(T.Int32, [0])], [false, true], T.Int32));
        c.Add("reshape_float32_zero_size_stretch", (d, name) =>
            One(name, B.RESHAPE, 1, [d.Array(T.Float32, [2, 0, 3]), I32(-1, 0)], [false, true], T.Float32));

        // SQUEEZE: all size-1 dimensions, listed ones, negative ones.
        foreach (var (type, _) in Common)
        {
            c.Add($"squeeze_{N(type)}_all", (d, name) =>
                One(name, B.SQUEEZE, 1, [Data(d, type, [1, d.Int(2, 4), 1, d.Int(1, 3)])], [false], type, SqueezeOpts, [],
                    inputQuant: [Q(type)], outputQuant: Q(type)));
        }
        c.Add("squeeze_int32_scalar", (d, name) => One(name, B.SQUEEZE, 1, [d.Array(T.Int32, [])], [false], T.Int32, SqueezeOpts, []));
        c.Add("squeeze_float32_repeated_dims", (d, name) =>
            One(name, B.SQUEEZE, 1, [d.Array(T.Float32, [d.Int(2, 4), 1, 1])], [false], T.Float32, SqueezeOpts, [OptionField.Vector(0, 1, -2, 2)]));
        c.Add("squeeze_float32_listed_negative", (d, name) =>
            One(name, B.SQUEEZE, 1, [d.Array(T.Float32, [1, d.Int(2, 4), 1, 1])], [false], T.Float32, SqueezeOpts, [OptionField.Vector(0, 0, -1)]));

        // EXPAND_DIMS: axis int32 / int64, first / last / negative, fed at run time.
        foreach (var (type, _) in Common)
        {
            c.Add($"expand_dims_{N(type)}", (d, name) =>
                One(name, B.EXPAND_DIMS, 1, [Data(d, type, d.Shape(2, 4)), I32([1], d.Int(-3, 2))], [false, true], type, ExpandDimsOpts, [],
                    inputQuant: [Q(type), null], outputQuant: Q(type)));
        }
        c.Add("expand_dims_float32_int64_axis_last", (d, name) =>
            One(name, B.EXPAND_DIMS, 1, [d.Array(T.Float32, d.Shape(3, 3)), ScalarI64(3)], [false, true], T.Float32, ExpandDimsOpts, []));
        c.Add("expand_dims_int8_scalar", (d, name) =>
            One(name, B.EXPAND_DIMS, 1, [d.Array(T.Int8, []), ScalarI32(-1)], [false, true], T.Int8, ExpandDimsOpts, [],
                inputQuant: [Q(T.Int8), null], outputQuant: Q(T.Int8)));
        c.Add("expand_dims_float32_axis_fed", (d, name) =>
            One(name, B.EXPAND_DIMS, 1, [d.Array(T.Float32, d.Shape(2, 3)), ScalarI32(-1)], [false, false], T.Float32, ExpandDimsOpts, []));

        AddStridedSlice(c);
        AddSlice(c);
        AddGather(c);
        AddConcatSplit(c);
        AddPads(c);
        AddTransposeAndSpace(c);
        AddResize(c);
    }

    private static OptionField[] SsOpts(int begin = 0, int end = 0, int ellipsis = 0, int newAxis = 0, int shrink = 0, bool offset = false) =>
        [Sh.Int(0, begin), Sh.Int(1, end), Sh.Int(2, ellipsis), Sh.Int(3, newAxis), Sh.Int(4, shrink), Sh.Bool(5, offset)];

    private static void AddStridedSlice(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.Bool, 3), (T.UInt8, 1), (T.Int16, 1), (T.Int32, 1), (T.Int64, 1), (T.UInt32, 4), (T.Float16, 1) })
        {
            c.Add($"strided_slice_{N(type)}_basic", (d, name) =>
            {
                int[] s = [d.Int(2, 5), d.Int(3, 6), d.Int(1, 3)];
                return One(name, B.STRIDED_SLICE, version,
                    [Data(d, type, s), I32(d.Int(0, 1), -d.Int(1, 3), 0), I32(s[0], s[1], 1), I32(1, d.Int(1, 2), 1)],
                    [type == T.UInt32, true, true, true], type, StridedSliceOpts, SsOpts(end: 4), inputQuant: [Q(type), null, null, null], outputQuant: Q(type));
            });
        }
        c.Add("strided_slice_float32_negative_strides_masks", (d, name) =>
        {
            int[] s = [d.Int(3, 6), d.Int(3, 6)];
            return One(name, B.STRIDED_SLICE, 1, [d.Array(T.Float32, s), I32(-1, 5), I32(0, -7), I32(-1, -2)],
                [false, true, true, true], T.Float32, StridedSliceOpts, SsOpts(begin: 2, end: 1));
        });
        c.Add("strided_slice_int32_shrink", (d, name) =>
        {
            int[] s = [d.Int(2, 4), d.Int(2, 4), 3];
            return One(name, B.STRIDED_SLICE, 1, [d.Array(T.Int32, s), I32(1, 0, -1), I32(2, s[1], 0), I32(1, 1, 1)],
                [false, true, true, true], T.Int32, StridedSliceOpts, SsOpts(shrink: 5));
        });
        c.Add("strided_slice_float32_ellipsis_new_axis", (d, name) =>
        {
            int[] s = [d.Int(1, 3), d.Int(2, 4), d.Int(2, 4), 2];
            return One(name, B.STRIDED_SLICE, 4, [d.Array(T.Float32, s), I32(0, 0, 1), I32(0, 0, 3), I32(1, 1, 1)],
                [false, true, true, true], T.Float32, StridedSliceOpts, SsOpts(ellipsis: 1, newAxis: 2));
        });
        c.Add("strided_slice_float32_rank5", (d, name) =>
        {
            int[] s = [2, d.Int(1, 3), 3, d.Int(2, 3), 2];
            return One(name, B.STRIDED_SLICE, 4, [d.Array(T.Float32, s), I32(1, 0, 1, 0, 0), I32(2, 3, 3, 2, 2), I32(1, 1, 1, 1, 2)],
                [false, true, true, true], T.Float32, StridedSliceOpts, SsOpts());
        });
        c.Add("strided_slice_float32_offset", (d, name) =>
        {
            int[] s = [d.Int(2, 4), d.Int(4, 8)];
            return One(name, B.STRIDED_SLICE, 4, [d.Array(T.Float32, s), I32(0, d.Int(0, s[1] - 3)), I32(s[0], 3), I32(1, 1)],
                [false, true, true, true], T.Float32, StridedSliceOpts, SsOpts(offset: true));
        });
        c.Add("strided_slice_float32_offset_begin_fed", (d, name) =>
        {
            int[] s = [d.Int(2, 4), d.Int(4, 8)];
            return One(name, B.STRIDED_SLICE, 4, [d.Array(T.Float32, s), I32(0, d.Int(0, s[1] - 2)), I32(s[0], 2), I32(1, 1)],
                [false, false, true, true], T.Float32, StridedSliceOpts, SsOpts(offset: true));
        });
        c.Add("strided_slice_int8_begin_end_fed", (d, name) =>
        {
            int[] s = [d.Int(2, 5), d.Int(2, 5)];
            return One(name, B.STRIDED_SLICE, 2, [d.Array(T.Int8, s), I32(d.Int(0, 1), d.Int(-2, 0)), I32(s[0], 9), I32(1, 1)],
                [false, false, false, true], T.Int8, StridedSliceOpts, SsOpts(), inputQuant: [Q(T.Int8), null, null, null], outputQuant: Q(T.Int8));
        });
    }

    private static void AddSlice(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 4), (T.Int32, 1), (T.Int64, 1), (T.Bool, 1), (T.UInt32, 6), (T.Float16, 8) })
        {
            c.Add($"slice_{N(type)}", (d, name) =>
            {
                int[] s = [d.Int(2, 4), d.Int(2, 5), d.Int(1, 3)];
                int b0 = d.Int(0, s[0] - 1), b1 = d.Int(0, s[1] - 1);
                return One(name, B.SLICE, version, [Data(d, type, s), I32(b0, b1, 0), I32(s[0] - b0, -1, s[2])],
                    [type == T.UInt32, true, true], type, SliceOpts, [], inputQuant: [Q(type), null, null], outputQuant: Q(type));
            });
        }
        c.Add("slice_float32_int64_begin_size", (d, name) =>
        {
            int[] s = [d.Int(2, 4), d.Int(3, 6)];
            return One(name, B.SLICE, 1, [d.Array(T.Float32, s), I64(1, d.Int(0, 2)), I64(-1, 1)], [false, true, true], T.Float32, SliceOpts, []);
        });
        c.Add("slice_float32_rank5", (d, name) =>
            One(name, B.SLICE, 5, [d.Array(T.Float32, [2, 3, d.Int(1, 3), 2, 3]), I32(1, 0, 0, 1, 1), I32(1, 2, -1, 1, 2)], [false, true, true], T.Float32, SliceOpts, []));
        c.Add("slice_int32_begin_fed", (d, name) =>
        {
            int[] s = [d.Int(3, 5), 4];
            return One(name, B.SLICE, 1, [d.Array(T.Int32, s), I32(d.Int(0, 1), 1), I32(2, 2)], [false, false, true], T.Int32, SliceOpts, []);
        });
        c.Add("slice_float32_begin_size_fed", (d, name) =>
        {
            int[] s = [d.Int(3, 5), 4];
            return One(name, B.SLICE, 1, [d.Array(T.Float32, s), I32(1, d.Int(0, 2)), I32(-1, 2)], [false, false, false], T.Float32, SliceOpts, []);
        });
    }

    private static void AddGather(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.Bool, 3), (T.Int16, 4), (T.UInt8, 1), (T.Int32, 1), (T.Int64, 1), (T.Float16, 1) })
        {
            c.Add($"gather_{N(type)}_axis0", (d, name) =>
            {
                int[] s = [d.Int(2, 6), d.Int(1, 4)];
                return One(name, B.GATHER, version, [Data(d, type, s), d.Array(T.Int32, [d.Int(1, 5)], lo: 0, hi: s[0] - 1)], [false, false], type,
                    GatherOpts, [Sh.Int(0, 0), Sh.Int(1, 0)], inputQuant: [Q(type), null], outputQuant: Q(type));
            });
        }
        c.Add("gather_float32_axis1_2d_indices_int64", (d, name) =>
        {
            int[] s = [d.Int(1, 3), d.Int(2, 5), 2];
            return One(name, B.GATHER, 1, [d.Array(T.Float32, s), d.Array(T.Int64, [2, d.Int(1, 3)], lo: 0, hi: s[1] - 1)], [false, false], T.Float32,
                GatherOpts, [Sh.Int(0, 1), Sh.Int(1, 0)]);
        });
        c.Add("gather_float32_batch_dims1", (d, name) =>
        {
            int[] s = [d.Int(1, 3), d.Int(2, 5), 3];
            return One(name, B.GATHER, 5, [d.Array(T.Float32, s), d.Array(T.Int32, [s[0], d.Int(1, 4)], lo: 0, hi: s[1] - 1)], [false, false], T.Float32,
                GatherOpts, [Sh.Int(0, 1), Sh.Int(1, 1)]);
        });
        c.Add("gather_int8_batch_dims_negative_axis_last", (d, name) =>
        {
            int[] s = [2, d.Int(1, 3), d.Int(2, 5)];
            return One(name, B.GATHER, 5, [d.Array(T.Int8, s), d.Array(T.Int32, [2, d.Int(1, 3)], lo: 0, hi: s[2] - 1)], [false, false], T.Int8,
                GatherOpts, [Sh.Int(0, -1), Sh.Int(1, -1)], inputQuant: [Q(T.Int8), null], outputQuant: Q(T.Int8));
        });
        c.Add("gather_float32_int16_indices", (d, name) =>
        {
            int[] s = [d.Int(2, 6), 3];
            return One(name, B.GATHER, 6, [d.Array(T.Float32, s), d.Array(T.Int16, [d.Int(1, 4)], lo: 0, hi: s[0] - 1)], [false, false], T.Float32,
                GatherOpts, [Sh.Int(0, 0), Sh.Int(1, 0)]);
        });
    }

    private static void AddConcatSplit(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Float16, 6), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 3), (T.Int32, 1), (T.Int64, 1), (T.Bool, 1), (T.UInt32, 4) })
        {
            c.Add($"concatenation_{N(type)}", (d, name) =>
            {
                int a = d.Int(1, 3), e = d.Int(1, 3);
                var inputs = new[] { Data(d, type, [a, d.Int(1, 3), e]), Data(d, type, [a, d.Int(1, 3), e]), Data(d, type, [a, d.Int(1, 3), e]) };
                bool k = type == T.UInt32;
                return One(name, B.CONCATENATION, version, inputs, [k, k, k], type, ConcatOpts, [Sh.Int(0, 1), Sh.Byte(1, 0)],
                    inputQuant: [Q(type), Q(type), Q(type)], outputQuant: Q(type));
            });
        }
        c.Add("concatenation_uint8_requantized", (d, name) =>
        {
            int b = d.Int(1, 4);
            return One(name, B.CONCATENATION, 1, [d.Array(T.UInt8, [2, b]), d.Array(T.UInt8, [1, b])], [false, false], T.UInt8,
                ConcatOpts, [Sh.Int(0, 0), Sh.Byte(1, 0)], inputQuant: [(0.1f, 120), (0.037f, 7)], outputQuant: (0.08f, 128));
        });
        c.Add("concatenation_int32_constant_scalars", (d, name) =>
            One(name, B.CONCATENATION, 1, [ScalarI32(d.Int(-9, 9)), ScalarI32(4), ScalarI32(d.Int(-9, 9))], [true, true, true], T.Int32,
                ConcatOpts, [Sh.Int(0, 0), Sh.Byte(1, 0)]));
        c.Add("concatenation_float32_negative_axis", (d, name) =>
        {
            int a = d.Int(1, 3);
            return One(name, B.CONCATENATION, 1, [d.Array(T.Float32, [a, d.Int(1, 4)]), d.Array(T.Float32, [a, d.Int(1, 4)])], [false, false], T.Float32,
                ConcatOpts, [Sh.Int(0, -1), Sh.Byte(1, 0)]);
        });

        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 4), (T.Int32, 3), (T.Int64, 1) })
        {
            c.Add($"split_{N(type)}", (d, name) =>
            {
                int n = d.Int(1, 3);
                var outs = Enumerable.Range(0, n).Select(_ => (type, Unknown)).ToArray();
                return SingleOp.Build(name, B.SPLIT, version, [I32([1], 1), Data(d, type, [d.Int(1, 3), n * d.Int(1, 3), 2])], outs,
                    SplitOpts, [Sh.Int(0, n)], [true, false], [null, Q(type)], Enumerable.Repeat(Q(type), n).ToArray());
            });
            c.Add($"split_v_{N(type)}", (d, name) =>
            {
                int a = d.Int(1, 3), b = d.Int(0, 2);
                return SingleOp.Build(name, B.SPLIT_V, type == T.Int8 ? 2 : 1, [Data(d, type, [2, a + b + 1, 3]), I32(a, -1, 1), ScalarI32(-2)],
                    [(type, Unknown), (type, Unknown), (type, Unknown)], SplitVOpts, [Sh.Int(0, 3)], [false, true, true], [Q(type), null, null],
                    [Q(type), Q(type), Q(type)]);
            });
        }
        c.Add("split_float32_axis_fed", (d, name) =>
            SingleOp.Build(name, B.SPLIT, 1, [ScalarI32(d.Int(0, 1)), d.Array(T.Float32, [2, 4])], [(T.Float32, Unknown), (T.Float32, Unknown)],
                SplitOpts, [Sh.Int(0, 2)], [false, false]));
        c.Add("split_v_float32_int64_sizes_fed", (d, name) =>
            SingleOp.Build(name, B.SPLIT_V, 1, [d.Array(T.Float32, [3, 5]), I64(d.Int(0, 5), -1), ScalarI32(1)], [(T.Float32, Unknown), (T.Float32, Unknown)],
                SplitVOpts, [Sh.Int(0, 2)], [false, false, true]));
    }

    private static void AddPads(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Float16, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 3), (T.Int32, 1), (T.Int64, 1), (T.Bool, 5) })
        {
            c.Add($"pad_{N(type)}", (d, name) =>
                One(name, B.PAD, version, [Data(d, type, d.Shape(3, 3)), I32([3, 2], d.Int(0, 2), 1, 0, d.Int(0, 2), 2, 0)], [false, true], type,
                    PadOpts, [], inputQuant: [Q(type), null], outputQuant: Q(type)));
        }
        c.Add("pad_float32_rank5_int64_paddings", (d, name) =>
            One(name, B.PAD, 4, [d.Array(T.Float32, d.Shape(5, 2)), I64([5, 2], 1, 0, 0, 1, 0, 0, 2, 1, 0, 1)], [false, true], T.Float32, PadOpts, []));
        c.Add("pad_float32_image_style_paddings_fed", (d, name) =>
            One(name, B.PAD, 1, [d.Array(T.Float32, [1, d.Int(1, 3), d.Int(1, 3), 2]), I32([4, 2], 0, 0, 1, 1, d.Int(0, 2), 1, 0, 0)], [false, false], T.Float32, PadOpts, []));
        c.Add("pad_int8_unquantized", (d, name) =>
            One(name, B.PAD, 2, [d.Array(T.Int8, d.Shape(2, 3)), I32([2, 2], 1, 1, 0, 2)], [false, true], T.Int8, PadOpts, []));
        c.Add("padv2_float32", (d, name) =>
            One(name, B.PADV2, 1, [d.Array(T.Float32, d.Shape(2, 4)), I32([2, 2], 1, 0, 2, 1), ScalarF32(-2.5f)], [false, true, true], T.Float32, PadV2Opts, []));
        c.Add("padv2_int8_quantized_value", (d, name) =>
            One(name, B.PADV2, 2, [d.Array(T.Int8, d.Shape(3, 2)), I32([3, 2], 0, 1, 1, 0, 1, 1), CaseData.Of<sbyte>(T.Int8, [], 77)], [false, true, true], T.Int8,
                PadV2Opts, [], inputQuant: [Q(T.Int8), null, Q(T.Int8)], outputQuant: Q(T.Int8)));
        c.Add("padv2_uint8_quantized_value", (d, name) =>
            One(name, B.PADV2, 1, [d.Array(T.UInt8, d.Shape(2, 3)), I32([2, 2], 2, 0, 0, 1), CaseData.Of<byte>(T.UInt8, [], 200)], [false, true, true], T.UInt8,
                PadV2Opts, [], inputQuant: [Q(T.UInt8), null, Q(T.UInt8)], outputQuant: Q(T.UInt8)));

        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.UInt8, 1), (T.Int16, 3), (T.Int32, 1), (T.Int64, 1) })
        {
            foreach (var mode in new[] { MirrorPadMode.Reflect, MirrorPadMode.Symmetric })
            {
                c.Add($"mirror_pad_{N(type)}_{mode.ToString().ToLowerInvariant()}", (d, name) =>
                {
                    int[] s = [d.Int(2, 4), d.Int(2, 4)];
                    int max = mode == MirrorPadMode.Reflect ? 1 : 2;
                    return One(name, B.MIRROR_PAD, version, [Data(d, type, s), I32([2, 2], d.Int(0, max), 1, max, d.Int(0, max))], [false, true], type,
                        MirrorPadOpts, [Sh.Byte(0, (int)mode)], inputQuant: [Q(type), null], outputQuant: Q(type));
                });
            }
        }
        c.Add("mirror_pad_float32_int64_paddings_fed", (d, name) =>
            One(name, B.MIRROR_PAD, 1, [d.Array(T.Float32, [3, d.Int(2, 4), 2]), I64([3, 2], 2, 1, 1, 0, 0, 1)], [false, false], T.Float32,
                MirrorPadOpts, [Sh.Byte(0, (int)MirrorPadMode.Reflect)]));
    }

    private static void AddTransposeAndSpace(ShapeCaseList c)
    {
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 2), (T.Bool, 3), (T.Int16, 5), (T.UInt8, 1), (T.Int32, 1), (T.Int64, 1), (T.Float16, 8) })
        {
            c.Add($"transpose_{N(type)}_rank3", (d, name) =>
                One(name, B.TRANSPOSE, version, [Data(d, type, d.Shape(3, 4)), I32(2, 0, 1)], [false, true], type, TransposeOpts, [],
                    inputQuant: [Q(type), null], outputQuant: Q(type)));
        }
        c.Add("transpose_float32_rank2", (d, name) => One(name, B.TRANSPOSE, 1, [d.Array(T.Float32, d.Shape(2, 6)), I32(1, 0)], [false, true], T.Float32, TransposeOpts, []));
        c.Add("transpose_float32_rank4_nchw", (d, name) => One(name, B.TRANSPOSE, 1, [d.Array(T.Float32, d.Shape(4, 4)), I32(0, 3, 1, 2)], [false, true], T.Float32, TransposeOpts, []));
        c.Add("transpose_int32_rank6", (d, name) => One(name, B.TRANSPOSE, 6, [d.Array(T.Int32, d.Shape(6, 2)), I32(5, 0, 4, 1, 3, 2)], [false, true], T.Int32, TransposeOpts, []));
        // TFLite reads perm as int32 whatever its type, so only int32 perms are compared (int64 ones: Runtime.Tests).
        c.Add("transpose_int8_rank8", (d, name) => One(name, B.TRANSPOSE, 8, [d.Array(T.Int8, d.Shape(8, 2)), I32(7, 6, 0, 1, 5, 2, 4, 3)], [false, true], T.Int8, TransposeOpts, []));
        c.Add("transpose_float32_perm_fed", (d, name) => One(name, B.TRANSPOSE, 1, [d.Array(T.Float32, d.Shape(3, 3)), I32(1, 2, 0)], [false, false], T.Float32, TransposeOpts, []));
        c.Add("transpose_float32_negative_perm", (d, name) => One(name, B.TRANSPOSE, 1, [d.Array(T.Float32, d.Shape(3, 3)), I32(-1, 0, -2)], [false, true], T.Float32, TransposeOpts, []));

        // The reference resolver registers DEPTH_TO_SPACE version 1 only (register_ref.cc); the types do not depend on it.
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.Int8, 1), (T.UInt8, 1), (T.Int32, 1), (T.Int64, 1) })
        {
            c.Add($"depth_to_space_{N(type)}", (d, name) =>
            {
                int bs = d.Int(2, 3);
                return One(name, B.DEPTH_TO_SPACE, version, [Data(d, type, [d.Int(1, 2), d.Int(1, 3), d.Int(1, 3), bs * bs * d.Int(1, 2)])], [false], type,
                    DepthToSpaceOpts, [Sh.Int(0, bs)], inputQuant: [Q(type)], outputQuant: Q(type));
            });
            c.Add($"space_to_depth_{N(type)}", (d, name) =>
            {
                int bs = d.Int(2, 3);
                return One(name, B.SPACE_TO_DEPTH, version, [Data(d, type, [d.Int(1, 2), bs * d.Int(1, 2), bs * d.Int(1, 3), d.Int(1, 3)])], [false], type,
                    SpaceToDepthOpts, [Sh.Int(0, bs)], inputQuant: [Q(type)], outputQuant: Q(type));
            });
        }
    }

    private static void AddResize(ShapeCaseList c)
    {
        var modes = new[] { ("plain", false, false), ("align_corners", true, false), ("half_pixel", false, true) };
        foreach (var (type, version) in new[] { (T.Float32, 1), (T.UInt8, 1), (T.Int8, 2), (T.Int16, 4) })
        {
            foreach (var (mode, align, half) in modes)
            {
                int v = half && version < 3 ? 3 : version;
                c.Add($"resize_bilinear_{N(type)}_{mode}", (d, name) =>
                    One(name, B.RESIZE_BILINEAR, v, [Data(d, type, [d.Int(1, 2), d.Int(1, 4), d.Int(1, 4), d.Int(1, 3)]), I32(d.Int(1, 7), d.Int(1, 7))], [false, true], type,
                        ResizeBilinearOpts, [Sh.Bool(2, align), Sh.Bool(3, half)], inputQuant: [Q(type), null], outputQuant: Q(type)));
                int vn = (half || align) && version < 3 ? 3 : version;
                c.Add($"resize_nearest_neighbor_{N(type)}_{mode}", (d, name) =>
                    One(name, B.RESIZE_NEAREST_NEIGHBOR, vn, [Data(d, type, [d.Int(1, 2), d.Int(1, 4), d.Int(1, 4), d.Int(1, 3)]), I32(d.Int(1, 7), d.Int(1, 7))], [false, true], type,
                        ResizeNearestOpts, [Sh.Bool(0, align), Sh.Bool(1, half)], inputQuant: [Q(type), null], outputQuant: Q(type)));
            }
        }
        c.Add("resize_nearest_neighbor_int32_half_pixel", (d, name) =>
            One(name, B.RESIZE_NEAREST_NEIGHBOR, 3, [d.Array(T.Int32, [1, d.Int(1, 4), d.Int(1, 4), 2]), I32(5, 3)], [false, true], T.Int32,
                ResizeNearestOpts, [Sh.Bool(0, false), Sh.Bool(1, true)]));
        c.Add("resize_bilinear_float32_size_fed", (d, name) =>
            One(name, B.RESIZE_BILINEAR, 3, [d.Array(T.Float32, [1, 3, 2, 2]), I32(d.Int(1, 6), d.Int(1, 6))], [false, false], T.Float32,
                ResizeBilinearOpts, [Sh.Bool(2, false), Sh.Bool(3, true)]));
    }
}
