using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>HashtableFindOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record HashtableFindOptions : IBuiltinOptions<HashtableFindOptions>
{
    public static HashtableFindOptions Parse(OptionsTable table)
    {
        table.Get<G.HashtableFindOptions>(G.BuiltinOptions.HashtableFindOptions);
        return new();
    }
}
