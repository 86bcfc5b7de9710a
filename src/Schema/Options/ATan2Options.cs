using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ATan2Options</c>: a table without fields (the operator has no options).</summary>
public sealed record ATan2Options : IBuiltinOptions<ATan2Options>
{
    public static ATan2Options Parse(OptionsTable table)
    {
        table.Get<G.ATan2Options>(G.BuiltinOptions.ATan2Options);
        return new();
    }
}
