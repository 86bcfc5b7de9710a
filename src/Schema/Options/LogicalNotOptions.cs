using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LogicalNotOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LogicalNotOptions : IBuiltinOptions<LogicalNotOptions>
{
    public static LogicalNotOptions Parse(OptionsTable table)
    {
        table.Get<G.LogicalNotOptions>(G.BuiltinOptions.LogicalNotOptions);
        return new();
    }
}
