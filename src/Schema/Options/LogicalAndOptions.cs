using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LogicalAndOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LogicalAndOptions : IBuiltinOptions<LogicalAndOptions>
{
    public static LogicalAndOptions Parse(OptionsTable table)
    {
        table.Get<G.LogicalAndOptions>(G.BuiltinOptions.LogicalAndOptions);
        return new();
    }
}
