using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SignOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record SignOptions : IBuiltinOptions<SignOptions>
{
    public static SignOptions Parse(OptionsTable table)
    {
        table.Get<G.SignOptions>(G.BuiltinOptions.SignOptions);
        return new();
    }
}
