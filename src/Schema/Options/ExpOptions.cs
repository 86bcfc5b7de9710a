using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ExpOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record ExpOptions : IBuiltinOptions<ExpOptions>
{
    public static ExpOptions Parse(OptionsTable table)
    {
        table.Get<G.ExpOptions>(G.BuiltinOptions.ExpOptions);
        return new();
    }
}
