using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>PowOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record PowOptions : IBuiltinOptions<PowOptions>
{
    public static PowOptions Parse(OptionsTable table)
    {
        table.Get<G.PowOptions>(G.BuiltinOptions.PowOptions);
        return new();
    }
}
