using ManagedLite.IO;
using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Reductions (MEAN, SUM, REDUCE_MAX/MIN/PROD/ANY/ALL), ARG_MAX/ARG_MIN, CUMSUM and TOPK_V2 over every type TFLite's
/// kernels take: keep_dims, negative and duplicate axes, an empty axis list, a scalar input, a non-constant axis.
/// </summary>
internal static partial class OpCases
{
    private const byte ReducerOptionsTag = 27;

    static partial void AddReduction(List<OpCaseFactory> cases)
    {
        AddReduceCases(cases);
        AddArgMinMaxCases(cases);
        AddTopKCases(cases);
        AddCumsumCases(cases);
    }

    private static void AddArgMinMaxCases(List<OpCaseFactory> cases)
    {
        foreach (var (oname, op, optionsTag) in new[] { ("arg_max", BuiltinOperator.ARG_MAX, (byte)40), ("arg_min", BuiltinOperator.ARG_MIN, (byte)57) })
        {
            foreach (var (t, outType, version, axisType, axisIsInput) in new[]
            {
                (TensorType.Float32, TensorType.Int32, 1, TensorType.Int32, false),
                (TensorType.Float32, TensorType.Int64, 1, TensorType.Int64, false),
                (TensorType.UInt8, TensorType.Int32, 1, TensorType.Int32, false),
                (TensorType.Int8, TensorType.Int64, 2, TensorType.Int32, false),
                (TensorType.Int32, TensorType.Int32, 1, TensorType.Int64, false),
                (TensorType.Bool, TensorType.Int32, 3, TensorType.Int32, false),
                (TensorType.Float32, TensorType.Int32, 1, TensorType.Int32, true),
            })
            {
                string name = $"{oname}_{TensorTypes.Name(t)}_{TensorTypes.Name(outType)}_axis_{TensorTypes.Name(axisType)}{(axisIsInput ? "_dynamic" : "")}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3, 6);
                    int axis = d.Int(-3, 2);
                    // Few distinct values: ties resolve to the first position.
                    var input = t switch
                    {
                        TensorType.Float32 => Sparse(d, t, s),
                        TensorType.Bool => d.Array(t, s),
                        TensorType.UInt8 => d.Array(t, s, lo: 0, hi: 3),
                        _ => d.Array(t, s, lo: -2, hi: 2),
                    };
                    var axisArray = axisType == TensorType.Int64 ? CaseData.Of(TensorType.Int64, [1], (long)axis) : CaseData.Of(TensorType.Int32, [1], axis);
                    int a = axis < 0 ? axis + 3 : axis;
                    int[] outShape = s.Where((_, i) => i != a).ToArray();
                    var c = SingleOp.Build(name, op, version, [input, axisArray], [(outType, outShape)],
                        optionsType: optionsTag, options: [new OptionField(0, OptionKind.Byte, (int)outType)], constant: [false, !axisIsInput]);
                    // Version 3 (bool) is registered by TFLite's builtin resolver only; the kernel is the same.
                    return version == 3 ? c with { NativeKernels = "builtin" } : c;
                }));
            }
        }
    }

    private static void AddTopKCases(List<OpCaseFactory> cases)
    {
        foreach (var (t, kType, idxType, version, kIsInput) in new[]
        {
            (TensorType.Float32, TensorType.Int32, TensorType.Int32, 1, false),
            (TensorType.Float32, TensorType.Int32, TensorType.Int32, 1, true),
            (TensorType.UInt8, TensorType.Int32, TensorType.Int32, 1, false),
            (TensorType.Int8, TensorType.Int32, TensorType.Int32, 2, false),
            (TensorType.Int16, TensorType.Int16, TensorType.Int16, 3, false),
            (TensorType.Int32, TensorType.Int32, TensorType.Int32, 1, false),
            (TensorType.Int64, TensorType.Int32, TensorType.Int16, 3, false),
        })
        {
            string name = $"topk_v2_{TensorTypes.Name(t)}_k_{TensorTypes.Name(kType)}_idx_{TensorTypes.Name(idxType)}{(kIsInput ? "_dynamic" : "")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                int[] s = [.. d.Shape(d.Int(0, 2), 3), d.Int(1, 40)];
                int k = d.Int(0, s[^1]);
                var input = t switch
                {
                    TensorType.Float32 => Sparse(d, t, s), // ties: equal values keep their order
                    TensorType.UInt8 => d.Array(t, s, lo: 0, hi: 5),
                    _ => d.Array(t, s, lo: -5, hi: 5),
                };
                var kArray = kType == TensorType.Int16 ? CaseData.Of(TensorType.Int16, [], (short)k) : CaseData.Of(TensorType.Int32, [], k);
                int[] outShape = [.. s[..^1], k];
                var m = new TinyModel();
                int i0 = m.Tensor("in0", t, s);
                int i1 = m.Tensor("in1", kType, [], kIsInput ? null : kArray.Data);
                int o0 = m.Tensor("out0", t, outShape);
                int o1 = m.Tensor("out1", idxType, outShape);
                m.Op(BuiltinOperator.TOPK_V2, [i0, i1], [o0, o1], version).Inputs(kIsInput ? [i0, i1] : [i0]).Outputs(o0, o1);
                return new OpCase(name, m.Build(), kIsInput ? [input, kArray] : [input]);
            }));
        }
    }

    private static void AddCumsumCases(List<OpCaseFactory> cases)
    {
        foreach (var t in new[] { TensorType.Float32, TensorType.Int32, TensorType.Int64 })
        {
            foreach (var (exclusive, reverse) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                string name = $"cumsum_{TensorTypes.Name(t)}{(exclusive ? "_exclusive" : "")}{(reverse ? "_reverse" : "")}";
                cases.Add(new(name, seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3, 6);
                    int axis = d.Int(-3, 2);
                    return SingleOp.Build(name, BuiltinOperator.CUMSUM, 1, [d.Array(t, s), CaseData.Of(TensorType.Int32, [], axis)], [(t, s)],
                        optionsType: 102, options: [new OptionField(0, OptionKind.Bool, exclusive ? 1 : 0), new OptionField(1, OptionKind.Bool, reverse ? 1 : 0)],
                        constant: [false, true]);
                }));
            }
        }
    }

    private static void AddReduceCases(List<OpCaseFactory> cases)
    {
        var ops = new (string Name, BuiltinOperator Op)[]
        {
            ("mean", BuiltinOperator.MEAN), ("sum", BuiltinOperator.SUM), ("reduce_max", BuiltinOperator.REDUCE_MAX),
            ("reduce_min", BuiltinOperator.REDUCE_MIN), ("reduce_prod", BuiltinOperator.REDUCE_PROD),
        };
        foreach (var (name, op) in ops)
        {
            // float32: a contiguous block with keep_dims, negative and duplicate axes, no axes, every axis.
            cases.Add(new($"{name}_float_hw_keepdims", seed =>
            {
                var d = new CaseData(seed);
                int[] s = [d.Int(1, 2), d.Int(1, 5), d.Int(1, 5), d.Int(1, 9)];
                return Reduce($"{name}_float_hw_keepdims", op, 1, d.Array(TensorType.Float32, s), [1, 2], keepDims: true);
            }));
            cases.Add(new($"{name}_float_negative_duplicate_axes", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 6);
                return Reduce($"{name}_float_negative_duplicate_axes", op, 1, d.Array(TensorType.Float32, s), [-1, 0, 2], keepDims: false);
            }));
            cases.Add(new($"{name}_float_no_axes", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 5);
                return Reduce($"{name}_float_no_axes", op, 1, d.Array(TensorType.Float32, s), [], keepDims: false);
            }));
            cases.Add(new($"{name}_float_all_axes", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 5);
                return Reduce($"{name}_float_all_axes", op, 1, d.Array(TensorType.Float32, s), [0, 1, 2], keepDims: d.Bool());
            }));
            cases.Add(new($"{name}_float_dynamic_axis", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 5);
                return Reduce($"{name}_float_dynamic_axis", op, 1, d.Array(TensorType.Float32, s), [d.Int(-3, 2)], keepDims: false, axisIsInput: true);
            }));
            cases.Add(new($"{name}_float_scalar", seed =>
            {
                var d = new CaseData(seed);
                return Reduce($"{name}_float_scalar", op, 1, d.Array(TensorType.Float32, []), [0], keepDims: false);
            }));
            foreach (var t in new[] { TensorType.Int32, TensorType.Int64 })
            {
                string tn = TensorTypes.Name(t);
                cases.Add(new($"{name}_{tn}_middle_axis", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3, 6);
                    return Reduce($"{name}_{tn}_middle_axis", op, 1, d.Array(t, s), [1], keepDims: d.Bool());
                }));
                cases.Add(new($"{name}_{tn}_two_axes", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(4, 4);
                    return Reduce($"{name}_{tn}_two_axes", op, 1, d.Array(t, s), [0, -2], keepDims: false);
                }));
            }
        }

        // Quantized MEAN and SUM: rescaled int32 sums (int16 symmetric).
        foreach (var (name, op) in new[] { ("mean", BuiltinOperator.MEAN), ("sum", BuiltinOperator.SUM) })
        {
            cases.Add(new($"{name}_int8_rescaled", seed =>
            {
                var d = new CaseData(seed);
                int[] s = [1, d.Int(1, 6), d.Int(1, 6), d.Int(1, 12)];
                return Reduce($"{name}_int8_rescaled", op, 2, d.Array(TensorType.Int8, s), [1, 2], keepDims: true,
                    inputQuant: (0.05f, -3), outputQuant: (name == "sum" ? 0.4f : 0.03f, 5));
            }));
            cases.Add(new($"{name}_int8_last_axis", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 7);
                return Reduce($"{name}_int8_last_axis", op, 2, d.Array(TensorType.Int8, s), [-1], keepDims: false,
                    inputQuant: (0.02f, 10), outputQuant: (0.02f, 10));
            }));
            cases.Add(new($"{name}_uint8_rescaled", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 6);
                return Reduce($"{name}_uint8_rescaled", op, 1, d.Array(TensorType.UInt8, s), [0, 2], keepDims: false,
                    inputQuant: (0.1f, 128), outputQuant: (name == "sum" ? 0.9f : 0.07f, 120));
            }));
            cases.Add(new($"{name}_uint8_no_axes", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 5);
                return Reduce($"{name}_uint8_no_axes", op, 1, d.Array(TensorType.UInt8, s), [], keepDims: false,
                    inputQuant: (0.1f, 100), outputQuant: (0.2f, 90));
            }));
            cases.Add(new($"{name}_int16_rescaled", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 6);
                var c = Reduce($"{name}_int16_rescaled", op, name == "mean" ? 3 : 1, d.Array(TensorType.Int16, s), [1], keepDims: d.Bool(),
                    inputQuant: (0.001f, 0), outputQuant: (name == "sum" ? 0.004f : 0.0008f, 0));
                // TFLite's reference SUM reads int16 data as bytes (its uint8 kernel); its builtin kernel is the real one.
                return name == "sum" ? c with { NativeKernels = "builtin" } : c;
            }));
        }

        // REDUCE_MAX / REDUCE_MIN on stored values (input and output share quantization).
        foreach (var (name, op) in new[] { ("reduce_max", BuiltinOperator.REDUCE_MAX), ("reduce_min", BuiltinOperator.REDUCE_MIN) })
        {
            foreach (var (t, version, q) in new[] { (TensorType.Int8, 2, (0.05f, -4L)), (TensorType.UInt8, 1, (0.05f, 130L)), (TensorType.Int16, 3, (0.001f, 0L)) })
            {
                string tn = TensorTypes.Name(t);
                cases.Add(new($"{name}_{tn}", seed =>
                {
                    var d = new CaseData(seed);
                    int[] s = d.Shape(3, 6);
                    return Reduce($"{name}_{tn}", op, version, d.Array(t, s), [d.Int(0, 2), -1], keepDims: d.Bool(), inputQuant: q, outputQuant: q);
                }));
            }
        }

        // REDUCE_PROD: quantized int8/int16 rescaled at every step; unquantized 8-bit values wrap.
        cases.Add(new("reduce_prod_int8_quantized", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [d.Int(1, 4), d.Int(1, 4), 3];
            return Reduce("reduce_prod_int8_quantized", BuiltinOperator.REDUCE_PROD, 2, d.Array(TensorType.Int8, s), [-1], keepDims: false,
                inputQuant: (0.02f, 3), outputQuant: (0.08f, -2));
        }));
        cases.Add(new("reduce_prod_int8_quantized_two_axes", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [2, d.Int(1, 3), 2];
            return Reduce("reduce_prod_int8_quantized_two_axes", BuiltinOperator.REDUCE_PROD, 2, d.Array(TensorType.Int8, s), [0, 2], keepDims: true,
                inputQuant: (0.03f, 0), outputQuant: (0.5f, 1));
        }));
        cases.Add(new("reduce_prod_int16_quantized", seed =>
        {
            var d = new CaseData(seed);
            int[] s = [d.Int(1, 4), 2];
            return Reduce("reduce_prod_int16_quantized", BuiltinOperator.REDUCE_PROD, 2, d.Array(TensorType.Int16, s), [1], keepDims: false,
                inputQuant: (0.01f, 0), outputQuant: (0.05f, 0));
        }));
        foreach (var t in new[] { TensorType.Int8, TensorType.UInt8, TensorType.Int16 })
        {
            string tn = TensorTypes.Name(t);
            cases.Add(new($"reduce_prod_{tn}_unquantized", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 4);
                return Reduce($"reduce_prod_{tn}_unquantized", BuiltinOperator.REDUCE_PROD, 1, d.Array(t, s), [0], keepDims: false);
            }));
        }

        // Bool: SUM and REDUCE_MAX are an OR, REDUCE_PROD and REDUCE_MIN an AND; REDUCE_ANY / REDUCE_ALL.
        foreach (var (name, op) in new[]
        {
            ("sum", BuiltinOperator.SUM), ("reduce_max", BuiltinOperator.REDUCE_MAX), ("reduce_min", BuiltinOperator.REDUCE_MIN),
            ("reduce_prod", BuiltinOperator.REDUCE_PROD), ("reduce_any", BuiltinOperator.REDUCE_ANY), ("reduce_all", BuiltinOperator.REDUCE_ALL),
        })
        {
            cases.Add(new($"{name}_bool", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 4);
                return Reduce($"{name}_bool", op, 1, d.Array(TensorType.Bool, s), [d.Int(0, 2)], keepDims: d.Bool());
            }));
        }
        foreach (var (name, op) in new[] { ("reduce_any", BuiltinOperator.REDUCE_ANY), ("reduce_all", BuiltinOperator.REDUCE_ALL) })
        {
            cases.Add(new($"{name}_bool_all_axes", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(2, 3);
                return Reduce($"{name}_bool_all_axes", op, 1, d.Array(TensorType.Bool, s), [0, 1], keepDims: true);
            }));
            cases.Add(new($"{name}_bool_dynamic_axis", seed =>
            {
                var d = new CaseData(seed);
                int[] s = d.Shape(3, 4);
                return Reduce($"{name}_bool_dynamic_axis", op, 1, d.Array(TensorType.Bool, s), [d.Int(0, 2), -1], keepDims: false, axisIsInput: true);
            }));
        }

        // An int64 axis: ManagedLite accepts it, TFLite's reduce.cc requires int32 (its error is the expectation there).
        cases.Add(new("mean_float_int64_axis", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3, 5);
            return Reduce("mean_float_int64_axis", BuiltinOperator.MEAN, 1, d.Array(TensorType.Float32, s), [1], keepDims: false, int64Axis: true)
                with { NativeUnsupported = "TFLite's reduce.cc requires an int32 axis tensor; ManagedLite also reads int64 (checked in Runtime.Tests ReductionOpTests)" };
        }));
    }

    /// <summary>A one-node reduction: data input, constant (or graph-input) axis, ReducerOptions.keep_dims.</summary>
    private static OpCase Reduce(string name, BuiltinOperator op, int version, NpyArray input, int[] axes, bool keepDims,
        (float, long)? inputQuant = null, (float, long)? outputQuant = null, bool axisIsInput = false, bool int64Axis = false)
    {
        var axis = int64Axis
            ? CaseData.Of(TensorType.Int64, [axes.Length], axes.Select(a => (long)a).ToArray())
            : CaseData.Of(TensorType.Int32, [axes.Length], axes);
        int rank = input.Shape.Length;
        var reduced = new bool[rank];
        if (rank > 0) foreach (int a in axes) reduced[a < 0 ? a + rank : a] = true;
        var outShape = new List<int>();
        for (int i = 0; i < rank; i++)
        {
            if (!reduced[i]) outShape.Add(input.Shape[i]);
            else if (keepDims) outShape.Add(1);
        }
        return SingleOp.Build(name, op, version, [input, axis], [(input.Type, outShape.ToArray())],
            optionsType: ReducerOptionsTag, options: [new OptionField(0, OptionKind.Bool, keepDims ? 1 : 0)],
            constant: [false, !axisIsInput], inputQuant: [inputQuant, null], outputQuant: [outputQuant]);
    }
}
