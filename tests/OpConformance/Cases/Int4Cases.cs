using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// FULLY_CONNECTED with constant INT4 weights (two values a byte, low nibble first): full-integer int8 activations
/// with per-tensor and per-channel int4 weights, and dynamic-range (hybrid) float activations with per-channel int4
/// weights; odd element counts leave the last high nibble unused.
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
    }
}
