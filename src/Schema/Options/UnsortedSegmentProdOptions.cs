using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>UnsortedSegmentProdOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record UnsortedSegmentProdOptions : IBuiltinOptions<UnsortedSegmentProdOptions>
{
    public static UnsortedSegmentProdOptions Parse(OptionsTable table)
    {
        table.Get<G.UnsortedSegmentProdOptions>(G.BuiltinOptions.UnsortedSegmentProdOptions);
        return new();
    }
}
