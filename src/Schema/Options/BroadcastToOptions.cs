using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BroadcastToOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record BroadcastToOptions : IBuiltinOptions<BroadcastToOptions>
{
    public static BroadcastToOptions Parse(OptionsTable table)
    {
        table.Get<G.BroadcastToOptions>(G.BuiltinOptions.BroadcastToOptions);
        return new();
    }
}
