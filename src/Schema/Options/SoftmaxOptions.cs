using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SoftmaxOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SoftmaxOptions : IBuiltinOptions<SoftmaxOptions>
{
    public float Beta { get; init; } = 0f;

    public static SoftmaxOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SoftmaxOptions>(G.BuiltinOptions.SoftmaxOptions) is not G.SoftmaxOptions o)
            return new();
        return new()
        {
            Beta = o.Beta,
        };
    }
}
