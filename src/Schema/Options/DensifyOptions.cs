using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DensifyOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record DensifyOptions : IBuiltinOptions<DensifyOptions>
{
    public static DensifyOptions Parse(OptionsTable table)
    {
        table.Get<G.DensifyOptions>(G.BuiltinOptions.DensifyOptions);
        return new();
    }
}
