using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>PackOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record PackOptions : IBuiltinOptions<PackOptions>
{
    public int ValuesCount { get; init; } = 0;
    public int Axis { get; init; } = 0;

    public static PackOptions Parse(OptionsTable table)
    {
        if (table.Get<G.PackOptions>(G.BuiltinOptions.PackOptions) is not G.PackOptions o)
            return new();
        return new()
        {
            ValuesCount = o.ValuesCount,
            Axis = o.Axis,
        };
    }
}
