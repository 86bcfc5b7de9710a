using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LSHProjectionOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record LSHProjectionOptions : IBuiltinOptions<LSHProjectionOptions>
{
    public LSHProjectionType Type { get; init; } = LSHProjectionType.Unknown;

    public static LSHProjectionOptions Parse(OptionsTable table)
    {
        if (table.Get<G.LSHProjectionOptions>(G.BuiltinOptions.LSHProjectionOptions) is not G.LSHProjectionOptions o)
            return new();
        return new()
        {
            Type = (LSHProjectionType)table.EnumValue((long)o.Type, 2, "LSHProjectionOptions", "type", "LSHProjectionType"),
        };
    }
}
