using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>TransposeOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record TransposeOptions : IBuiltinOptions<TransposeOptions>
{
    public static TransposeOptions Parse(OptionsTable table)
    {
        table.Get<G.TransposeOptions>(G.BuiltinOptions.TransposeOptions);
        return new();
    }
}
