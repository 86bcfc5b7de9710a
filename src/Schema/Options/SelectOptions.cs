using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SelectOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SelectOptions : IBuiltinOptions<SelectOptions>
{
    public static SelectOptions Parse(OptionsTable table)
    {
        table.Get<G.SelectOptions>(G.BuiltinOptions.SelectOptions);
        return new();
    }
}
