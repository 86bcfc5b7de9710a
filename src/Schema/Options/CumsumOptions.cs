using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>CumsumOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record CumsumOptions : IBuiltinOptions<CumsumOptions>
{
    public bool Exclusive { get; init; } = false;
    public bool Reverse { get; init; } = false;

    public static CumsumOptions Parse(OptionsTable table)
    {
        if (table.Get<G.CumsumOptions>(G.BuiltinOptions.CumsumOptions) is not G.CumsumOptions o)
            return new();
        return new()
        {
            Exclusive = o.Exclusive,
            Reverse = o.Reverse,
        };
    }
}
