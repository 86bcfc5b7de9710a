using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SegmentSumOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SegmentSumOptions : IBuiltinOptions<SegmentSumOptions>
{
    public static SegmentSumOptions Parse(OptionsTable table)
    {
        table.Get<G.SegmentSumOptions>(G.BuiltinOptions.SegmentSumOptions);
        return new();
    }
}
