using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SparseToDenseOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SparseToDenseOptions : IBuiltinOptions<SparseToDenseOptions>
{
    public bool ValidateIndices { get; init; } = false;

    public static SparseToDenseOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SparseToDenseOptions>(G.BuiltinOptions.SparseToDenseOptions) is not G.SparseToDenseOptions o)
            return new();
        return new() { ValidateIndices = o.ValidateIndices };
    }
}
