using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>GatherNdOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record GatherNdOptions : IBuiltinOptions<GatherNdOptions>
{
    public static GatherNdOptions Parse(OptionsTable table)
    {
        table.Get<G.GatherNdOptions>(G.BuiltinOptions.GatherNdOptions);
        return new();
    }
}
