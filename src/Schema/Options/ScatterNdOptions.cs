using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ScatterNdOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record ScatterNdOptions : IBuiltinOptions<ScatterNdOptions>
{
    public static ScatterNdOptions Parse(OptionsTable table)
    {
        table.Get<G.ScatterNdOptions>(G.BuiltinOptions.ScatterNdOptions);
        return new();
    }
}
