using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SliceOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SliceOptions : IBuiltinOptions<SliceOptions>
{
    public static SliceOptions Parse(OptionsTable table)
    {
        table.Get<G.SliceOptions>(G.BuiltinOptions.SliceOptions);
        return new();
    }
}
