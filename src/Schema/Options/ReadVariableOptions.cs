using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReadVariableOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record ReadVariableOptions : IBuiltinOptions<ReadVariableOptions>
{
    public static ReadVariableOptions Parse(OptionsTable table)
    {
        table.Get<G.ReadVariableOptions>(G.BuiltinOptions.ReadVariableOptions);
        return new();
    }
}
