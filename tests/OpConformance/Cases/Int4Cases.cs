using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// FULLY_CONNECTED with constant INT4 weights (two values a byte, low nibble first): full-integer int8 activations
/// with per-tensor and per-channel int4 weights, and dynamic-range (hybrid) float activations with per-channel int4
/// weights; odd element counts leave the last high nibble unused. CONV_2D and DEPTHWISE_CONV_2D with constant int4
/// filters, per channel, on int8 activations (TFLite unpacks the filter to int8 and runs its int8 per-channel path).
/// </summary>
internal static partial class OpCases
{
    static partial void AddInt4(List<OpCaseFactory> cases)
    {
        Int4BlockwiseCases.Add(cases);
        foreach (var (name, perChannel, hybrid, rows, depth, units) in new[]
        {
            ("fully_connected_int8_int4_per_tensor", false, false, 3, 40, 11),
            ("fully_connected_int8_int4_per_channel_odd", true, false, 2, 33, 7),
            ("fully_connected_hybrid_int4_per_channel", true, true, 2, 24, 9),
        })
        {
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int count = units * depth;
                var packed = d.Array(TensorType.UInt8, [(count + 1) / 2]).Data;
                float[] wScales = perChannel ? Enumerable.Range(0, units).Select(u => 0.05f + 0.01f * u).ToArray() : [0.08f];
                var m = new TinyModel();
                int x, w, b, o;
                if (hybrid)
                {
                    x = m.Tensor("x", TensorType.Float32, [rows, depth]);
                    w = m.Tensor("w", TensorType.Int4, [units, depth], packed, scale: wScales, zeroPoint: new long[wScales.Length]);
                    b = m.Tensor("b", TensorType.Float32, [units], d.Array(TensorType.Float32, [units]).Data);
                    o = m.Tensor("y", TensorType.Float32, [rows, units]);
                    m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w, b], [o], 1, 8, new OptionField(0, OptionKind.Byte, 0),
                         new OptionField(3, OptionKind.Bool, 1)).Inputs(x).Outputs(o);
                    return new OpCase(name, m.Build(), [d.Array(TensorType.Float32, [rows, depth], 2f)]) { NativeKernels = "builtin" };
                }
                const float xScale = 0.05f;
                x = m.Tensor("x", TensorType.Int8, [rows, depth], scale: [xScale], zeroPoint: [-3]);
                w = m.Tensor("w", TensorType.Int4, [units, depth], packed, scale: wScales, zeroPoint: new long[wScales.Length]);
                b = m.Tensor("b", TensorType.Int32, [units], d.Array(TensorType.Int32, [units], lo: -2000, hi: 2000).Data,
                             scale: wScales.Select(s => s * xScale).ToArray(), zeroPoint: new long[wScales.Length]);
                o = m.Tensor("y", TensorType.Int8, [rows, units], scale: [0.6f], zeroPoint: [2]);
                m.Op(BuiltinOperator.FULLY_CONNECTED, [x, w, b], [o], 1, 8, new OptionField(0, OptionKind.Byte, 0)).Inputs(x).Outputs(o);
                return new OpCase(name, m.Build(), [d.Array(TensorType.Int8, [rows, depth])]);
            }));
        }
        AddInt4Convolutions(cases);
        AddInt4Dequantize(cases);
    }

    /// <summary>
    /// DEQUANTIZE (version 6) of a constant int4 tensor, as weight-only int4 models feed float operators: per tensor with
    /// a zero point ([3, 7]: 21 values, the last high nibble unused) and per channel along dimension 1 ([4, 6]); each
    /// result is added to a float input so that the case has one.
    /// </summary>
    private static void AddInt4Dequantize(List<OpCaseFactory> cases)
    {
        foreach (var (name, shape, axis) in new[] { ("dequantize_int4_per_tensor", new[] { 3, 7 }, -1), ("dequantize_int4_per_channel_axis1", new[] { 4, 6 }, 1) })
        {
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int count = shape[0] * shape[1];
                var packed = d.Array(TensorType.UInt8, [(count + 1) / 2]).Data;
                float[] scales = axis < 0 ? [0.3f] : Enumerable.Range(0, shape[axis]).Select(c => 0.1f + 0.07f * c).ToArray();
                long[] zeroPoints = axis < 0 ? [-2] : new long[scales.Length];
                var m = new TinyModel();
                int q = m.Tensor("q", TensorType.Int4, shape, packed, scale: scales, zeroPoint: zeroPoints, quantizedDimension: Math.Max(axis, 0));
                int x = m.Tensor("x", TensorType.Float32, shape);
                int dq = m.Tensor("dq", TensorType.Float32, shape);
                m.Op(BuiltinOperator.DEQUANTIZE, [q], [dq], 6);
                int y = m.Tensor("y", TensorType.Float32, shape);
                m.Op(BuiltinOperator.ADD, [x, dq], [y], 1, 11, new OptionField(0, OptionKind.Byte, 0));
                return new OpCase(name, m.Inputs(x).Outputs(y, dq).Build(), [d.Array(TensorType.Float32, shape)]);
            }));
        }
    }

    /// <summary>
    /// CONV_2D [7,3,3,5] int4 filter (315 values: the last high nibble unused), stride 2 SAME, RELU6; DEPTHWISE_CONV_2D
    /// [1,3,3,6] int4 filter along dimension 3, depth multiplier 1, VALID. Per-channel scales, zero points 0, int32 bias
    /// at input scale x filter scale. Both at version 7, the converter's version for an int4 filter; TFLite's reference
    /// resolver registers DEPTHWISE_CONV_2D only up to version 6 ("Didn't find op for builtin opcode 'DEPTHWISE_CONV_2D'
    /// version '7'"), so that case's reference comes from the builtin kernels (the same model at version 6 gave the
    /// reference kernels' identical bytes when the reference was written).
    /// </summary>
    private static void AddInt4Convolutions(List<OpCaseFactory> cases)
    {
        const byte conv2DOptions = 1, depthwiseOptions = 2;
        const int same = 0, valid = 1, none = 0, relu6 = 3;
        const float xScale = 0.05f;
        cases.Add(new("conv_2d_int8_int4_per_channel", seed =>
        {
            var d = new CaseData(seed);
            const int oc = 7, k = 3, ic = 5;
            int count = oc * k * k * ic;
            var packed = d.Array(TensorType.UInt8, [(count + 1) / 2]).Data;
            float[] wScales = Enumerable.Range(0, oc).Select(c => 0.012f + 0.002f * c).ToArray();
            var m = new TinyModel();
            int x = m.Tensor("x", TensorType.Int8, [1, 9, 9, ic], scale: [xScale], zeroPoint: [-3]);
            int w = m.Tensor("filter", TensorType.Int4, [oc, k, k, ic], packed, scale: wScales, zeroPoint: new long[oc], quantizedDimension: 0);
            int b = m.Tensor("bias", TensorType.Int32, [oc], d.Array(TensorType.Int32, [oc], lo: -2000, hi: 2000).Data,
                             scale: wScales.Select(s => s * xScale).ToArray(), zeroPoint: new long[oc]);
            int y = m.Tensor("y", TensorType.Int8, [1, 5, 5, oc], scale: [6f / 255], zeroPoint: [-128]);
            m.Op(BuiltinOperator.CONV_2D, [x, w, b], [y], 7, conv2DOptions, Byte(0, same), Int(1, 2), Int(2, 2), Byte(3, relu6), Int(4, 1), Int(5, 1))
             .Inputs(x).Outputs(y);
            return new OpCase("conv_2d_int8_int4_per_channel", m.Build(), [d.Array(TensorType.Int8, [1, 9, 9, ic])]);
        }));
        cases.Add(new("depthwise_conv_2d_int8_int4_per_channel", seed =>
        {
            var d = new CaseData(seed);
            const int c = 6, k = 3;
            int count = k * k * c;
            var packed = d.Array(TensorType.UInt8, [(count + 1) / 2]).Data;
            float[] wScales = Enumerable.Range(0, c).Select(i => 0.02f + 0.005f * i).ToArray();
            var m = new TinyModel();
            int x = m.Tensor("x", TensorType.Int8, [1, 8, 8, c], scale: [xScale], zeroPoint: [4]);
            int w = m.Tensor("filter", TensorType.Int4, [1, k, k, c], packed, scale: wScales, zeroPoint: new long[c], quantizedDimension: 3);
            int b = m.Tensor("bias", TensorType.Int32, [c], d.Array(TensorType.Int32, [c], lo: -2000, hi: 2000).Data,
                             scale: wScales.Select(s => s * xScale).ToArray(), zeroPoint: new long[c], quantizedDimension: 0);
            int y = m.Tensor("y", TensorType.Int8, [1, 6, 6, c], scale: [0.06f], zeroPoint: [5]);
            m.Op(BuiltinOperator.DEPTHWISE_CONV_2D, [x, w, b], [y], 7, depthwiseOptions, Byte(0, valid), Int(1, 1), Int(2, 1), Int(3, 1),
                 Byte(4, none), Int(5, 1), Int(6, 1)).Inputs(x).Outputs(y);
            return new OpCase("depthwise_conv_2d_int8_int4_per_channel", m.Build(), [d.Array(TensorType.Int8, [1, 8, 8, c])]) { NativeKernels = "builtin" };
        }));
    }
}
