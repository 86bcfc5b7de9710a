using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BitwiseXorOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record BitwiseXorOptions : IBuiltinOptions<BitwiseXorOptions>
{
    public static BitwiseXorOptions Parse(OptionsTable table)
    {
        table.Get<G.BitwiseXorOptions>(G.BuiltinOptions.BitwiseXorOptions);
        return new();
    }
}
