using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BitcastOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record BitcastOptions : IBuiltinOptions<BitcastOptions>
{
    public static BitcastOptions Parse(OptionsTable table)
    {
        table.Get<G.BitcastOptions>(G.BuiltinOptions.BitcastOptions);
        return new();
    }
}
