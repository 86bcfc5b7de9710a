using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>HashtableImportOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record HashtableImportOptions : IBuiltinOptions<HashtableImportOptions>
{
    public static HashtableImportOptions Parse(OptionsTable table)
    {
        table.Get<G.HashtableImportOptions>(G.BuiltinOptions.HashtableImportOptions);
        return new();
    }
}
