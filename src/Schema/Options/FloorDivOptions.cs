using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>FloorDivOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record FloorDivOptions : IBuiltinOptions<FloorDivOptions>
{
    public static FloorDivOptions Parse(OptionsTable table)
    {
        table.Get<G.FloorDivOptions>(G.BuiltinOptions.FloorDivOptions);
        return new();
    }
}
