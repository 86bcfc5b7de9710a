using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>GreaterEqualOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record GreaterEqualOptions : IBuiltinOptions<GreaterEqualOptions>
{
    public static GreaterEqualOptions Parse(OptionsTable table)
    {
        table.Get<G.GreaterEqualOptions>(G.BuiltinOptions.GreaterEqualOptions);
        return new();
    }
}
