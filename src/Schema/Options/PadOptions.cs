using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>PadOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record PadOptions : IBuiltinOptions<PadOptions>
{
    public static PadOptions Parse(OptionsTable table)
    {
        table.Get<G.PadOptions>(G.BuiltinOptions.PadOptions);
        return new();
    }
}
