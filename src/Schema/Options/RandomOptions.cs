using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>RandomOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record RandomOptions : IBuiltinOptions<RandomOptions>
{
    public long Seed { get; init; } = 0;
    public long Seed2 { get; init; } = 0;

    public static RandomOptions Parse(OptionsTable table)
    {
        if (table.Get<G.RandomOptions>(G.BuiltinOptions.RandomOptions) is not G.RandomOptions o)
            return new();
        return new()
        {
            Seed = o.Seed,
            Seed2 = o.Seed2,
        };
    }
}
