using ManagedLite.Robustness;
using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>Cases of the element-wise operators that ManagedLite had before the op-conformance suite (a baseline).</summary>
internal static partial class OpCases
{
    static partial void AddElementwise(List<OpCaseFactory> cases)
    {
        cases.Add(new("add_float_broadcast", seed =>
        {
            var d = new CaseData(seed);
            int[] a = d.Shape(4), b = [1, a[1], 1, a[3]];
            return SingleOp.Build("add_float_broadcast", BuiltinOperator.ADD, 1,
                [d.Array(TensorType.Float32, a), d.Array(TensorType.Float32, b)], [(TensorType.Float32, a)],
                optionsType: 11, options: [new OptionField(0, OptionKind.Byte, 0)]);
        }));
        cases.Add(new("add_int8_relu", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(3, 9);
            return SingleOp.Build("add_int8_relu", BuiltinOperator.ADD, 2,
                [d.Array(TensorType.Int8, s), d.Array(TensorType.Int8, s)], [(TensorType.Int8, s)],
                optionsType: 11, options: [new OptionField(0, OptionKind.Byte, 1)],
                inputQuant: [(0.05f, 3), (0.02f, -7)], outputQuant: [(0.06f, -10)]);
        }));
        cases.Add(new("tanh_float", seed =>
        {
            var d = new CaseData(seed);
            int[] s = d.Shape(2, 40);
            return SingleOp.Build("tanh_float", BuiltinOperator.TANH, 1, [d.Array(TensorType.Float32, s, scale: 4f)], [(TensorType.Float32, s)]);
        }));
    }
}
