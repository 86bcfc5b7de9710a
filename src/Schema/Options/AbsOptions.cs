using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>AbsOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record AbsOptions : IBuiltinOptions<AbsOptions>
{
    public static AbsOptions Parse(OptionsTable table)
    {
        table.Get<G.AbsOptions>(G.BuiltinOptions.AbsOptions);
        return new();
    }
}
