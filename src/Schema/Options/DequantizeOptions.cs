using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DequantizeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record DequantizeOptions : IBuiltinOptions<DequantizeOptions>
{
    public static DequantizeOptions Parse(OptionsTable table)
    {
        table.Get<G.DequantizeOptions>(G.BuiltinOptions.DequantizeOptions);
        return new();
    }
}
