using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>
/// RFFT2D (padded and cropped inputs, batches of slices, constant or fed fft_length), and COMPLEX_ABS, REAL and IMAG
/// on its complex64 output (the YAMNet pattern) and on constant complex64 and complex128 tensors.
/// </summary>
internal static partial class OpCases
{
    static partial void AddSignalComplex(List<OpCaseFactory> cases)
    {
        var ffts = new (string Name, int[] Input, int H, int W, bool Fed)[]
        {
            ("4x8_exact", [4, 8], 4, 8, false),
            ("8x4_padded", [5, 3], 8, 4, false),
            ("2x16_cropped", [3, 20], 2, 16, false),
            ("batch_16x16", [3, 12, 16], 16, 16, false),
            ("rank4_8x2", [2, 2, 8, 2], 8, 2, false),
            ("1x32", [1, 32], 1, 32, false),
            ("64x64_yamnet_like", [1, 60, 64], 64, 64, false),
            ("fed_length_8x8", [2, 6, 10], 8, 8, true),
        };
        foreach (var (vname, shape, h, w, fed) in ffts)
        {
            string name = $"rfft2d_{vname}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                var c = SingleOp.Build(name, BuiltinOperator.RFFT2D, 1,
                    [d.Array(TensorType.Float32, shape, 4f), CaseData.Of(TensorType.Int32, [2], h, w)],
                    [(TensorType.Complex64, [.. shape[..^2], h, w / 2 + 1])], constant: [false, !fed]);
                return c with { Tolerance = 2e-6 };
            }));
        }
        foreach (var (op, opName) in new[] { (BuiltinOperator.COMPLEX_ABS, "complex_abs"), (BuiltinOperator.REAL, "real"), (BuiltinOperator.IMAG, "imag") })
        {
            string name = $"{opName}_of_rfft2d";
            cases.Add(new(name, seed => FftThen(name, new CaseData(seed), op)));
            string c64 = $"{opName}_complex64_constant";
            cases.Add(new(c64, seed => ComplexConstant(c64, new CaseData(seed), op, wide: false)));
            string c128 = $"{opName}_complex128_constant";
            cases.Add(new(c128, seed => ComplexConstant(c128, new CaseData(seed), op, wide: true)));
        }
    }

    /// <summary>RFFT2D then <paramref name="op"/> on its output: the spectrogram pattern of audio models.</summary>
    private static OpCase FftThen(string name, CaseData d, BuiltinOperator op)
    {
        int[] shape = [d.Int(1, 3), d.Int(3, 9), d.Int(5, 17)];
        int h = d.Pick(4, 8), w = d.Pick(8, 16);
        var m = new TinyModel();
        var input = d.Array(TensorType.Float32, shape, 3f);
        int x = m.Tensor("in0", TensorType.Float32, shape);
        int len = m.ConstInt("fft_length", [2], h, w);
        int[] outShape = [shape[0], h, w / 2 + 1];
        int spec = m.Tensor("spectrum", TensorType.Complex64, outShape);
        int o = m.Tensor("out0", TensorType.Float32, outShape);
        m.Op(BuiltinOperator.RFFT2D, [x, len], [spec]).Op(op, [spec], [o]).Inputs(x).Outputs(o);
        return new OpCase(name, m.Build(), [input]) { Tolerance = 2e-6 };
    }

    /// <summary><paramref name="op"/> on a constant complex64 (or complex128) tensor, with zeros, huge and tiny parts.</summary>
    private static OpCase ComplexConstant(string name, CaseData d, BuiltinOperator op, bool wide)
    {
        int[] shape = d.Shape(2, 5);
        int n = shape[0] * shape[1];
        var parts = new double[2 * n];
        for (int i = 0; i < parts.Length; i++)
        {
            double v = d.Int(-1000, 1000) / 100.0;
            int kind = d.Int(0, 9);
            if (kind == 0) v = 0;
            else if (kind == 1) v *= wide ? 1e300 : 1e36;   // hypot must not overflow
            else if (kind == 2) v *= wide ? 1e-300 : 1e-38; // nor underflow
            parts[i] = v;
        }
        byte[] data = wide
            ? MemoryMarshal.AsBytes(parts.AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(parts.Select(v => (float)v).ToArray().AsSpan()).ToArray();
        var m = new TinyModel();
        int x = m.Tensor("in0", wide ? TensorType.Complex128 : TensorType.Complex64, shape, data);
        int o = m.Tensor("out0", wide ? TensorType.Float64 : TensorType.Float32, shape);
        m.Op(op, [x], [o]).Inputs().Outputs(o);
        return new OpCase(name, m.Build(), []) { Tolerance = 1e-6 };
    }
}
