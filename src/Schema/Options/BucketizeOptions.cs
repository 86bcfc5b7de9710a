using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BucketizeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BucketizeOptions : IBuiltinOptions<BucketizeOptions>
{
    public float[] Boundaries { get; init; } = System.Array.Empty<float>();

    public static BucketizeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.BucketizeOptions>(G.BuiltinOptions.BucketizeOptions) is not G.BucketizeOptions o)
            return new();
        var boundaries = new float[o.BoundariesLength];
        for (int i = 0; i < boundaries.Length; i++) boundaries[i] = o.Boundaries(i);
        return new() { Boundaries = boundaries };
    }
}
