using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReverseV2Options</c>: a table without fields (the operator has no options).</summary>
public sealed record ReverseV2Options : IBuiltinOptions<ReverseV2Options>
{
    public static ReverseV2Options Parse(OptionsTable table)
    {
        table.Get<G.ReverseV2Options>(G.BuiltinOptions.ReverseV2Options);
        return new();
    }
}
