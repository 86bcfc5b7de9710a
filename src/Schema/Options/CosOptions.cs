using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>CosOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record CosOptions : IBuiltinOptions<CosOptions>
{
    public static CosOptions Parse(OptionsTable table)
    {
        table.Get<G.CosOptions>(G.BuiltinOptions.CosOptions);
        return new();
    }
}
