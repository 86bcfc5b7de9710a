using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>EqualOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record EqualOptions : IBuiltinOptions<EqualOptions>
{
    public static EqualOptions Parse(OptionsTable table)
    {
        table.Get<G.EqualOptions>(G.BuiltinOptions.EqualOptions);
        return new();
    }
}
