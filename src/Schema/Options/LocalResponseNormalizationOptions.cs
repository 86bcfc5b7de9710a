using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>LocalResponseNormalizationOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record LocalResponseNormalizationOptions : IBuiltinOptions<LocalResponseNormalizationOptions>
{
    public int Radius { get; init; } = 0;
    public float Bias { get; init; } = 0f;
    public float Alpha { get; init; } = 0f;
    public float Beta { get; init; } = 0f;

    public static LocalResponseNormalizationOptions Parse(OptionsTable table)
    {
        if (table.Get<G.LocalResponseNormalizationOptions>(G.BuiltinOptions.LocalResponseNormalizationOptions) is not G.LocalResponseNormalizationOptions o)
            return new();
        return new()
        {
            Radius = o.Radius,
            Bias = o.Bias,
            Alpha = o.Alpha,
            Beta = o.Beta,
        };
    }
}
