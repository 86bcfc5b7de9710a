using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>OneHotOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record OneHotOptions : IBuiltinOptions<OneHotOptions>
{
    public int Axis { get; init; } = 0;

    public static OneHotOptions Parse(OptionsTable table)
    {
        if (table.Get<G.OneHotOptions>(G.BuiltinOptions.OneHotOptions) is not G.OneHotOptions o)
            return new();
        return new()
        {
            Axis = o.Axis,
        };
    }
}
