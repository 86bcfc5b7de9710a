using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LessEqualOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LessEqualOptions : IBuiltinOptions<LessEqualOptions>
{
    public static LessEqualOptions Parse(OptionsTable table)
    {
        table.Get<G.LessEqualOptions>(G.BuiltinOptions.LessEqualOptions);
        return new();
    }
}
