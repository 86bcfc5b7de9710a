using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SpaceToBatchNDOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SpaceToBatchNDOptions : IBuiltinOptions<SpaceToBatchNDOptions>
{
    public static SpaceToBatchNDOptions Parse(OptionsTable table)
    {
        table.Get<G.SpaceToBatchNDOptions>(G.BuiltinOptions.SpaceToBatchNDOptions);
        return new();
    }
}
