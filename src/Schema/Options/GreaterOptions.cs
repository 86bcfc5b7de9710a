using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>GreaterOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record GreaterOptions : IBuiltinOptions<GreaterOptions>
{
    public static GreaterOptions Parse(OptionsTable table)
    {
        table.Get<G.GreaterOptions>(G.BuiltinOptions.GreaterOptions);
        return new();
    }
}
