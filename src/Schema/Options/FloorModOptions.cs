using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>FloorModOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record FloorModOptions : IBuiltinOptions<FloorModOptions>
{
    public static FloorModOptions Parse(OptionsTable table)
    {
        table.Get<G.FloorModOptions>(G.BuiltinOptions.FloorModOptions);
        return new();
    }
}
