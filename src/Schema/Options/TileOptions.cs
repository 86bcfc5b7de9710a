using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>TileOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record TileOptions : IBuiltinOptions<TileOptions>
{
    public static TileOptions Parse(OptionsTable table)
    {
        table.Get<G.TileOptions>(G.BuiltinOptions.TileOptions);
        return new();
    }
}
