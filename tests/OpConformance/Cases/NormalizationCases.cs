using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// L2_NORMALIZATION (float, uint8, int8), LOCAL_RESPONSE_NORMALIZATION, L2_POOL_2D, CONV_3D and CONV_3D_TRANSPOSE:
/// every type and option the kernels accept, small shapes, CONV_3D output channels around the GEMM tile widths.
/// </summary>
internal static partial class OpCases
{
    static partial void AddNormalization(List<OpCaseFactory> cases)
    {
        NormalizationFamilyCases.AddL2Norm(cases);
        NormalizationFamilyCases.AddLrn(cases);
        NormalizationFamilyCases.AddL2Pool(cases);
        NormalizationFamilyCases.AddConv3D(cases);
        NormalizationFamilyCases.AddConv3DTranspose(cases);
        NormalizationFamilyCases.AddMediaPipePooling(cases);
    }
}

/// <summary>Builders of the normalization-family cases.</summary>
internal static class NormalizationFamilyCases
{
    private const byte L2NormOptions = 12, LrnOptions = 13, Pool2DOptions = 5, Conv3DOptions = 106;

    public static void AddL2Norm(List<OpCaseFactory> cases)
    {
        foreach (int rank in new[] { 1, 2, 3, 4 })
        {
            string name = $"l2norm_float_rank{rank}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(rank, 6);
                s[^1] = d.Int(1, 20);
                return SingleOp.Build(name, BuiltinOperator.L2_NORMALIZATION, 1, [d.Array(TensorType.Float32, s, scale: 3f)],
                    [(TensorType.Float32, s)], L2NormOptions, [new OptionField(0, OptionKind.Byte, 0)]);
            }));
        }
        cases.Add(new("l2norm_float_zero_rows", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [4, d.Int(2, 9)];
            var x = d.Array(TensorType.Float32, s, scale: 1e-3f);
            var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(x.Data.AsSpan());
            f[..s[1]].Clear();                          // a row of zeros: the norm is replaced by epsilon
            for (int i = 0; i < s[1]; i++) f[2 * s[1] + i] *= 1e-4f;  // a row whose norm is below epsilon
            return SingleOp.Build("l2norm_float_zero_rows", BuiltinOperator.L2_NORMALIZATION, 1, [x], [(TensorType.Float32, s)]);
        }));
        foreach (var (type, version, zpOut) in new[] { (TensorType.UInt8, 1, 128L), (TensorType.Int8, 2, 0L) })
        {
            string t = type == TensorType.UInt8 ? "uint8" : "int8";
            foreach (int rank in new[] { 2, 4 })
            {
                string name = $"l2norm_{t}_rank{rank}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(rank, 5);
                    s[^1] = d.Int(1, 40);
                    long zp = type == TensorType.UInt8 ? d.Int(100, 150) : d.Int(-20, 20);
                    return SingleOp.Build(name, BuiltinOperator.L2_NORMALIZATION, version, [d.Array(type, s)], [(type, s)],
                        L2NormOptions, [new OptionField(0, OptionKind.Byte, 0)],
                        inputQuant: [(0.05f, zp)], outputQuant: [(1f / 128f, zpOut)]);
                }));
            }
        }
    }

    public static void AddLrn(List<OpCaseFactory> cases)
    {
        // TFLite's reference LRN stops one channel short of c + radius (its built-in kernel and TensorFlow do not):
        // the references come from the built-in kernels.
        foreach (var (radius, bias, alpha, beta) in new[] { (0, 1f, 1f, 0.5f), (1, 1f, 0.5f, 0.75f), (2, 2f, 1e-2f, 1f), (5, 0.5f, 0.2f, 0.6f), (3, 1f, 1e-4f, 0.75f) })
        {
            string name = $"lrn_float_r{radius}_b{beta}".Replace('.', 'p');
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = [d.Int(1, 2), d.Int(1, 3), d.Int(1, 3), d.Int(1, 12)];
                return SingleOp.Build(name, BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION, 1, [d.Array(TensorType.Float32, s, scale: 2f)],
                    [(TensorType.Float32, s)], LrnOptions,
                    [new OptionField(0, OptionKind.Int, radius), new OptionField(1, OptionKind.Float, bias),
                     new OptionField(2, OptionKind.Float, alpha), new OptionField(3, OptionKind.Float, beta)]) with { NativeKernels = "builtin" };
            }));
        }
    }

    public static void AddL2Pool(List<OpCaseFactory> cases)
    {
        foreach (var (pad, stride, filter, act) in new[] { (0, 1, 2, 0), (1, 1, 3, 0), (0, 2, 3, 1), (1, 2, 2, 3), (0, 3, 1, 0), (1, 1, 1, 2) })
        {
            string name = $"l2pool_float_{(pad == 0 ? "same" : "valid")}_s{stride}_f{filter}_a{act}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = [d.Int(1, 2), d.Int(filter + 1, 7), d.Int(filter + 1, 7), d.Int(1, 5)];
                return SingleOp.Build(name, BuiltinOperator.L2_POOL_2D, 1, [d.Array(TensorType.Float32, s, scale: 4f)],
                    [(TensorType.Float32, [1])], Pool2DOptions,
                    [new OptionField(0, OptionKind.Byte, pad), new OptionField(1, OptionKind.Int, stride), new OptionField(2, OptionKind.Int, stride),
                     new OptionField(3, OptionKind.Int, filter), new OptionField(4, OptionKind.Int, filter + (stride == 2 ? 1 : 0)),
                     new OptionField(5, OptionKind.Byte, act)]);
            }));
        }
    }

    private static OptionField[] Conv3DFields(int pad, int sd, int sh, int sw, int act, int dd, int dh, int dw) =>
    [
        new(0, OptionKind.Byte, pad), new(1, OptionKind.Int, sd), new(2, OptionKind.Int, sw), new(3, OptionKind.Int, sh),
        new(4, OptionKind.Byte, act), new(5, OptionKind.Int, dd), new(6, OptionKind.Int, dw), new(7, OptionKind.Int, dh),
    ];

    public static void AddConv3D(List<OpCaseFactory> cases)
    {
        // (padding, strides d/h/w, dilations d/h/w, filter d/h/w, output channels, bias, activation, constant filter)
        var configs = new (int Pad, int Sd, int Sh, int Sw, int Dd, int Dh, int Dw, int Fd, int Fh, int Fw, int Oc, bool Bias, int Act, bool Const)[]
        {
            (0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, true, 0, true),
            (1, 1, 1, 1, 1, 1, 1, 3, 2, 2, 7, false, 0, true),
            (0, 2, 1, 2, 1, 1, 1, 2, 3, 2, 8, true, 1, true),
            (1, 1, 2, 1, 1, 1, 1, 1, 2, 3, 9, true, 3, true),
            (0, 1, 1, 1, 2, 1, 2, 2, 2, 2, 15, true, 0, true),
            (1, 2, 2, 2, 1, 2, 1, 2, 2, 2, 16, false, 2, true),
            (0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 17, true, 0, true),   // 1x1x1: GEMM on the input itself
            (0, 1, 1, 1, 1, 1, 1, 3, 3, 3, 31, true, 0, true),
            (1, 1, 1, 2, 1, 1, 1, 2, 1, 2, 32, true, 1, true),
            (0, 1, 2, 1, 1, 1, 1, 2, 2, 1, 33, true, 0, true),
            (0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 5, true, 0, false),   // filter and bias fed at run time
        };
        foreach (var c in configs)
        {
            string name = $"conv3d_float_{(c.Pad == 0 ? "same" : "valid")}_s{c.Sd}{c.Sh}{c.Sw}_d{c.Dd}{c.Dh}{c.Dw}_f{c.Fd}{c.Fh}{c.Fw}_oc{c.Oc}{(c.Bias ? "" : "_nobias")}_a{c.Act}{(c.Const ? "" : "_dynamic")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int ic = d.Int(1, 4);
                int[] input = [d.Int(1, 2), d.Int((c.Fd - 1) * c.Dd + 1, 5), d.Int((c.Fh - 1) * c.Dh + 1, 5), d.Int((c.Fw - 1) * c.Dw + 1, 5), ic];
                int[] filter = [c.Fd, c.Fh, c.Fw, ic, c.Oc];
                var inputs = new List<NpyArray> { d.Array(TensorType.Float32, input), d.Array(TensorType.Float32, filter, scale: 0.5f) };
                if (c.Bias) inputs.Add(d.Array(TensorType.Float32, [c.Oc]));
                bool[] constant = [false, c.Const, c.Const];
                return SingleOp.Build(name, BuiltinOperator.CONV_3D, 1, inputs.ToArray(), [(TensorType.Float32, [1])], Conv3DOptions,
                    Conv3DFields(c.Pad, c.Sd, c.Sh, c.Sw, c.Act, c.Dd, c.Dh, c.Dw), constant: constant);
            }));
        }
    }

    public static void AddConv3DTranspose(List<OpCaseFactory> cases)
    {
        var configs = new (int Pad, int Sd, int Sh, int Sw, int Dd, int Dh, int Dw, int Fd, int Fh, int Fw, bool Bias, int Act, bool ConstShape)[]
        {
            (0, 1, 1, 1, 1, 1, 1, 2, 2, 2, true, 0, true),
            (1, 2, 2, 2, 1, 1, 1, 2, 2, 2, false, 0, true),
            (0, 2, 1, 2, 1, 1, 1, 3, 2, 3, true, 1, true),
            (1, 1, 2, 1, 1, 1, 1, 1, 3, 2, true, 3, true),
            (0, 1, 1, 1, 2, 2, 1, 2, 2, 2, true, 0, true),    // dilation: TFLite's reference path
            (0, 2, 2, 1, 1, 1, 1, 2, 2, 2, true, 0, false),   // output shape fed at run time
        };
        foreach (var c in configs)
        {
            string name = $"conv3d_transpose_float_{(c.Pad == 0 ? "same" : "valid")}_s{c.Sd}{c.Sh}{c.Sw}_d{c.Dd}{c.Dh}{c.Dw}_f{c.Fd}{c.Fh}{c.Fw}{(c.Bias ? "" : "_nobias")}_a{c.Act}{(c.ConstShape ? "" : "_dynamic")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int ic = d.Int(1, 4), oc = d.Int(1, 6), n = d.Int(1, 2);
                int od = d.Int((c.Fd - 1) * c.Dd + 1, 6), oh = d.Int((c.Fh - 1) * c.Dh + 1, 6), ow = d.Int((c.Fw - 1) * c.Dw + 1, 6);
                int In(int o, int f, int s, int dil) => c.Pad == 0 ? (o + s - 1) / s : (o + s - ((f - 1) * dil + 1)) / s;
                int[] input = [n, In(od, c.Fd, c.Sd, c.Dd), In(oh, c.Fh, c.Sh, c.Dh), In(ow, c.Fw, c.Sw, c.Dw), ic];
                int[] outShape = [n, od, oh, ow, oc];
                var inputs = new List<NpyArray>
                {
                    CaseData.Of(TensorType.Int32, [5], outShape),
                    d.Array(TensorType.Float32, [c.Fd, c.Fh, c.Fw, oc, ic], scale: 0.5f),
                    d.Array(TensorType.Float32, input),
                };
                if (c.Bias) inputs.Add(d.Array(TensorType.Float32, [oc]));
                bool[] constant = [c.ConstShape, true, false, true];
                return SingleOp.Build(name, BuiltinOperator.CONV_3D_TRANSPOSE, 1, inputs.ToArray(), [(TensorType.Float32, outShape)], Conv3DOptions,
                    Conv3DFields(c.Pad, c.Sd, c.Sh, c.Sw, c.Act, c.Dd, c.Dh, c.Dw), constant: constant);
            }));
        }
    }

    /// <summary>Raw TfLitePoolParams custom options: padding (1 SAME, 2 VALID), strides, filter, activation, computed padding.</summary>
    private static byte[] PoolParams(int padding, int stride, int filter)
    {
        var b = new byte[40];
        int[] v = [padding, stride, stride, filter, filter, 0];
        for (int i = 0; i < v.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static void AddMediaPipePooling(List<OpCaseFactory> cases)
    {
        // Native TFLite has no MediaPipe ops: these cases document the models; the kernels are checked against formulas
        // in tests/Kernels.Tests/Normalization and tests/Runtime.Tests/Sequence instead.
        const string why = "MaxPoolingWithArgmax2D and MaxUnpooling2D are MediaPipe custom ops that native TFLite does not register";
        cases.Add(new("mediapipe_max_pool_argmax_unpool", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [d.Int(1, 2), 2 * d.Int(1, 4), 2 * d.Int(1, 4), d.Int(1, 4)];
            var m = new TinyModel();
            int x = m.Input("x", TensorType.Float32, s);
            int v = m.Input("values", TensorType.Float32, 1), i = m.Input("indices", TensorType.Float32, 1), y = m.Input("y", TensorType.Float32, 1);
            m.Custom("MaxPoolingWithArgmax2D", [x], [v, i], PoolParams(1, 2, 2)).Custom("MaxUnpooling2D", [v, i], [y], PoolParams(1, 2, 2))
             .Inputs(x).Outputs(v, i, y);
            return new OpCase("mediapipe_max_pool_argmax_unpool", m.Build(), [d.Array(TensorType.Float32, s)]) { NativeUnsupported = why };
        }));
    }
}
