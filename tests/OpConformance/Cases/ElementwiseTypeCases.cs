using System.Runtime.InteropServices;
using ManagedLite.IO;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Cases of the element-wise operators ManagedLite had before the op-conformance suite (ADD, SUB, MUL, DIV, MAXIMUM,
/// MINIMUM, SQUARED_DIFFERENCE, POW, the unary math and activation operators, CAST): one per type each accepts.
/// </summary>
internal static class ElementwiseTypeCases
{
    private const byte AddOptions = 11, MulOptions = 21, SubOptions = 28, DivOptions = 29, LeakyReluOptions = 75, GeluOptions = 116;

    private static (float, long)?[] Q(params (float Scale, long Zero)[] q) => q.Select(x => ((float, long)?)x).ToArray();

    /// <summary>Quantization of inputs 0 and 1 and of the output, per type.</summary>
    private static ((float, long) A, (float, long) B, (float, long) O) Quant(TensorType t) => t switch
    {
        TensorType.UInt8 => ((0.05f, 128), (0.04f, 120), (0.08f, 130)),
        TensorType.Int8 => ((0.05f, 3), (0.02f, -7), (0.06f, -10)),
        _ => ((1f / 1000, 0), (1f / 1500, 0), (1f / 700, 0)),
    };

    private static string Name(TensorType t) => t == TensorType.Float32 ? "float" : TensorTypes.Name(t);

    public static void Add(List<OpCaseFactory> cases)
    {
        AddBinary(cases);
        AddUnary(cases);
        AddActivations(cases);
        AddCasts(cases);
    }

    private static void Binary(List<OpCaseFactory> cases, string name, BuiltinOperator op, int version, TensorType type, byte optionsType = 0,
        OptionField[]? options = null, bool quantized = false, bool broadcast = true, bool constant = false, string kernels = "ref",
        Func<CaseData, int[], NpyArray>? second = null, TensorType? outType = null, (float, long)? outQuant = null)
    {
        cases.Add(new(name, seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            int[] s2 = broadcast ? [s[1], 1] : s;
            var a = Data(d, type, s);
            var b = second?.Invoke(d, s2) ?? Data(d, type, s2);
            var q = Quant(type);
            var c = SingleOp.Build(name, op, version, [a, b], [(outType ?? type, s)], optionsType, options,
                constant: constant ? [true, true] : null,
                inputQuant: quantized ? Q(q.A, q.B) : null, outputQuant: quantized || outQuant is not null ? Q(outQuant ?? q.O) : null);
            return c with { NativeKernels = kernels };
        }));
    }

    /// <summary>Seeded data: floats in [-1, 1) times 3, small integers for plain integer types, the full range for 8-bit ones.</summary>
    private static NpyArray Data(CaseData d, TensorType type, int[] shape) => type switch
    {
        TensorType.Float32 => d.Array(type, shape, scale: 3),
        TensorType.Int32 or TensorType.Int64 => d.Array(type, shape, lo: -50, hi: 50),
        TensorType.UInt32 => Unsigned(d, type, shape, 100000),
        TensorType.Int16 => d.Array(type, shape, lo: -3000, hi: 3000),
        TensorType.Complex64 => Complex(d, shape),
        _ => d.Array(type, shape),
    };

    /// <summary>uint16 / uint32 values in [0, max] (the seeded generator has no unsigned wide types).</summary>
    private static NpyArray Unsigned(CaseData d, TensorType type, int[] shape, long max)
    {
        var wide = d.Array(TensorType.Int64, shape, lo: 0, hi: max);
        var v = MemoryMarshal.Cast<byte, long>(wide.Data).ToArray();
        return type == TensorType.UInt16 ? CaseData.Of(type, shape, v.Select(x => (ushort)x).ToArray()) : CaseData.Of(type, shape, v.Select(x => (uint)x).ToArray());
    }

    private static NpyArray Complex(CaseData d, int[] shape)
    {
        var f = d.Array(TensorType.Float32, [.. shape, 2], scale: 2);
        return new NpyArray(TensorType.Complex64, shape, f.Data);
    }

    /// <summary>Stored values whose offset from <paramref name="zeroPoint"/> is in [1, 60] or [-60, -1] (never a zero divisor).</summary>
    private static NpyArray AwayFromZeroPoint(CaseData d, TensorType type, int[] shape, long zeroPoint)
    {
        var raw = ComparisonFamilyCases.NonZero(d, TensorType.Int32, shape, 60);
        var k = MemoryMarshal.Cast<byte, int>(raw.Data).ToArray().Select(v => v + zeroPoint).ToArray();
        return type switch
        {
            TensorType.Int8 => CaseData.Of(type, shape, k.Select(v => (sbyte)Math.Clamp(v, -128, 127)).ToArray()),
            TensorType.UInt8 => CaseData.Of(type, shape, k.Select(v => (byte)Math.Clamp(v, 0, 255)).ToArray()),
            _ => CaseData.Of(type, shape, k.Select(v => (short)v).ToArray()),
        };
    }

    private static void AddBinary(List<OpCaseFactory> cases)
    {
        var none = new[] { new OptionField(0, OptionKind.Byte, 0) };
        var relu = new[] { new OptionField(0, OptionKind.Byte, 1) };
        var relu6 = new[] { new OptionField(0, OptionKind.Byte, 3) };
        var generalInt16 = new[] { new OptionField(0, OptionKind.Byte, 0), new OptionField(1, OptionKind.BoolWritten, 0) };

        // ADD
        Binary(cases, "add_float_relu6", BuiltinOperator.ADD, 1, TensorType.Float32, AddOptions, relu6);
        Binary(cases, "add_float16", BuiltinOperator.ADD, 6, TensorType.Float16, AddOptions, none, kernels: "builtin");
        Binary(cases, "add_int32_relu", BuiltinOperator.ADD, 1, TensorType.Int32, AddOptions, relu);
        Binary(cases, "add_int64", BuiltinOperator.ADD, 4, TensorType.Int64, AddOptions, none);
        Binary(cases, "add_int16", BuiltinOperator.ADD, 5, TensorType.Int16, AddOptions, none);
        Binary(cases, "add_uint8", BuiltinOperator.ADD, 1, TensorType.UInt8, AddOptions, none, quantized: true);
        Binary(cases, "add_int16_quantized", BuiltinOperator.ADD, 3, TensorType.Int16, AddOptions, generalInt16, quantized: true);
        cases.Add(new("add_int16_pot", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 8);
            return SingleOp.Build("add_int16_pot", BuiltinOperator.ADD, 1, [d.Array(TensorType.Int16, s, lo: -20000, hi: 20000), d.Array(TensorType.Int16, s, lo: -20000, hi: 20000)],
                [(TensorType.Int16, s)], AddOptions, none, inputQuant: Q((1f / 512, 0), (1f / 2048, 0)), outputQuant: Q((1f / 512, 0)));
        }));

        // SUB
        Binary(cases, "sub_float", BuiltinOperator.SUB, 1, TensorType.Float32, SubOptions, none);
        Binary(cases, "sub_int32", BuiltinOperator.SUB, 1, TensorType.Int32, SubOptions, relu);
        Binary(cases, "sub_int64", BuiltinOperator.SUB, 4, TensorType.Int64, SubOptions, none);
        Binary(cases, "sub_uint8", BuiltinOperator.SUB, 1, TensorType.UInt8, SubOptions, none, quantized: true);
        Binary(cases, "sub_int8", BuiltinOperator.SUB, 2, TensorType.Int8, SubOptions, relu, quantized: true);
        Binary(cases, "sub_int16_quantized", BuiltinOperator.SUB, 5, TensorType.Int16, SubOptions, generalInt16, quantized: true);
        cases.Add(new("sub_int16_pot", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 8);
            return SingleOp.Build("sub_int16_pot", BuiltinOperator.SUB, 1, [d.Array(TensorType.Int16, s, lo: -20000, hi: 20000), d.Array(TensorType.Int16, s, lo: -20000, hi: 20000)],
                [(TensorType.Int16, s)], SubOptions, none, inputQuant: Q((1f / 512, 0), (1f / 2048, 0)), outputQuant: Q((1f / 512, 0)));
        }));

        // MUL
        Binary(cases, "mul_float_relu", BuiltinOperator.MUL, 1, TensorType.Float32, MulOptions, relu);
        Binary(cases, "mul_float16", BuiltinOperator.MUL, 8, TensorType.Float16, MulOptions, none, kernels: "builtin");
        Binary(cases, "mul_int32", BuiltinOperator.MUL, 1, TensorType.Int32, MulOptions, none);
        Binary(cases, "mul_uint32", BuiltinOperator.MUL, 7, TensorType.UInt32, MulOptions, none, constant: true);
        Binary(cases, "mul_int16", BuiltinOperator.MUL, 7, TensorType.Int16, MulOptions, none);
        Binary(cases, "mul_int64", BuiltinOperator.MUL, 5, TensorType.Int64, MulOptions, none);
        Binary(cases, "mul_complex64", BuiltinOperator.MUL, 6, TensorType.Complex64, MulOptions, none, constant: true);
        Binary(cases, "mul_uint8", BuiltinOperator.MUL, 1, TensorType.UInt8, MulOptions, none, quantized: true);
        Binary(cases, "mul_int8_relu", BuiltinOperator.MUL, 2, TensorType.Int8, MulOptions, relu, quantized: true);
        Binary(cases, "mul_int16_quantized", BuiltinOperator.MUL, 4, TensorType.Int16, MulOptions, none, quantized: true);
        foreach (var (t, type, zo) in new[] { ("int8", TensorType.Int8, 5L), ("uint8", TensorType.UInt8, 120L) })
        {
            cases.Add(new($"mul_int16_to_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 8);
                return SingleOp.Build($"mul_int16_to_{t}", BuiltinOperator.MUL, 4, [d.Array(TensorType.Int16, s, lo: -32768, hi: 32767), d.Array(TensorType.Int16, s, lo: -32768, hi: 32767)],
                    [(type, s)], MulOptions, none, outputQuant: Q((1f / 128, zo)));
            }));
        }

        // DIV: divisors away from zero (a zero, or a quantized divisor at its zero point, is an error).
        Binary(cases, "div_float", BuiltinOperator.DIV, 1, TensorType.Float32, DivOptions, none, second: (d, s) => ComparisonFamilyCases.NonZero(d, TensorType.Float32, s, 9));
        Binary(cases, "div_int32", BuiltinOperator.DIV, 1, TensorType.Int32, DivOptions, none, second: (d, s) => ComparisonFamilyCases.NonZero(d, TensorType.Int32, s, 9));
        foreach (var type in new[] { TensorType.UInt8, TensorType.Int8, TensorType.Int16 })
            Binary(cases, $"div_{Name(type)}", BuiltinOperator.DIV, 1, type, DivOptions, none, quantized: true,
                second: (d, s) => AwayFromZeroPoint(d, type, s, Quant(type).B.Item2), outQuant: type == TensorType.Int16 ? (1f / 100, 0) : null);

        // MAXIMUM / MINIMUM: a plain comparison of stored values in every type.
        foreach (var (name, op) in new[] { ("maximum", BuiltinOperator.MAXIMUM), ("minimum", BuiltinOperator.MINIMUM) })
        {
            Binary(cases, $"{name}_float", op, 1, TensorType.Float32);
            Binary(cases, $"{name}_float16", op, 1, TensorType.Float16);
            Binary(cases, $"{name}_int32", op, 1, TensorType.Int32);
            Binary(cases, $"{name}_int64", op, 1, TensorType.Int64);
            Binary(cases, $"{name}_int16", op, 4, TensorType.Int16);
            cases.Add(new($"{name}_uint8", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3);
                return SingleOp.Build($"{name}_uint8", op, 1, [d.Array(TensorType.UInt8, s), d.Array(TensorType.UInt8, [s[2]])], [(TensorType.UInt8, s)],
                    inputQuant: Q((0.05f, 128), (0.05f, 128)), outputQuant: Q((0.05f, 128)));
            }));
            cases.Add(new($"{name}_int8_rank5", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(5, 3);
                return SingleOp.Build($"{name}_int8_rank5", op, 3, [d.Array(TensorType.Int8, s), d.Array(TensorType.Int8, [s[0], 1, 1, s[3], 1])], [(TensorType.Int8, s)],
                    inputQuant: Q((0.05f, 3), (0.05f, 3)), outputQuant: Q((0.05f, 3)));
            }));
        }

        // SQUARED_DIFFERENCE
        Binary(cases, "squared_difference_float", BuiltinOperator.SQUARED_DIFFERENCE, 1, TensorType.Float32);
        Binary(cases, "squared_difference_int32", BuiltinOperator.SQUARED_DIFFERENCE, 1, TensorType.Int32);
        cases.Add(new("squared_difference_int8", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("squared_difference_int8", BuiltinOperator.SQUARED_DIFFERENCE, 2, [d.Array(TensorType.Int8, s), d.Array(TensorType.Int8, [s[1], 1])],
                [(TensorType.Int8, s)], inputQuant: Q((0.05f, 3), (0.03f, -5)), outputQuant: Q((0.1f, -128)));
        }));

        // POW: element-wise, broadcast, and the single integral exponent TFLite squares its way to.
        cases.Add(new("pow_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            var x = d.Array(TensorType.Float32, s);
            var f = MemoryMarshal.Cast<byte, float>(x.Data.AsSpan());
            for (int i = 0; i < f.Length; i++) f[i] = MathF.Abs(f[i]) * 3 + 0.1f;
            return SingleOp.Build("pow_float", BuiltinOperator.POW, 1, [x, d.Array(TensorType.Float32, s, scale: 3)], [(TensorType.Float32, s)]);
        }));
        cases.Add(new("pow_float_broadcast", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            var x = d.Array(TensorType.Float32, s);
            var f = MemoryMarshal.Cast<byte, float>(x.Data.AsSpan());
            for (int i = 0; i < f.Length; i++) f[i] = MathF.Abs(f[i]) * 2 + 0.5f;
            return SingleOp.Build("pow_float_broadcast", BuiltinOperator.POW, 1, [x, d.Array(TensorType.Float32, [s[2]], scale: 2)], [(TensorType.Float32, s)]);
        }));
        foreach (var (t, e) in new[] { ("3", 3f), ("7", 7.000001f), ("40", 40f), ("half", 0.5f) })
        {
            cases.Add(new($"pow_float_scalar_exponent_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 8);
                return SingleOp.Build($"pow_float_scalar_exponent_{t}", BuiltinOperator.POW, 1, [d.Array(TensorType.Float32, s, scale: 40), CaseData.Of(TensorType.Float32, [1], e)],
                    [(TensorType.Float32, s)]);
            }));
        }
        cases.Add(new("pow_int32", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3);
            return SingleOp.Build("pow_int32", BuiltinOperator.POW, 1, [d.Array(TensorType.Int32, s, lo: -9, hi: 9), d.Array(TensorType.Int32, s, lo: 0, hi: 12)], [(TensorType.Int32, s)]);
        }));
        cases.Add(new("pow_int32_scalar_exponent", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 8);
            return SingleOp.Build("pow_int32_scalar_exponent", BuiltinOperator.POW, 1, [d.Array(TensorType.Int32, s, lo: -300, hi: 300), CaseData.Of(TensorType.Int32, [], 5)],
                [(TensorType.Int32, s)]);
        }));
    }

    private static void Unary(List<OpCaseFactory> cases, string name, BuiltinOperator op, int version, TensorType type, NpyArray? fixedInput = null,
        (float, long)? inQuant = null, (float, long)? outQuant = null, Func<CaseData, int[], NpyArray>? input = null, string kernels = "ref",
        byte optionsType = 0, OptionField[]? options = null)
    {
        cases.Add(new(name, seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 12);
            var x = input?.Invoke(d, s) ?? Data(d, type, s);
            var c = SingleOp.Build(name, op, version, [x], [(type, s)], optionsType, options,
                inputQuant: inQuant is null ? null : Q(inQuant.Value), outputQuant: outQuant is null ? null : Q(outQuant.Value));
            return c with { NativeKernels = kernels };
        }));
    }

    private static NpyArray Range(CaseData d, TensorType type, int[] shape, long lo, long hi) => d.Array(type, shape, lo: lo, hi: hi);

    private static NpyArray Positive(CaseData d, int[] shape, float scale)
    {
        var x = d.Array(TensorType.Float32, shape);
        var f = MemoryMarshal.Cast<byte, float>(x.Data.AsSpan());
        for (int i = 0; i < f.Length; i++) f[i] = MathF.Abs(f[i]) * scale + 1e-3f;
        return x;
    }

    private static void AddUnary(List<OpCaseFactory> cases)
    {
        // ABS
        Unary(cases, "abs_float", BuiltinOperator.ABS, 1, TensorType.Float32);
        Unary(cases, "abs_int8_rescaled", BuiltinOperator.ABS, 2, TensorType.Int8, inQuant: (0.05f, -3), outQuant: (0.03f, -128));
        Unary(cases, "abs_int8", BuiltinOperator.ABS, 2, TensorType.Int8, inQuant: (0.05f, 7), outQuant: (0.05f, 7));
        Unary(cases, "abs_int16_quantized", BuiltinOperator.ABS, 3, TensorType.Int16, inQuant: (1f / 1000, 0), outQuant: (1f / 1500, 0));
        Unary(cases, "abs_int16", BuiltinOperator.ABS, 4, TensorType.Int16, input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767), kernels: "builtin");
        Unary(cases, "abs_int32", BuiltinOperator.ABS, 5, TensorType.Int32, kernels: "builtin");

        // NEG: plain (wrapping) on every integer type, sign flip on float16.
        Unary(cases, "neg_float", BuiltinOperator.NEG, 1, TensorType.Float32);
        Unary(cases, "neg_float16", BuiltinOperator.NEG, 1, TensorType.Float16);
        Unary(cases, "neg_int8", BuiltinOperator.NEG, 1, TensorType.Int8);
        Unary(cases, "neg_int16", BuiltinOperator.NEG, 1, TensorType.Int16, input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));
        Unary(cases, "neg_int32", BuiltinOperator.NEG, 1, TensorType.Int32);
        Unary(cases, "neg_int64", BuiltinOperator.NEG, 1, TensorType.Int64);

        Unary(cases, "square_float", BuiltinOperator.SQUARE, 1, TensorType.Float32);

        // SQRT / RSQRT: quantized inputs at or above the zero point (below it TFLite fails the invoke).
        Unary(cases, "sqrt_float", BuiltinOperator.SQRT, 1, TensorType.Float32, input: (d, s) => Positive(d, s, 9));
        Unary(cases, "sqrt_int8", BuiltinOperator.SQRT, 2, TensorType.Int8, inQuant: (0.05f, -20), outQuant: (0.02f, -128),
            input: (d, s) => Range(d, TensorType.Int8, s, -20, 127));
        Unary(cases, "sqrt_int16", BuiltinOperator.SQRT, 2, TensorType.Int16, inQuant: (1f / 1000, 0), outQuant: (1f / 4000, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, 0, 32767));
        Unary(cases, "rsqrt_float", BuiltinOperator.RSQRT, 1, TensorType.Float32, input: (d, s) => Positive(d, s, 9));
        Unary(cases, "rsqrt_int8", BuiltinOperator.RSQRT, 2, TensorType.Int8, inQuant: (0.05f, -20), outQuant: (0.05f, -128),
            input: (d, s) => Range(d, TensorType.Int8, s, -20, 127));
        Unary(cases, "rsqrt_int16", BuiltinOperator.RSQRT, 3, TensorType.Int16, inQuant: (1f / 1000, 0), outQuant: (1f / 2000, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, 0, 32767));

        // EXP / LOG: tables for the quantized types.
        Unary(cases, "exp_float", BuiltinOperator.EXP, 1, TensorType.Float32);
        Unary(cases, "exp_int8", BuiltinOperator.EXP, 2, TensorType.Int8, inQuant: (2f / 128, 0), outQuant: (8f / 255, -128));
        Unary(cases, "exp_int8_overflow", BuiltinOperator.EXP, 2, TensorType.Int8, inQuant: (1f, 0), outQuant: (0.5f, -128));
        Unary(cases, "exp_int16", BuiltinOperator.EXP, 2, TensorType.Int16, inQuant: (3f / 32768, 0), outQuant: (21f / 32768, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));
        Unary(cases, "log_float", BuiltinOperator.LOG, 1, TensorType.Float32, input: (d, s) => Positive(d, s, 9));
        Unary(cases, "log_int8", BuiltinOperator.LOG, 2, TensorType.Int8, inQuant: (0.05f, -100), outQuant: (0.03f, 40));
        Unary(cases, "log_int16", BuiltinOperator.LOG, 2, TensorType.Int16, inQuant: (4f / 32768, 0), outQuant: (6f / 32768, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));

        foreach (var (name, op) in new[] { ("sin", BuiltinOperator.SIN), ("cos", BuiltinOperator.COS) })
        {
            Unary(cases, $"{name}_float", op, 1, TensorType.Float32);
            Unary(cases, $"{name}_float16", op, 2, TensorType.Float16, kernels: "builtin");
        }
        Unary(cases, "floor_float", BuiltinOperator.FLOOR, 1, TensorType.Float32);
        Unary(cases, "floor_float16", BuiltinOperator.FLOOR, 1, TensorType.Float16, input: (d, s) => ComparisonFamilyCases.SmallHalves(d, s, 12, 4));
        Unary(cases, "ceil_float", BuiltinOperator.CEIL, 1, TensorType.Float32, kernels: "builtin");
    }

    private static void AddActivations(List<OpCaseFactory> cases)
    {
        foreach (var (t, type, q) in new[] { ("float", TensorType.Float32, ((float, long)?)null), ("uint8", TensorType.UInt8, (0.05f, 128)),
                     ("int8", TensorType.Int8, (0.05f, 3)), ("int16", TensorType.Int16, (1f / 1000, 0)) })
        {
            Unary(cases, $"leaky_relu_{t}", BuiltinOperator.LEAKY_RELU, type == TensorType.Int16 ? 2 : 1, type, inQuant: q, outQuant: q is null ? null : (q.Value.Item1 * 0.75f, q.Value.Item2),
                optionsType: LeakyReluOptions, options: [new OptionField(0, OptionKind.Float, 0.2)]);
        }
        Unary(cases, "hard_swish_float", BuiltinOperator.HARD_SWISH, 1, TensorType.Float32);
        Unary(cases, "hard_swish_uint8", BuiltinOperator.HARD_SWISH, 1, TensorType.UInt8, inQuant: (0.05f, 128), outQuant: (0.03f, 60));
        Unary(cases, "hard_swish_int8", BuiltinOperator.HARD_SWISH, 1, TensorType.Int8, inQuant: (0.05f, 3), outQuant: (0.03f, -60));

        // PRELU: alpha a constant along the channels; int16 takes an int8 alpha.
        foreach (var (t, type, alphaType) in new[] { ("float", TensorType.Float32, TensorType.Float32), ("uint8", TensorType.UInt8, TensorType.UInt8),
                     ("int8", TensorType.Int8, TensorType.Int8), ("int16", TensorType.Int16, TensorType.Int8) })
        {
            cases.Add(new($"prelu_{t}", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(4);
                var x = Data(d, type, s);
                var alpha = alphaType == TensorType.Float32 ? d.Array(alphaType, [1, 1, s[3]]) : d.Array(alphaType, [1, 1, s[3]]);
                var (qi, qa, qo) = type switch
                {
                    TensorType.UInt8 => ((0.05f, 128L), (0.01f, 128L), (0.04f, 100L)),
                    TensorType.Int8 => ((0.05f, 3L), (0.01f, 0L), (0.04f, -20L)),
                    _ => ((1f / 1000, 0L), (0.01f, 0L), (1f / 800, 0L)),
                };
                bool quant = type != TensorType.Float32;
                return SingleOp.Build($"prelu_{t}", BuiltinOperator.PRELU, 1, [x, alpha], [(type, s)], constant: [false, true],
                    inputQuant: quant ? Q(qi, qa) : null, outputQuant: quant ? Q(qo) : null);
            }));
        }

        // TANH / LOGISTIC (tanh_float is a baseline case).
        Unary(cases, "tanh_float16", BuiltinOperator.TANH, 1, TensorType.Float16);
        Unary(cases, "tanh_uint8", BuiltinOperator.TANH, 1, TensorType.UInt8, inQuant: (0.05f, 128), outQuant: (1f / 128, 128));
        Unary(cases, "tanh_int8", BuiltinOperator.TANH, 2, TensorType.Int8, inQuant: (0.05f, 3), outQuant: (1f / 128, 0));
        Unary(cases, "tanh_int16", BuiltinOperator.TANH, 3, TensorType.Int16, inQuant: (1f / 4096, 0), outQuant: (1f / 32768, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));
        Unary(cases, "tanh_int16_general_scale", BuiltinOperator.TANH, 3, TensorType.Int16, inQuant: (3.5f / 32768, 0), outQuant: (1f / 32768, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));
        Unary(cases, "logistic_float", BuiltinOperator.LOGISTIC, 1, TensorType.Float32, input: (d, s) => d.Array(TensorType.Float32, s, scale: 12));
        Unary(cases, "logistic_float16", BuiltinOperator.LOGISTIC, 1, TensorType.Float16);
        Unary(cases, "logistic_uint8", BuiltinOperator.LOGISTIC, 1, TensorType.UInt8, inQuant: (0.05f, 128), outQuant: (1f / 256, 0));
        Unary(cases, "logistic_int8", BuiltinOperator.LOGISTIC, 2, TensorType.Int8, inQuant: (0.05f, 3), outQuant: (1f / 256, -128));
        Unary(cases, "logistic_int16", BuiltinOperator.LOGISTIC, 3, TensorType.Int16, inQuant: (1f / 4096, 0), outQuant: (1f / 32768, 0),
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));

        // ELU (not in TFLite's reference resolver: its builtin kernel is the reference here).
        Unary(cases, "elu_float", BuiltinOperator.ELU, 1, TensorType.Float32, kernels: "builtin");
        Unary(cases, "elu_int8", BuiltinOperator.ELU, 1, TensorType.Int8, inQuant: (0.05f, 3), outQuant: (0.04f, -2), kernels: "builtin");

        // GELU
        var exact = new[] { new OptionField(0, OptionKind.Bool, 0) };
        var approximate = new[] { new OptionField(0, OptionKind.Bool, 1) };
        Unary(cases, "gelu_float", BuiltinOperator.GELU, 1, TensorType.Float32, optionsType: GeluOptions, options: exact);
        Unary(cases, "gelu_float_approximate", BuiltinOperator.GELU, 1, TensorType.Float32, optionsType: GeluOptions, options: approximate);
        Unary(cases, "gelu_float16", BuiltinOperator.GELU, 3, TensorType.Float16, optionsType: GeluOptions, options: exact, kernels: "builtin");
        Unary(cases, "gelu_float16_approximate", BuiltinOperator.GELU, 3, TensorType.Float16, optionsType: GeluOptions, options: approximate, kernels: "builtin");
        Unary(cases, "gelu_uint8", BuiltinOperator.GELU, 2, TensorType.UInt8, inQuant: (0.05f, 128), outQuant: (0.03f, 20), optionsType: GeluOptions, options: exact);
        Unary(cases, "gelu_int8_approximate", BuiltinOperator.GELU, 2, TensorType.Int8, inQuant: (0.05f, 3), outQuant: (0.03f, -100), optionsType: GeluOptions, options: approximate);
        Unary(cases, "gelu_int16", BuiltinOperator.GELU, 2, TensorType.Int16, inQuant: (1f / 4096, 0), outQuant: (1f / 8192, 0), optionsType: GeluOptions, options: exact,
            input: (d, s) => Range(d, TensorType.Int16, s, -32768, 32767));
    }

    private static void AddCasts(List<OpCaseFactory> cases)
    {
        var pairs = new (TensorType From, TensorType To, bool Constant)[]
        {
            (TensorType.Float32, TensorType.Int32, false), (TensorType.Float32, TensorType.UInt8, false), (TensorType.Float32, TensorType.Int8, false),
            (TensorType.Float32, TensorType.Int16, false), (TensorType.Float32, TensorType.Int64, false), (TensorType.Float32, TensorType.Bool, false),
            (TensorType.Float32, TensorType.Float16, false), (TensorType.Float32, TensorType.Float64, false), (TensorType.Float32, TensorType.UInt16, false),
            (TensorType.Float32, TensorType.UInt32, false), (TensorType.Float32, TensorType.Complex64, false),
            (TensorType.Int32, TensorType.Float32, false), (TensorType.Int32, TensorType.Int8, false), (TensorType.Int32, TensorType.Bool, false),
            (TensorType.Int32, TensorType.Float16, false), (TensorType.Int64, TensorType.Int32, false), (TensorType.Int64, TensorType.Float32, false),
            (TensorType.UInt8, TensorType.Int8, false), (TensorType.UInt8, TensorType.Float32, false), (TensorType.Int8, TensorType.Int16, false),
            (TensorType.Int16, TensorType.Int32, false), (TensorType.Int16, TensorType.UInt8, false), (TensorType.Bool, TensorType.Float32, false),
            (TensorType.Bool, TensorType.Int32, false), (TensorType.Float16, TensorType.Float32, false), (TensorType.Float16, TensorType.Int32, false),
            (TensorType.Float64, TensorType.Float32, true), (TensorType.Float64, TensorType.Float16, true), (TensorType.UInt16, TensorType.Int32, true),
            (TensorType.UInt32, TensorType.Int64, true), (TensorType.Complex64, TensorType.Float32, true), (TensorType.Complex64, TensorType.Int32, true),
        };
        foreach (var (from, to, constant) in pairs)
        {
            string name = $"cast_{Name(from)}_to_{Name(to)}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 10);
                var x = from switch
                {
                    TensorType.Float32 => d.Array(from, s, scale: 400),
                    TensorType.Float64 => ComparisonFamilyCases.Doubles(d, s),
                    TensorType.Float16 => d.Array(from, s),
                    TensorType.Int32 => d.Array(from, s, lo: -100000, hi: 100000),
                    TensorType.Int64 => d.Array(from, s, lo: -3000000000, hi: 3000000000),
                    TensorType.Int16 => d.Array(from, s, lo: -32768, hi: 32767),
                    TensorType.UInt16 => Unsigned(d, from, s, 65535),
                    TensorType.UInt32 => Unsigned(d, from, s, 4000000000),
                    TensorType.Complex64 => Complex(d, s),
                    _ => d.Array(from, s),
                };
                return SingleOp.Build(name, BuiltinOperator.CAST, 1, [x], [(to, s)], constant: constant ? [true] : null);
            }));
        }
    }
}
