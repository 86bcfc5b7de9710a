using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>NotEqualOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record NotEqualOptions : IBuiltinOptions<NotEqualOptions>
{
    public static NotEqualOptions Parse(OptionsTable table)
    {
        table.Get<G.NotEqualOptions>(G.BuiltinOptions.NotEqualOptions);
        return new();
    }
}
