using ManagedLite.Runtime.Tests.ControlFlow;
using ManagedLite.Schema;

namespace ManagedLite.OpConformance;

/// <summary>WHILE (flat, nested, shape-changing), IF and CALL_ONCE with resource variables, against native TFLite.</summary>
internal static partial class OpCases
{
    static partial void AddControlFlow(List<OpCaseFactory> cases)
    {
        cases.Add(new("while_doubling", seed =>
        {
            var d = new CaseData(seed);
            return new OpCase("while_doubling", ControlFlowModels.Doubling(),
                [CaseData.Of(TensorType.Int32, [1], 0), CaseData.Of(TensorType.Int32, [1], d.Int(0, 9)), d.Array(TensorType.Float32, [2])]);
        }));
        cases.Add(new("while_nested", seed =>
        {
            var d = new CaseData(seed);
            return new OpCase("while_nested", ControlFlowModels.Nested(),
                [CaseData.Of(TensorType.Int32, [1], 0), CaseData.Of(TensorType.Int32, [1], d.Int(1, 6)), d.Array(TensorType.Float32, [2])]);
        }));
        cases.Add(new("while_growing", seed =>
        {
            var d = new CaseData(seed);
            return new OpCase("while_growing", ControlFlowModels.Growing(),
                [d.Array(TensorType.Float32, [1, 2]), CaseData.Of(TensorType.Int32, [1], d.Int(1, 7))]);
        }));
        foreach (bool c in new[] { true, false })
        {
            string name = $"if_{(c ? "then" : "else")}";
            cases.Add(new(name, seed =>
            {
                var d = new CaseData(seed);
                return new OpCase(name, ControlFlowModels.Branch(),
                    [CaseData.Of(TensorType.Bool, [1], c), d.Array(TensorType.Float32, [4]), d.Array(TensorType.Float32, [4])]);
            }));
        }
        cases.Add(new("call_once_variables", seed =>
        {
            var d = new CaseData(seed);
            return new OpCase("call_once_variables", ControlFlowModels.Accumulator(), [d.Array(TensorType.Float32, [2])]);
        }));
    }
}
