using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>MaximumMinimumOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record MaximumMinimumOptions : IBuiltinOptions<MaximumMinimumOptions>
{
    public static MaximumMinimumOptions Parse(OptionsTable table)
    {
        table.Get<G.MaximumMinimumOptions>(G.BuiltinOptions.MaximumMinimumOptions);
        return new();
    }
}
