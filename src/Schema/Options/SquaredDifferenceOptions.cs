using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SquaredDifferenceOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SquaredDifferenceOptions : IBuiltinOptions<SquaredDifferenceOptions>
{
    public static SquaredDifferenceOptions Parse(OptionsTable table)
    {
        table.Get<G.SquaredDifferenceOptions>(G.BuiltinOptions.SquaredDifferenceOptions);
        return new();
    }
}
