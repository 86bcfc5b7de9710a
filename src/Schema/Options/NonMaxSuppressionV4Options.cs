using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>NonMaxSuppressionV4Options</c>: a table without fields (the operator has no options).</summary>
public sealed record NonMaxSuppressionV4Options : IBuiltinOptions<NonMaxSuppressionV4Options>
{
    public static NonMaxSuppressionV4Options Parse(OptionsTable table)
    {
        table.Get<G.NonMaxSuppressionV4Options>(G.BuiltinOptions.NonMaxSuppressionV4Options);
        return new();
    }
}
