using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>RangeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record RangeOptions : IBuiltinOptions<RangeOptions>
{
    public static RangeOptions Parse(OptionsTable table)
    {
        table.Get<G.RangeOptions>(G.BuiltinOptions.RangeOptions);
        return new();
    }
}
