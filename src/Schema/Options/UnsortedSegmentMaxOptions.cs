using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnsortedSegmentMaxOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record UnsortedSegmentMaxOptions : IBuiltinOptions<UnsortedSegmentMaxOptions>
{
    public static UnsortedSegmentMaxOptions Parse(OptionsTable table)
    {
        table.Get<G.UnsortedSegmentMaxOptions>(G.BuiltinOptions.UnsortedSegmentMaxOptions);
        return new();
    }
}
