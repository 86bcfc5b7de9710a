using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>HardSwishOptions</c>: a table without fields (the operator has no options).</summary>
public sealed record HardSwishOptions : IBuiltinOptions<HardSwishOptions>
{
    public static HardSwishOptions Parse(OptionsTable table)
    {
        table.Get<G.HardSwishOptions>(G.BuiltinOptions.HardSwishOptions);
        return new();
    }
}
