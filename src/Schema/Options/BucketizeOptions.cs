using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>BucketizeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record BucketizeOptions : IBuiltinOptions<BucketizeOptions>
{
    public float[] Boundaries { get; init; } = [];

    public static BucketizeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.BucketizeOptions>(G.BuiltinOptions.BucketizeOptions) is not G.BucketizeOptions)
            return new();
        return new()
        {
            Boundaries = table.Floats(S.BucketizeOptions.Boundaries, "BucketizeOptions", "boundaries"),
        };
    }
}
