using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SqueezeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SqueezeOptions : IBuiltinOptions<SqueezeOptions>
{
    public int[] SqueezeDims { get; init; } = System.Array.Empty<int>();

    public static SqueezeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SqueezeOptions>(G.BuiltinOptions.SqueezeOptions) is not G.SqueezeOptions o)
            return new();
        return new()
        {
            SqueezeDims = o.GetSqueezeDimsArray() ?? [],
        };
    }
}
