using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>RankOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record RankOptions : IBuiltinOptions<RankOptions>
{
    public static RankOptions Parse(OptionsTable table)
    {
        table.Get<G.RankOptions>(G.BuiltinOptions.RankOptions);
        return new();
    }
}
