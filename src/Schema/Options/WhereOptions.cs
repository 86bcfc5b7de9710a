using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>WhereOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record WhereOptions : IBuiltinOptions<WhereOptions>
{
    public static WhereOptions Parse(OptionsTable table)
    {
        table.Get<G.WhereOptions>(G.BuiltinOptions.WhereOptions);
        return new();
    }
}
