using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Comparisons, logical operators, SELECT / SELECT_V2 and the remaining element-wise builtins (FLOOR_DIV, FLOOR_MOD,
/// ROUND, SIGN, ATAN2, BITWISE_XOR, RIGHT_SHIFT, RELU_0_TO_1, ZEROS_LIKE, FAKE_QUANT, BITCAST): one case per type
/// (and broadcast form) each kernel accepts.
/// </summary>
internal static partial class OpCases
{
    static partial void AddComparison(List<OpCaseFactory> cases)
    {
        ComparisonFamilyCases.AddComparisons(cases);
        ComparisonFamilyCases.AddLogicalAndSelect(cases);
        ComparisonFamilyCases.AddArithmetic(cases);
        ElementwiseTypeCases.Add(cases);
    }
}

/// <summary>Builders of the comparison-family cases (a separate class so that no helper name collides with another family's).</summary>
internal static class ComparisonFamilyCases
{
    private static readonly (string Name, BuiltinOperator Op, int V8, int V16)[] Comparisons =
    [
        ("equal", BuiltinOperator.EQUAL, 2, 5), ("not_equal", BuiltinOperator.NOT_EQUAL, 2, 4),
        ("less", BuiltinOperator.LESS, 2, 3), ("less_equal", BuiltinOperator.LESS_EQUAL, 2, 2),
        ("greater", BuiltinOperator.GREATER, 2, 2), ("greater_equal", BuiltinOperator.GREATER_EQUAL, 2, 3),
    ];

    public static void AddComparisons(List<OpCaseFactory> cases)
    {
        foreach (var (name, op, v8, v16) in Comparisons)
        {
            bool equality = op is BuiltinOperator.EQUAL or BuiltinOperator.NOT_EQUAL;
            cases.Add(new($"{name}_float_broadcast", seed =>
            {
                var d = new CaseData(seed);
                int[] a = d.Shape(4, 4), b = [a[1], 1, a[3]];
                return Build($"{name}_float_broadcast", op, 1, [SmallFloats(d, a, 3), SmallFloats(d, b, 3)], a);
            }));
            cases.Add(new($"{name}_float16", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 6);
                return Build($"{name}_float16", op, 1, [SmallHalves(d, s, 3), SmallHalves(d, [s[1]], 3)], s);
            }));
            cases.Add(new($"{name}_int32", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return Build($"{name}_int32", op, 1, [d.Array(TensorType.Int32, s, lo: -4, hi: 4), d.Array(TensorType.Int32, s, lo: -4, hi: 4)], s);
            }));
            cases.Add(new($"{name}_int64_scalar", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 7);
                return Build($"{name}_int64_scalar", op, 1, [d.Array(TensorType.Int64, s, lo: -3, hi: 3), d.Array(TensorType.Int64, [], lo: -3, hi: 3)], s);
            }));
            cases.Add(new($"{name}_int16", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 6);
                var c = Build($"{name}_int16", op, 1, [d.Array(TensorType.Int16, [1, s[1]], lo: -5, hi: 5), d.Array(TensorType.Int16, s, lo: -5, hi: 5)], s);
                // TFLite's NOT_EQUAL has no unquantized int16 branch: it leaves the output unwritten (unit-tested instead).
                return op == BuiltinOperator.NOT_EQUAL ? c with { NativeUnsupported = "TFLite's NOT_EQUAL does not write its output for unquantized int16" } : c;
            }));
            foreach (var type in new[] { TensorType.UInt8, TensorType.Int8 })
            {
                string t = type == TensorType.UInt8 ? "uint8" : "int8";
                cases.Add(new($"{name}_{t}_rescaled", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3);
                    long z1 = type == TensorType.UInt8 ? 128 : 3, z2 = type == TensorType.UInt8 ? 120 : -2;
                    // Input 1 at twice the scale of input 0: equal real values happen when q0 - z1 = 2 (q1 - z2).
                    var x = d.Array(type, s, lo: z1 - 12, hi: z1 + 12);
                    var y = d.Array(type, [s[^1]], lo: z2 - 6, hi: z2 + 6);
                    return Build($"{name}_{t}_rescaled", op, v8, [x, y], s, quant: [(0.05f, z1), (0.1f, z2)]);
                }));
            }
            if (equality)
            {
                cases.Add(new($"{name}_bool", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3);
                    return Build($"{name}_bool", op, 1, [d.Array(TensorType.Bool, s), d.Array(TensorType.Bool, [s[0], 1, 1])], s);
                }));
                cases.Add(new($"{name}_int16_quantized", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(2, 8);
                    return Build($"{name}_int16_quantized", op, v16, [d.Array(TensorType.Int16, s, lo: -40, hi: 40), d.Array(TensorType.Int16, s, lo: -20, hi: 20)], s,
                        quant: [(0.001f, 0), (0.002f, 0)]);
                }));
            }
        }
    }

    public static void AddLogicalAndSelect(List<OpCaseFactory> cases)
    {
        foreach (var (name, op) in new[] { ("logical_and", BuiltinOperator.LOGICAL_AND), ("logical_or", BuiltinOperator.LOGICAL_OR) })
        {
            cases.Add(new($"{name}_bool", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return Build($"{name}_bool", op, 1, [d.Array(TensorType.Bool, s), d.Array(TensorType.Bool, s)], s);
            }));
            cases.Add(new($"{name}_bool_broadcast", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(4);
                return Build($"{name}_bool_broadcast", op, 1, [d.Array(TensorType.Bool, [s[0], 1, s[2], 1]), d.Array(TensorType.Bool, [s[1], 1, s[3]])],
                    [s[0], s[1], s[2], s[3]]);
            }));
        }
        cases.Add(new("logical_not_bool", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("logical_not_bool", BuiltinOperator.LOGICAL_NOT, 1, [d.Array(TensorType.Bool, s)], [(TensorType.Bool, s)]);
        }));

        // SELECT: same shapes in every type size, a scalar condition, a rank-1 condition along the first dimension.
        foreach (var (t, type, v) in new[] { ("float", TensorType.Float32, 1), ("int8", TensorType.Int8, 2), ("int16", TensorType.Int16, 1),
                     ("int32", TensorType.Int32, 1), ("int64", TensorType.Int64, 1), ("uint8", TensorType.UInt8, 1), ("bool", TensorType.Bool, 1), ("float16", TensorType.Float16, 1) })
        {
            cases.Add(new($"select_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return SingleOp.Build($"select_{t}", BuiltinOperator.SELECT, v, [d.Array(TensorType.Bool, s), d.Array(type, s), d.Array(type, s)], [(type, s)]);
            }));
        }
        cases.Add(new("select_scalar_condition", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("select_scalar_condition", BuiltinOperator.SELECT, 1,
                [d.Array(TensorType.Bool, []), d.Array(TensorType.Float32, s), d.Array(TensorType.Float32, s)], [(TensorType.Float32, s)]);
        }));
        cases.Add(new("select_rank1_condition", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [d.Int(3, 6), d.Int(1, 4), d.Int(1, 4)];
            return SingleOp.Build("select_rank1_condition", BuiltinOperator.SELECT, 1,
                [d.Array(TensorType.Bool, [s[0]]), d.Array(TensorType.Int32, s), d.Array(TensorType.Int32, s)], [(TensorType.Int32, s)]);
        }));
        cases.Add(new("select_rank5", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(5, 3);
            return SingleOp.Build("select_rank5", BuiltinOperator.SELECT, 3, [d.Array(TensorType.Bool, s), d.Array(TensorType.Float32, s), d.Array(TensorType.Float32, s)], [(TensorType.Float32, s)]);
        }));

        // SELECT_V2: three-way broadcasting.
        cases.Add(new("select_v2_broadcast_condition", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("select_v2_broadcast_condition", BuiltinOperator.SELECT_V2, 1,
                [d.Array(TensorType.Bool, [s[1], 1]), d.Array(TensorType.Float32, s), d.Array(TensorType.Float32, s)], [(TensorType.Float32, s)]);
        }));
        cases.Add(new("select_v2_three_way", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [d.Int(2, 4), d.Int(2, 4), d.Int(2, 5)];
            return SingleOp.Build("select_v2_three_way", BuiltinOperator.SELECT_V2, 1,
                [d.Array(TensorType.Bool, [s[0], 1, 1]), d.Array(TensorType.Int32, [1, s[1], s[2]]), d.Array(TensorType.Int32, [s[0], 1, s[2]])], [(TensorType.Int32, s)]);
        }));
        cases.Add(new("select_v2_scalars", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 6);
            return SingleOp.Build("select_v2_scalars", BuiltinOperator.SELECT_V2, 1,
                [d.Array(TensorType.Bool, s), d.Array(TensorType.Int8, []), d.Array(TensorType.Int8, [1])], [(TensorType.Int8, s)]);
        }));
        cases.Add(new("select_v2_int16_rank6", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(6, 3);
            int[] c = (int[])s.Clone();
            c[1] = 1;
            c[4] = 1;
            return SingleOp.Build("select_v2_int16_rank6", BuiltinOperator.SELECT_V2, 1,
                [d.Array(TensorType.Bool, c), d.Array(TensorType.Int16, s), d.Array(TensorType.Int16, [s[^1]])], [(TensorType.Int16, s)]);
        }));
    }

    public static void AddArithmetic(List<OpCaseFactory> cases)
    {
        // FLOOR_DIV: divisors drawn away from zero (a zero is an error in TFLite).
        foreach (var (t, type, v) in new[] { ("float", TensorType.Float32, 2), ("int8", TensorType.Int8, 3), ("int16", TensorType.Int16, 3), ("int32", TensorType.Int32, 1) })
        {
            cases.Add(new($"floor_div_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                var a = type == TensorType.Float32 ? SmallFloats(d, s, 40, 4) : d.Array(type, s, lo: -100, hi: 100);
                var b = NonZero(d, type, [s[^1]], 9);
                return SingleOp.Build($"floor_div_{t}", BuiltinOperator.FLOOR_DIV, v, [a, b], [(type, s)]);
            }));
        }
        foreach (var (t, type, v) in new[] { ("float", TensorType.Float32, 1), ("int8", TensorType.Int8, 2), ("int16", TensorType.Int16, 2),
                     ("int32", TensorType.Int32, 1), ("int64", TensorType.Int64, 1) })
        {
            cases.Add(new($"floor_mod_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                var a = type == TensorType.Float32 ? SmallFloats(d, s, 40, 4) : d.Array(type, s, lo: -100, hi: 100);
                var b = NonZero(d, type, [s[1], 1], 9);
                return SingleOp.Build($"floor_mod_{t}", BuiltinOperator.FLOOR_MOD, v, [a, b], [(type, s)]);
            }));
        }
        cases.Add(new("round_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 12);
            return SingleOp.Build("round_float", BuiltinOperator.ROUND, 1, [SmallFloats(d, s, 8, 2)], [(TensorType.Float32, s)]) with { NativeKernels = "builtin" };
        }));
        cases.Add(new("round_float16", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 12);
            return SingleOp.Build("round_float16", BuiltinOperator.ROUND, 1, [SmallHalves(d, s, 8, 4)], [(TensorType.Float16, s)]) with { NativeKernels = "builtin" };
        }));
        foreach (var (t, type, v) in new[] { ("float", TensorType.Float32, 1), ("float64", TensorType.Float64, 1), ("int32", TensorType.Int32, 2) })
        {
            cases.Add(new($"sign_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 8);
                var x = type switch
                {
                    TensorType.Float32 => SmallFloats(d, s, 2),
                    TensorType.Float64 => Doubles(d, s),
                    _ => d.Array(type, s, lo: -3, hi: 3),
                };
                return SingleOp.Build($"sign_{t}", BuiltinOperator.SIGN, v, [x], [(type, s)], constant: type == TensorType.Float64 ? [true] : null);
            }));
        }
        cases.Add(new("atan2_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("atan2_float", BuiltinOperator.ATAN2, 1, [d.Array(TensorType.Float32, s, scale: 3), d.Array(TensorType.Float32, s, scale: 3)], [(TensorType.Float32, s)]);
        }));
        cases.Add(new("atan2_float16", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2);
            return SingleOp.Build("atan2_float16", BuiltinOperator.ATAN2, 1, [d.Array(TensorType.Float16, s), d.Array(TensorType.Float16, s)], [(TensorType.Float16, s)]);
        }));
        cases.Add(new("atan2_float64", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2);
            return SingleOp.Build("atan2_float64", BuiltinOperator.ATAN2, 1, [Doubles(d, s), Doubles(d, s)], [(TensorType.Float64, s)], constant: [true, true]);
        }));
        foreach (var (t, type) in new[] { ("int8", TensorType.Int8), ("uint8", TensorType.UInt8), ("int16", TensorType.Int16), ("uint16", TensorType.UInt16),
                     ("int32", TensorType.Int32), ("uint32", TensorType.UInt32) })
        {
            bool unsignedWide = type is TensorType.UInt16 or TensorType.UInt32;
            cases.Add(new($"bitwise_xor_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return SingleOp.Build($"bitwise_xor_{t}", BuiltinOperator.BITWISE_XOR, 1, [Bits(d, type, s), Bits(d, type, [s[2]])], [(type, s)],
                    constant: unsignedWide ? [true, true] : null);
            }));
            cases.Add(new($"right_shift_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                int bits = TensorTypes.ElementSize(type) * 8;
                return SingleOp.Build($"right_shift_{t}", BuiltinOperator.RIGHT_SHIFT, 1, [Bits(d, type, s), Shifts(d, type, [s[0], 1, s[2]], bits)], [(type, s)],
                    constant: unsignedWide ? [true, true] : null);
            }));
        }
        cases.Add(new("relu_0_to_1_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3, 6);
            return SingleOp.Build("relu_0_to_1_float", BuiltinOperator.RELU_0_TO_1, 1, [d.Array(TensorType.Float32, s, scale: 2)], [(TensorType.Float32, s)]);
        }));
        foreach (var (t, type, zi, zo) in new[] { ("uint8", TensorType.UInt8, 128L, 0L), ("int8", TensorType.Int8, 0L, -128L) })
        {
            cases.Add(new($"relu_0_to_1_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 16);
                return SingleOp.Build($"relu_0_to_1_{t}", BuiltinOperator.RELU_0_TO_1, 1, [d.Array(type, s)], [(type, s)],
                    inputQuant: [(0.02f, zi)], outputQuant: [(1f / 256, zo)]);
            }));
        }
        foreach (var (t, type) in new[] { ("float", TensorType.Float32), ("int32", TensorType.Int32), ("int64", TensorType.Int64) })
        {
            cases.Add(new($"zeros_like_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return SingleOp.Build($"zeros_like_{t}", BuiltinOperator.ZEROS_LIKE, 1, [d.Array(type, s)], [(type, s)]);
            }));
        }
        foreach (var (t, min, max, bits) in new[] { ("8bit", -1f, 1f, 8), ("4bit_asymmetric", -0.3f, 1.7f, 4), ("16bit_positive", 0.25f, 3f, 16) })
        {
            cases.Add(new($"fake_quant_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 20);
                return SingleOp.Build($"fake_quant_{t}", BuiltinOperator.FAKE_QUANT, 1, [d.Array(TensorType.Float32, s, scale: 2)], [(TensorType.Float32, s)],
                    optionsType: 58, options: [new OptionField(0, OptionKind.Float, min), new OptionField(1, OptionKind.Float, max), new OptionField(2, OptionKind.Int, bits)]);
            }));
        }
        cases.Add(new("fake_quant_narrow_range", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 20);
            return SingleOp.Build("fake_quant_narrow_range", BuiltinOperator.FAKE_QUANT, 2, [d.Array(TensorType.Float32, s, scale: 2)], [(TensorType.Float32, s)],
                optionsType: 58, options: [new OptionField(0, OptionKind.Float, -1), new OptionField(1, OptionKind.Float, 1), new OptionField(2, OptionKind.Int, 8),
                    new OptionField(3, OptionKind.Bool, 1)]) with { NativeUnsupported = "TFLite's FAKE_QUANT rejects narrow_range at run time (unit-tested against TensorFlow's formula instead)" };
        }));
        foreach (var (t, from, to, shape) in new[] { ("int32_to_uint8", TensorType.Int32, TensorType.UInt8, new[] { 2, 3 }),
                     ("int8_to_int16", TensorType.Int8, TensorType.Int16, new[] { 3, 2 }), ("float_to_int32", TensorType.Float32, TensorType.Int32, new[] { 2, 5 }),
                     ("int16_to_int64", TensorType.Int16, TensorType.Int64, new[] { 2, 4 }) })
        {
            cases.Add(new($"bitcast_{t}", seed =>
            {
                var d = new CaseData(seed);
                int inSize = TensorTypes.ElementSize(from), outSize = TensorTypes.ElementSize(to);
                int[] outShape = inSize > outSize ? [.. shape, inSize / outSize] : inSize < outSize ? shape[..^1] : shape;
                return SingleOp.Build($"bitcast_{t}", BuiltinOperator.BITCAST, 1, [d.Array(from, shape)], [(to, outShape)]);
            }));
        }
    }

    /// <summary>A comparison case: bool output of the broadcast shape <paramref name="outShape"/>.</summary>
    private static OpCase Build(string name, BuiltinOperator op, int version, NpyArray[] inputs, int[] outShape, (float, long)?[]? quant = null) =>
        SingleOp.Build(name, op, version, inputs, [(TensorType.Bool, outShape)], inputQuant: quant);

    /// <summary>Float32 values k / <paramref name="denominator"/> with integer k in [-range, range]: equal values happen often.</summary>
    public static NpyArray SmallFloats(CaseData d, int[] shape, int range, int denominator = 1)
    {
        var ints = d.Array(TensorType.Int32, shape, lo: -range, hi: range);
        var f = MemoryMarshal.Cast<byte, int>(ints.Data).ToArray().Select(k => (float)k / denominator).ToArray();
        return CaseData.Of(TensorType.Float32, shape, f);
    }

    public static NpyArray SmallHalves(CaseData d, int[] shape, int range, int denominator = 1)
    {
        var ints = d.Array(TensorType.Int32, shape, lo: -range, hi: range);
        var h = MemoryMarshal.Cast<byte, int>(ints.Data).ToArray().Select(k => (Half)((float)k / denominator)).ToArray();
        return CaseData.Of(TensorType.Float16, shape, h);
    }

    public static NpyArray Doubles(CaseData d, int[] shape)
    {
        var f = d.Array(TensorType.Float32, shape, scale: 3);
        var v = MemoryMarshal.Cast<byte, float>(f.Data).ToArray().Select(x => Math.Round(x * 4) / 4 + x * 1e-9).ToArray();
        return CaseData.Of(TensorType.Float64, shape, v);
    }

    /// <summary>Integers (or integral floats) in [-range, range] without 0.</summary>
    public static NpyArray NonZero(CaseData d, TensorType type, int[] shape, int range)
    {
        var ints = d.Array(TensorType.Int32, shape, lo: 1, hi: range);
        var k = MemoryMarshal.Cast<byte, int>(ints.Data).ToArray();
        for (int i = 0; i < k.Length; i++) if (d.Bool()) k[i] = -k[i];
        return type switch
        {
            TensorType.Float32 => CaseData.Of(type, shape, k.Select(v => v / 2f).ToArray()),
            TensorType.Int8 => CaseData.Of(type, shape, k.Select(v => (sbyte)v).ToArray()),
            TensorType.Int16 => CaseData.Of(type, shape, k.Select(v => (short)v).ToArray()),
            TensorType.Int64 => CaseData.Of(type, shape, k.Select(v => (long)v).ToArray()),
            _ => CaseData.Of(type, shape, k),
        };
    }

    /// <summary>Arbitrary bit patterns of <paramref name="type"/>.</summary>
    public static NpyArray Bits(CaseData d, TensorType type, int[] shape)
    {
        int size = TensorTypes.ElementSize(type);
        var raw = d.Array(TensorType.UInt8, [shape.Aggregate(1, (x, y) => x * y) * size]);
        return new NpyArray(type, shape, raw.Data);
    }

    /// <summary>Shift counts in [-2, bits + 2] (out-of-range counts are clamped by the kernel).</summary>
    public static NpyArray Shifts(CaseData d, TensorType type, int[] shape, int bits)
    {
        var ints = d.Array(TensorType.Int32, shape, lo: -2, hi: bits + 2);
        var k = MemoryMarshal.Cast<byte, int>(ints.Data).ToArray();
        return type switch
        {
            TensorType.Int8 => CaseData.Of(type, shape, k.Select(v => (sbyte)v).ToArray()),
            TensorType.UInt8 => CaseData.Of(type, shape, k.Select(v => (byte)Math.Max(0, v)).ToArray()),
            TensorType.Int16 => CaseData.Of(type, shape, k.Select(v => (short)v).ToArray()),
            TensorType.UInt16 => CaseData.Of(type, shape, k.Select(v => (ushort)Math.Max(0, v)).ToArray()),
            TensorType.UInt32 => CaseData.Of(type, shape, k.Select(v => (uint)Math.Max(0, v)).ToArray()),
            _ => CaseData.Of(type, shape, k),
        };
    }
}
