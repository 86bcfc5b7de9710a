using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>HashtableSizeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record HashtableSizeOptions : IBuiltinOptions<HashtableSizeOptions>
{
    public static HashtableSizeOptions Parse(OptionsTable table)
    {
        table.Get<G.HashtableSizeOptions>(G.BuiltinOptions.HashtableSizeOptions);
        return new();
    }
}
