using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SelectV2Options</c>: a table without fields (the operator has no options).</summary>
public sealed record SelectV2Options : IBuiltinOptions<SelectV2Options>
{
    public static SelectV2Options Parse(OptionsTable table)
    {
        table.Get<G.SelectV2Options>(G.BuiltinOptions.SelectV2Options);
        return new();
    }
}
