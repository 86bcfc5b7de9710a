using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>AssignVariableOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record AssignVariableOptions : IBuiltinOptions<AssignVariableOptions>
{
    public static AssignVariableOptions Parse(OptionsTable table)
    {
        table.Get<G.AssignVariableOptions>(G.BuiltinOptions.AssignVariableOptions);
        return new();
    }
}
