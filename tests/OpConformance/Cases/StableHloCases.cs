using ManagedLite.IO;
using ManagedLite.Schema;

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
}
