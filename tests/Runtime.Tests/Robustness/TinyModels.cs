using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.Robustness;

/// <summary>
/// A catalogue of small valid models built with <see cref="TinyModel"/>, covering operators that exist on
/// every branch (elementwise and data movement) and the inputs they take from constants (shapes, axes,
/// paddings, indices, perms): the fuzzer mutates these constants and shapes to reach Prepare and Eval.
/// </summary>
internal static partial class TinyModels
{
    // BuiltinOptions union tags (schema.fbs order, NONE = 0).
    public const byte SoftmaxOptions = 9, ConcatenationOptions = 10, AddOptions = 11, ResizeBilinearOptions = 15,
        MulOptions = 21, GatherOptions = 23, ReducerOptions = 27, StridedSliceOptions = 32, SplitOptions = 35,
        LeakyReluOptions = 75, SpaceToDepthOptions = 19, PadV2Options = 43, SliceOptions = 48,
        ResizeNearestNeighborOptions = 74, MirrorPadOptions = 77, SplitVOptions = 79, DepthToSpaceOptions = 94;

    private static OptionField I(int slot, int v) => new(slot, OptionKind.Int, v);
    private static OptionField B(int slot, bool v) => new(slot, OptionKind.Bool, v ? 1 : 0);
    private static OptionField F(int slot, float v) => new(slot, OptionKind.Float, v);
    private static OptionField Act(int slot, ActivationFunctionType a) => new(slot, OptionKind.Byte, (int)a);

    /// <summary>x[1,4] + y[1,4] -> RELU: two float inputs, one output.</summary>
    public static byte[] AddRelu()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 1, 4), y = m.Input("y", TensorType.Float32, 1, 4);
        int s = m.Input("sum", TensorType.Float32, 1, 4), o = m.Input("out", TensorType.Float32, 1, 4);
        return m.Op(BuiltinOperator.ADD, [x, y], [s], 1, AddOptions, Act(0, ActivationFunctionType.None))
                .Op(BuiltinOperator.RELU, [s], [o]).Inputs(x, y).Outputs(o).Build();
    }

    /// <summary>A chain of float ops over a larger tensor, with a dynamic batch dimension ([-1,8,8,3]).</summary>
    public static byte[] FloatChain()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [1, 8, 8, 3], signature: [-1, 8, 8, 3]);
        int w = m.ConstFloat("w", [3], 0.5f, -1.25f, 2f);
        int a = m.Input("mul", TensorType.Float32, 1, 8, 8, 3);
        int b = m.Input("tanh", TensorType.Float32, 1, 8, 8, 3);
        int c = m.Input("leaky", TensorType.Float32, 1, 8, 8, 3);
        int axes = m.ConstInt("axes", [2], 1, 2);
        int d = m.Input("mean", TensorType.Float32, 1, 1, 1, 3);
        int e = m.Input("softmax", TensorType.Float32, 1, 1, 1, 3);
        return m.Op(BuiltinOperator.MUL, [x, w], [a], 1, MulOptions, Act(0, ActivationFunctionType.Relu6))
                .Op(BuiltinOperator.TANH, [a], [b])
                .Op(BuiltinOperator.LEAKY_RELU, [b], [c], 1, LeakyReluOptions, F(0, 0.2f))
                .Op(BuiltinOperator.MEAN, [c, axes], [d], 1, ReducerOptions, B(0, true))
                .Op(BuiltinOperator.SOFTMAX, [d], [e], 1, SoftmaxOptions, F(0, 1f))
                .Inputs(x).Outputs(e).Build();
    }

    /// <summary>RESHAPE by a constant shape, TRANSPOSE by a constant perm, PAD by constant paddings.</summary>
    public static byte[] ReshapeTransposePad()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 2, 6);
        int shape = m.ConstInt("shape", [3], 3, 2, 2);
        int r = m.Input("reshaped", TensorType.Float32, 3, 2, 2);
        int perm = m.ConstInt("perm", [3], 2, 0, 1);
        int t = m.Input("transposed", TensorType.Float32, 2, 3, 2);
        int pads = m.ConstInt("paddings", [3, 2], 1, 0, 0, 2, 1, 1);
        int p = m.Input("padded", TensorType.Float32, 3, 5, 4);
        return m.Op(BuiltinOperator.RESHAPE, [x, shape], [r])
                .Op(BuiltinOperator.TRANSPOSE, [r, perm], [t])
                .Op(BuiltinOperator.PAD, [t, pads], [p])
                .Inputs(x).Outputs(p).Build();
    }

    /// <summary>CONCATENATION on axis 2, then STRIDED_SLICE with constant begin/end/strides and masks.</summary>
    public static byte[] ConcatStridedSlice()
    {
        var m = new TinyModel();
        int a = m.Input("a", TensorType.Float32, 1, 2, 3), b = m.Input("b", TensorType.Float32, 1, 2, 2);
        int c = m.Input("concat", TensorType.Float32, 1, 2, 5);
        int begin = m.ConstInt("begin", [3], 0, 0, 1), end = m.ConstInt("end", [3], 1, 2, 5), strides = m.ConstInt("strides", [3], 1, 1, 2);
        int s = m.Input("sliced", TensorType.Float32, 1, 2, 2);
        return m.Op(BuiltinOperator.CONCATENATION, [a, b], [c], 1, ConcatenationOptions, I(0, 2), Act(1, ActivationFunctionType.None))
                .Op(BuiltinOperator.STRIDED_SLICE, [c, begin, end, strides], [s], 1, StridedSliceOptions, I(0, 0), I(1, 0), I(2, 0), I(3, 0), I(4, 0))
                .Inputs(a, b).Outputs(s).Build();
    }

    /// <summary>GATHER from an input with constant indices, and from a constant with input indices (checked at run time).</summary>
    public static byte[] Gather()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 5, 3);
        int idx = m.ConstInt("indices", [4], 4, 0, 2, 2);
        int g = m.Input("gathered", TensorType.Float32, 4, 3);
        return m.Op(BuiltinOperator.GATHER, [x, idx], [g], 1, GatherOptions, I(0, 0), I(1, 0))
                .Inputs(x).Outputs(g).Build();
    }

    /// <summary>GATHER whose indices are a model input: seeded inputs put them out of range, which must be an exception.</summary>
    public static byte[] GatherRuntimeIndices()
    {
        var m = new TinyModel();
        int table = m.ConstFloat("table", [4, 2], 1, 2, 3, 4, 5, 6, 7, 8);
        int idx = m.Input("indices", TensorType.Int32, 3);
        int g = m.Input("gathered", TensorType.Float32, 3, 2);
        return m.Op(BuiltinOperator.GATHER, [table, idx], [g], 1, GatherOptions, I(0, 0), I(1, 0))
                .Inputs(idx).Outputs(g).Build();
    }

    /// <summary>SPLIT on a constant axis into three outputs, then ADD of two of them.</summary>
    public static byte[] SplitAdd()
    {
        var m = new TinyModel();
        int axis = m.ConstInt("axis", [], 1);
        int x = m.Input("x", TensorType.Float32, 2, 6);
        int a = m.Input("a", TensorType.Float32, 2, 2), b = m.Input("b", TensorType.Float32, 2, 2), c = m.Input("c", TensorType.Float32, 2, 2);
        int s = m.Input("sum", TensorType.Float32, 2, 2);
        return m.Op(BuiltinOperator.SPLIT, [axis, x], [a, b, c], 1, SplitOptions, I(0, 3))
                .Op(BuiltinOperator.ADD, [a, c], [s])
                .Inputs(x).Outputs(s, b).Build();
    }

    /// <summary>DEQUANTIZE of a constant int8 tensor (folded at preparation), SUB from a float input, RESIZE_BILINEAR.</summary>
    public static byte[] DequantizeResize()
    {
        var m = new TinyModel();
        int q = m.Tensor("q", TensorType.Int8, [1, 2, 2, 1], [1, 0xFF, 0x7F, 0x80], scale: [0.5f], zeroPoint: [1]);
        int dq = m.Input("dq", TensorType.Float32, 1, 2, 2, 1);
        int x = m.Input("x", TensorType.Float32, 1, 2, 2, 1);
        int d = m.Input("diff", TensorType.Float32, 1, 2, 2, 1);
        int size = m.ConstInt("size", [2], 4, 3);
        int r = m.Input("resized", TensorType.Float32, 1, 4, 3, 1);
        return m.Op(BuiltinOperator.DEQUANTIZE, [q], [dq], 2)
                .Op(BuiltinOperator.SUB, [x, dq], [d])
                .Op(BuiltinOperator.RESIZE_BILINEAR, [d, size], [r], 1, ResizeBilinearOptions, B(2, false), B(3, true))
                .Inputs(x).Outputs(r).Build();
    }

    /// <summary>CAST of an int32 input to float, EXPAND_DIMS on a constant axis, SQUEEZE back.</summary>
    public static byte[] CastExpandSqueeze()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Int32, 2, 3);
        int f = m.Input("f", TensorType.Float32, 2, 3);
        int axis = m.ConstInt("axis", [1], 1);
        int e = m.Input("expanded", TensorType.Float32, 2, 1, 3);
        int s = m.Input("squeezed", TensorType.Float32, 2, 3);
        return m.Op(BuiltinOperator.CAST, [x], [f])
                .Op(BuiltinOperator.EXPAND_DIMS, [f, axis], [e])
                .Op(BuiltinOperator.SQUEEZE, [e], [s])
                .Inputs(x).Outputs(s).Build();
    }

    /// <summary>DENSIFY of a CSR-sparse constant [3,4] (folded at preparation), then ADD with the input.</summary>
    public static byte[] Densify()
    {
        var m = new TinyModel();
        var sp = new Sparsity([0, 1], [], [new SparseDim(false, 3), new SparseDim(true, 0, [0, 2, 3, 5], [0, 2, 1, 0, 3])]);
        int w = m.Tensor("w_sparse", TensorType.Float32, [3, 4], System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4, 5 }.AsSpan()).ToArray(), sparsity: sp);
        int d = m.Input("w", TensorType.Float32, 3, 4);
        int x = m.Input("x", TensorType.Float32, 3, 4);
        int o = m.Input("o", TensorType.Float32, 3, 4);
        return m.Op(BuiltinOperator.DENSIFY, [w], [d]).Op(BuiltinOperator.ADD, [x, d], [o]).Inputs(x).Outputs(o).Build();
    }

    /// <summary>Block-sparse DENSIFY: a [4,4] constant stored as 2x2 blocks, CSR over block rows.</summary>
    public static byte[] DensifyBlocks()
    {
        var m = new TinyModel();
        var sp = new Sparsity([0, 1, 2, 3], [0, 1],
            [new SparseDim(false, 2), new SparseDim(true, 0, [0, 1, 2], [0, 1]), new SparseDim(false, 2), new SparseDim(false, 2)]);
        int w = m.Tensor("w_blocks", TensorType.Float32, [4, 4], System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }.AsSpan()).ToArray(), sparsity: sp);
        int d = m.Input("w", TensorType.Float32, 4, 4);
        int x = m.Input("x", TensorType.Float32, 4, 4);
        int o = m.Input("o", TensorType.Float32, 4, 4);
        return m.Op(BuiltinOperator.DENSIFY, [w], [d]).Op(BuiltinOperator.MUL, [x, d], [o]).Inputs(x).Outputs(o).Build();
    }

    /// <summary>Data movement with options: SLICE, MIRROR_PAD, SPACE_TO_DEPTH, DEPTH_TO_SPACE, RESIZE_NEAREST_NEIGHBOR, SPLIT_V, PADV2.</summary>
    public static byte[] DataMovement()
    {
        var m = new TinyModel();
        int x = m.Tensor("x", TensorType.Float32, [1, 4, 4, 2], signature: [-1, 4, 4, 2]);
        int begin = m.ConstInt("begin", [4], 0, 1, 0, 0), size = m.ConstInt("size", [4], -1, 2, -1, -1);
        int sl = m.Input("sliced", TensorType.Float32, 1, 2, 4, 2);
        int mp = m.ConstInt("mirror_paddings", [4, 2], 0, 0, 1, 1, 2, 2, 0, 0);
        int mirrored = m.Input("mirrored", TensorType.Float32, 1, 4, 8, 2);
        int s2d = m.Input("s2d", TensorType.Float32, 1, 2, 4, 8);
        int d2s = m.Input("d2s", TensorType.Float32, 1, 4, 8, 2);
        int rsize = m.ConstInt("resize", [2], 3, 5);
        int resized = m.Input("resized", TensorType.Float32, 1, 3, 5, 2);
        int splits = m.ConstInt("size_splits", [3], 1, -1, 2);
        int axis = m.ConstInt("axis", [], 2);
        int a = m.Input("a", TensorType.Float32, 1, 3, 1, 2), b = m.Input("b", TensorType.Float32, 1, 3, 2, 2), c = m.Input("c", TensorType.Float32, 1, 3, 2, 2);
        int pads = m.ConstInt("paddings", [4, 2], 0, 0, 1, 0, 0, 1, 0, 0);
        int value = m.ConstFloat("pad_value", [], -7f);
        int padded = m.Input("padded", TensorType.Float32, 1, 4, 3, 2);
        return m.Op(BuiltinOperator.SLICE, [x, begin, size], [sl], 1, SliceOptions)
                .Op(BuiltinOperator.MIRROR_PAD, [sl, mp], [mirrored], 1, MirrorPadOptions, new OptionField(0, OptionKind.Byte, 0))
                .Op(BuiltinOperator.SPACE_TO_DEPTH, [mirrored], [s2d], 1, SpaceToDepthOptions, I(0, 2))
                .Op(BuiltinOperator.DEPTH_TO_SPACE, [s2d], [d2s], 1, DepthToSpaceOptions, I(0, 2))
                .Op(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, [d2s, rsize], [resized], 1, ResizeNearestNeighborOptions, B(0, false), B(1, true))
                .Op(BuiltinOperator.SPLIT_V, [resized, splits, axis], [a, b, c], 1, SplitVOptions, I(0, 3))
                .Op(BuiltinOperator.PADV2, [b, pads, value], [padded], 1, PadV2Options)
                .Inputs(x).Outputs(a, padded, c).Build();
    }

    /// <summary>Reductions, softmax variants, PRELU and ADD_N; GATHER on axis 1; per-channel and float16 DEQUANTIZE.</summary>
    public static byte[] Reductions()
    {
        var m = new TinyModel();
        int x = m.Input("x", TensorType.Float32, 2, 3, 4);
        int alpha = m.ConstFloat("alpha", [4], 0.1f, 0.2f, 0.3f, 0.4f);
        int pr = m.Input("prelu", TensorType.Float32, 2, 3, 4);
        int ax = m.ConstInt("axes", [1], -1);
        int mx = m.Input("max", TensorType.Float32, 2, 3);
        int sm = m.Input("sum", TensorType.Float32, 2, 3);
        int lsm = m.Input("log_softmax", TensorType.Float32, 2, 3);
        int q = m.Tensor("q", TensorType.Int8, [2, 3], [1, 2, 3, 0xFD, 0x80, 0x7F], scale: [0.5f, 0.25f], zeroPoint: [0, 1], quantizedDimension: 0);
        int dq = m.Input("dq", TensorType.Float32, 2, 3);
        int h = m.Tensor("h", TensorType.Float16, [2, 3], System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Half[] { (Half)1, (Half)(-2), (Half)0.5f, Half.MaxValue, Half.NaN, (Half)3 }.AsSpan()).ToArray());
        int dh = m.Input("dh", TensorType.Float32, 2, 3);
        int n = m.Input("add_n", TensorType.Float32, 2, 3);
        int idx = m.ConstInt("indices", [2], 2, 0);
        int g = m.Input("gathered", TensorType.Float32, 2, 2);
        return m.Op(BuiltinOperator.PRELU, [x, alpha], [pr])
                .Op(BuiltinOperator.REDUCE_MAX, [pr, ax], [mx], 1, ReducerOptions, B(0, false))
                .Op(BuiltinOperator.SUM, [x, ax], [sm], 1, ReducerOptions, B(0, false))
                .Op(BuiltinOperator.LOG_SOFTMAX, [sm], [lsm])
                .Op(BuiltinOperator.DEQUANTIZE, [q], [dq], 2)
                .Op(BuiltinOperator.DEQUANTIZE, [h], [dh], 3)
                .Op(BuiltinOperator.ADD_N, [mx, lsm, dq, dh], [n])
                .Op(BuiltinOperator.GATHER, [n, idx], [g], 1, GatherOptions, I(0, 1), I(1, 0))
                .Inputs(x).Outputs(g).Build();
    }

    /// <summary>
    /// Small files that ask for huge memory at preparation (found while hardening the interpreter): constants
    /// folded into 1.6 GB tensors, and 64 variable tensors of 64 MiB each. They must fail with a limit
    /// exception before allocating.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Hostile()
    {
        var pad = new TinyModel();
        int c = pad.ConstFloat("c", [1, 1], 1f);
        int pads = pad.ConstInt("paddings", [2, 2], 0, 19999, 0, 19999);
        int p = pad.Input("padded", TensorType.Float32, 1, 1);
        int x = pad.Input("x", TensorType.Float32, 1, 1);
        int o = pad.Input("o", TensorType.Float32, 1, 1);
        pad.Op(BuiltinOperator.PAD, [c, pads], [p]).Op(BuiltinOperator.ADD, [x, p], [o]).Inputs(x).Outputs(o);

        var resize = new TinyModel();
        int rc = resize.ConstFloat("c", [1, 1, 1, 1], 1f);
        int size = resize.ConstInt("size", [2], 20000, 20000);
        int r = resize.Input("resized", TensorType.Float32, 1, 1, 1, 1);
        int rx = resize.Input("x", TensorType.Float32, 1, 1, 1, 1);
        int ro = resize.Input("o", TensorType.Float32, 1, 1, 1, 1);
        resize.Op(BuiltinOperator.RESIZE_BILINEAR, [rc, size], [r]).Op(BuiltinOperator.MUL, [rx, r], [ro]).Inputs(rx).Outputs(ro);

        var vars = new TinyModel();
        var state = new int[64];
        for (int i = 0; i < state.Length; i++) state[i] = vars.Tensor($"state{i}", TensorType.Float32, [4096, 4096], isVariable: true);
        int vx = vars.Input("x", TensorType.Float32, 4096, 4096);
        int vo = vars.Input("o", TensorType.Float32, 4096, 4096);
        vars.Op(BuiltinOperator.ADD_N, [vx, .. state], [vo]).Inputs(vx).Outputs(vo);

        return
        [
            ("hostile/fold_pad_1600MB", pad.Build()),
            ("hostile/fold_resize_1600MB", resize.Build()),
            ("hostile/variables_4GB", vars.Build()),
        ];
    }

    /// <summary>Every catalogue model with its name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All() =>
    [
        ("tiny/add_relu", AddRelu()),
        ("tiny/float_chain", FloatChain()),
        ("tiny/reshape_transpose_pad", ReshapeTransposePad()),
        ("tiny/concat_strided_slice", ConcatStridedSlice()),
        ("tiny/gather", Gather()),
        ("tiny/gather_runtime_indices", GatherRuntimeIndices()),
        ("tiny/split_add", SplitAdd()),
        ("tiny/dequantize_resize", DequantizeResize()),
        ("tiny/cast_expand_squeeze", CastExpandSqueeze()),
        ("tiny/densify", Densify()),
        ("tiny/densify_blocks", DensifyBlocks()),
        ("tiny/data_movement", DataMovement()),
        ("tiny/reductions", Reductions()),
        ("tiny/shape_arithmetic", ShapeArithmetic()),
        ("tiny/index_movement", IndexMovement()),
        ("tiny/strings", Strings()),
    ];
}
