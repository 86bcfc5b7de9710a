using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>GeluOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record GeluOptions : IBuiltinOptions<GeluOptions>
{
    public bool Approximate { get; init; } = false;

    public static GeluOptions Parse(OptionsTable table)
    {
        if (table.Get<G.GeluOptions>(G.BuiltinOptions.GeluOptions) is not G.GeluOptions o)
            return new();
        return new()
        {
            Approximate = o.Approximate,
        };
    }
}
