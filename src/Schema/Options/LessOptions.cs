using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LessOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record LessOptions : IBuiltinOptions<LessOptions>
{
    public static LessOptions Parse(OptionsTable table)
    {
        table.Get<G.LessOptions>(G.BuiltinOptions.LessOptions);
        return new();
    }
}
