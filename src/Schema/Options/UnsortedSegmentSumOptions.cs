using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnsortedSegmentSumOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record UnsortedSegmentSumOptions : IBuiltinOptions<UnsortedSegmentSumOptions>
{
    public static UnsortedSegmentSumOptions Parse(OptionsTable table)
    {
        table.Get<G.UnsortedSegmentSumOptions>(G.BuiltinOptions.UnsortedSegmentSumOptions);
        return new();
    }
}
