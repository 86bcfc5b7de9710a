using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnsortedSegmentMinOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record UnsortedSegmentMinOptions : IBuiltinOptions<UnsortedSegmentMinOptions>
{
    public static UnsortedSegmentMinOptions Parse(OptionsTable table)
    {
        table.Get<G.UnsortedSegmentMinOptions>(G.BuiltinOptions.UnsortedSegmentMinOptions);
        return new();
    }
}
