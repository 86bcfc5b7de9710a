using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SquareOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SquareOptions : IBuiltinOptions<SquareOptions>
{
    public static SquareOptions Parse(OptionsTable table)
    {
        table.Get<G.SquareOptions>(G.BuiltinOptions.SquareOptions);
        return new();
    }
}
