using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>QuantizeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record QuantizeOptions : IBuiltinOptions<QuantizeOptions>
{
    public static QuantizeOptions Parse(OptionsTable table)
    {
        table.Get<G.QuantizeOptions>(G.BuiltinOptions.QuantizeOptions);
        return new();
    }
}
