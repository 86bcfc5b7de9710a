using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LeakyReluOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record LeakyReluOptions : IBuiltinOptions<LeakyReluOptions>
{
    public float Alpha { get; init; } = 0f;

    public static LeakyReluOptions Parse(OptionsTable table)
    {
        if (table.Get<G.LeakyReluOptions>(G.BuiltinOptions.LeakyReluOptions) is not G.LeakyReluOptions o)
            return new();
        return new()
        {
            Alpha = o.Alpha,
        };
    }
}
