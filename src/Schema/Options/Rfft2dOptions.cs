using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>Rfft2dOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record Rfft2dOptions : IBuiltinOptions<Rfft2dOptions>
{
    public static Rfft2dOptions Parse(OptionsTable table)
    {
        table.Get<G.Rfft2dOptions>(G.BuiltinOptions.Rfft2dOptions);
        return new();
    }
}
