using ManagedLite.Schema;
using static ManagedLite.Robustness.TinyModel;

namespace ManagedLite.OpConformance;

/// <summary>
/// Cases of the element-wise operators ManagedLite had before the op-conformance suite (ADD, SUB, MUL, DIV, MAXIMUM,
/// MINIMUM, SQUARED_DIFFERENCE, POW, the unary math and activation operators, CAST): one per type each accepts.
/// </summary>
internal static class ElementwiseTypeCases
{
    public static void Add(List<OpCaseFactory> cases)
    {
    }
}
