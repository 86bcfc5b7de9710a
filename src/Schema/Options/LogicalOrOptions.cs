using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LogicalOrOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LogicalOrOptions : IBuiltinOptions<LogicalOrOptions>
{
    public static LogicalOrOptions Parse(OptionsTable table)
    {
        table.Get<G.LogicalOrOptions>(G.BuiltinOptions.LogicalOrOptions);
        return new();
    }
}
