using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>FillOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record FillOptions : IBuiltinOptions<FillOptions>
{
    public static FillOptions Parse(OptionsTable table)
    {
        table.Get<G.FillOptions>(G.BuiltinOptions.FillOptions);
        return new();
    }
}
