using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>NegOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record NegOptions : IBuiltinOptions<NegOptions>
{
    public static NegOptions Parse(OptionsTable table)
    {
        table.Get<G.NegOptions>(G.BuiltinOptions.NegOptions);
        return new();
    }
}
