using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>NonMaxSuppressionV5Options</c>: a table without fields (the operator has no options).</summary>
public sealed record NonMaxSuppressionV5Options : IBuiltinOptions<NonMaxSuppressionV5Options>
{
    public static NonMaxSuppressionV5Options Parse(OptionsTable table)
    {
        table.Get<G.NonMaxSuppressionV5Options>(G.BuiltinOptions.NonMaxSuppressionV5Options);
        return new();
    }
}
