using ManagedLite.IO;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Legacy uint8 (per-tensor, asymmetric filter) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED against TFLite's
/// reference kernels: zero points away from 128 on both sides, 3x3 stride 2 SAME (im2col with padding taps), 1x1 (the
/// in-place GEMM path), a depth multiplier, RELU6, channel counts off the 16-channel block and K off the 4-byte step.
/// Filter and output scales keep the results spread over the uint8 range (RELU6 cases: a smaller filter scale).
/// int16x8 CONV_2D and FULLY_CONNECTED (int16 activations, int8 weights, int64 bias): FULLY_CONNECTED's single-rounding
/// requantization differs from reference_integer_ops' on about 1.5% of outputs, so its cases are many outputs wide; K
/// long enough (1500) for sums beyond int32.
/// </summary>
internal static partial class OpCases
{
    static partial void AddQuantizedConvolution(List<OpCaseFactory> cases)
    {
        const byte conv2DOptions = 1, depthwiseOptions = 2, fullyConnectedOptions = 8;
        const int same = 0, valid = 1, none = 0, relu6 = 3;
        (string Name, int[] Input, int Kernel, int OutC, int Stride, int Padding, int Act, float OutScale, long OutZero)[] convs =
        [
            ("conv2d_uint8_3x3_s2_same", [1, 9, 11, 5], 3, 17, 2, same, none, 0.9f, 120),
            ("conv2d_uint8_3x3_s1_valid_relu6", [2, 7, 6, 3], 3, 33, 1, valid, relu6, 6f / 255, 0),
            ("conv2d_uint8_1x1", [1, 6, 7, 32], 1, 20, 1, same, none, 0.8f, 131),
            ("conv2d_uint8_1x1_odd_depth", [1, 5, 4, 19], 1, 16, 1, same, relu6, 6f / 255, 0),
        ];
        foreach (var c in convs)
        {
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                int ic = c.Input[3];
                var x = d.Array(TensorType.UInt8, c.Input);
                var w = d.Array(TensorType.UInt8, [c.OutC, c.Kernel, c.Kernel, ic]);
                var b = d.Array(TensorType.Int32, [c.OutC], lo: -3000, hi: 3000);
                int outH = c.Padding == same ? (c.Input[1] + c.Stride - 1) / c.Stride : (c.Input[1] - c.Kernel) / c.Stride + 1;
                int outW = c.Padding == same ? (c.Input[2] + c.Stride - 1) / c.Stride : (c.Input[2] - c.Kernel) / c.Stride + 1;
                return SingleOp.Build(c.Name, BuiltinOperator.CONV_2D, 1, [x, w, b], [(TensorType.UInt8, [c.Input[0], outH, outW, c.OutC])],
                    conv2DOptions, [Byte(0, c.Padding), Int(1, c.Stride), Int(2, c.Stride), Byte(3, c.Act), Int(4, 1), Int(5, 1)],
                    constant: [false, true, true], inputQuant: [(0.05f, 130), (c.Act == relu6 ? 0.002f : 0.02f, 110), (c.Act == relu6 ? 0.0001f : 0.001f, 0)], outputQuant: [(c.OutScale, c.OutZero)]);
            }));
        }
        (string Name, int[] Input, int Multiplier, int Stride, int Act, float OutScale, long OutZero)[] depthwise =
        [
            ("depthwise_conv2d_uint8_3x3_s1", [1, 10, 9, 20], 2, 1, none, 0.4f, 125),
            ("depthwise_conv2d_uint8_3x3_s2_relu6", [1, 11, 8, 33], 1, 2, relu6, 6f / 255, 0),
        ];
        foreach (var c in depthwise)
        {
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                int oc = c.Input[3] * c.Multiplier;
                var x = d.Array(TensorType.UInt8, c.Input);
                var w = d.Array(TensorType.UInt8, [1, 3, 3, oc]);
                var b = d.Array(TensorType.Int32, [oc], lo: -3000, hi: 3000);
                int outH = (c.Input[1] + c.Stride - 1) / c.Stride, outW = (c.Input[2] + c.Stride - 1) / c.Stride;
                return SingleOp.Build(c.Name, BuiltinOperator.DEPTHWISE_CONV_2D, 1, [x, w, b], [(TensorType.UInt8, [1, outH, outW, oc])],
                    depthwiseOptions, [Byte(0, same), Int(1, c.Stride), Int(2, c.Stride), Int(3, c.Multiplier), Byte(4, c.Act), Int(5, 1), Int(6, 1)],
                    constant: [false, true, true], inputQuant: [(0.05f, 140), (c.Act == relu6 ? 0.004f : 0.02f, 100), (c.Act == relu6 ? 0.0002f : 0.001f, 0)], outputQuant: [(c.OutScale, c.OutZero)]);
            }));
        }
        cases.Add(new("fully_connected_uint8", seed =>
        {
            var d = new CaseData(seed);
            var x = d.Array(TensorType.UInt8, [3, 50]);
            var w = d.Array(TensorType.UInt8, [13, 50]);
            var b = d.Array(TensorType.Int32, [13], lo: -3000, hi: 3000);
            return SingleOp.Build("fully_connected_uint8", BuiltinOperator.FULLY_CONNECTED, 1, [x, w, b], [(TensorType.UInt8, [3, 13])],
                fullyConnectedOptions, [Byte(0, none)],
                constant: [false, true, true], inputQuant: [(0.05f, 120), (0.02f, 141), (0.001f, 0)], outputQuant: [(1.0f, 128)]);
        }));
    }

    static partial void AddInt16x8Convolution(List<OpCaseFactory> cases)
    {
        const byte conv2DOptions = 1, fullyConnectedOptions = 8;
        const int same = 0, valid = 1, none = 0, relu = 1;
        (string Name, int[] Input, int Kernel, int OutC, int Stride, int Padding, int Act)[] convs =
        [
            ("conv2d_int16x8_3x3_s1_same", [1, 9, 11, 20], 3, 17, 1, same, none),
            ("conv2d_int16x8_3x3_s2_valid_relu", [2, 12, 9, 33], 3, 40, 2, valid, relu),
            ("conv2d_int16x8_1x1", [1, 8, 8, 64], 1, 31, 1, same, none),
        ];
        foreach (var c in convs)
        {
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                int ic = c.Input[3];
                var x = d.Array(TensorType.Int16, c.Input);
                var w = d.Array(TensorType.Int8, [c.OutC, c.Kernel, c.Kernel, ic]);
                var b = d.Array(TensorType.Int64, [c.OutC], lo: -2_000_000, hi: 2_000_000);
                int outH = c.Padding == same ? (c.Input[1] + c.Stride - 1) / c.Stride : (c.Input[1] - c.Kernel) / c.Stride + 1;
                int outW = c.Padding == same ? (c.Input[2] + c.Stride - 1) / c.Stride : (c.Input[2] - c.Kernel) / c.Stride + 1;
                float outScale = 0.002f * c.Kernel * MathF.Sqrt(ic);
                return SingleOp.Build(c.Name, BuiltinOperator.CONV_2D, 4, [x, w, b], [(TensorType.Int16, [c.Input[0], outH, outW, c.OutC])],
                    conv2DOptions, [Byte(0, c.Padding), Int(1, c.Stride), Int(2, c.Stride), Byte(3, c.Act), Int(4, 1), Int(5, 1)],
                    constant: [false, true, true], inputQuant: [(0.001f, 0), (0.003f, 0), (0.000003f, 0)], outputQuant: [(outScale, 0)]);
            }));
        }
        (string Name, int[] Input, int Units, int Act)[] fcs =
        [
            ("fully_connected_int16x8", [64, 96], 130, none),
            ("fully_connected_int16x8_long_k_relu", [3, 1500], 21, relu),
        ];
        foreach (var c in fcs)
        {
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                var x = d.Array(TensorType.Int16, c.Input);
                var w = d.Array(TensorType.Int8, [c.Units, c.Input[1]]);
                var b = d.Array(TensorType.Int64, [c.Units], lo: -2_000_000, hi: 2_000_000);
                float outScale = 0.0005f * MathF.Sqrt(c.Input[1]);
                return SingleOp.Build(c.Name, BuiltinOperator.FULLY_CONNECTED, 7, [x, w, b], [(TensorType.Int16, [c.Input[0], c.Units])],
                    fullyConnectedOptions, [Byte(0, c.Act)],
                    constant: [false, true, true], inputQuant: [(0.001f, 0), (0.002f, 0), (0.000002f, 0)], outputQuant: [(outScale, 0)]);
            }));
        }
    }

    /// <summary>
    /// int16x8 DEPTHWISE_CONV_2D (int64 bias; native TFLite rejects an int32 one) and TRANSPOSE_CONV (int64 bias), the
    /// optimized vpmaddwd kernels' geometry: channel counts off the 16-channel block, a depth multiplier, stride 2, a 5x5
    /// VALID filter, a transpose stride 2 SAME with overlapping taps.
    /// </summary>
    static partial void AddInt16x8DepthwiseTranspose(List<OpCaseFactory> cases)
    {
        const byte depthwiseOptions = 2, transposeConvOptions = 49;
        const int same = 0, valid = 1, none = 0, relu = 1;
        (string Name, int[] Input, int Kernel, int Multiplier, int Stride, int Padding, int Act)[] dws =
        [
            ("depthwise_conv2d_int16x8_3x3_s1_same", [1, 10, 12, 24], 3, 1, 1, same, none),
            ("depthwise_conv2d_int16x8_3x3_s2_m2_relu", [2, 9, 11, 17], 3, 2, 2, same, relu),
            ("depthwise_conv2d_int16x8_5x5_valid", [1, 12, 12, 33], 5, 1, 1, valid, none),
        ];
        foreach (var c in dws)
        {
            cases.Add(new(c.Name, seed =>
            {
                var d = new CaseData(seed);
                int oc = c.Input[3] * c.Multiplier;
                var x = d.Array(TensorType.Int16, c.Input);
                var w = d.Array(TensorType.Int8, [1, c.Kernel, c.Kernel, oc]);
                var b = d.Array(TensorType.Int64, [oc], lo: -2_000_000, hi: 2_000_000);
                int outH = c.Padding == same ? (c.Input[1] + c.Stride - 1) / c.Stride : (c.Input[1] - c.Kernel) / c.Stride + 1;
                int outW = c.Padding == same ? (c.Input[2] + c.Stride - 1) / c.Stride : (c.Input[2] - c.Kernel) / c.Stride + 1;
                return SingleOp.Build(c.Name, BuiltinOperator.DEPTHWISE_CONV_2D, 5, [x, w, b], [(TensorType.Int16, [c.Input[0], outH, outW, oc])],
                    depthwiseOptions, [Byte(0, c.Padding), Int(1, c.Stride), Int(2, c.Stride), Int(3, c.Multiplier), Byte(4, c.Act), Int(5, 1), Int(6, 1)],
                    constant: [false, true, true], inputQuant: [(0.001f, 0), (0.003f, 0), (0.000003f, 0)], outputQuant: [(0.00012f * c.Kernel, 0)]);
            }));
        }
        cases.Add(new("transpose_conv_int16x8_3x3_s2_same", seed =>
        {
            var d = new CaseData(seed);
            int[] input = [1, 6, 7, 20];
            const int oc = 17, k = 3, stride = 2;
            int[] outShape = [1, input[1] * stride, input[2] * stride, oc];
            var shape = new NpyArray(TensorType.Int32, [4], System.Runtime.InteropServices.MemoryMarshal.AsBytes(outShape.AsSpan()).ToArray());
            var w = d.Array(TensorType.Int8, [oc, k, k, input[3]]);
            var x = d.Array(TensorType.Int16, input);
            var b = d.Array(TensorType.Int64, [oc], lo: -2_000_000, hi: 2_000_000);
            float outScale = 0.0001f * MathF.Sqrt(input[3]) * k / stride;
            return SingleOp.Build("transpose_conv_int16x8_3x3_s2_same", BuiltinOperator.TRANSPOSE_CONV, 3, [shape, w, x, b], [(TensorType.Int16, outShape)],
                transposeConvOptions, [Byte(0, same), Int(1, stride), Int(2, stride), Byte(3, none)],
                constant: [true, true, false, true], inputQuant: [null, (0.003f, 0), (0.001f, 0), (0.000003f, 0)], outputQuant: [(outScale, 0)]);
        }));
    }

    private static OptionField Byte(int slot, int value) => new(slot, OptionKind.Byte, value);
    private static OptionField Int(int slot, int value) => new(slot, OptionKind.Int, value);
}
