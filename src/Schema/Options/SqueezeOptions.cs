using G = ManagedLite.Schema.Generated;
using S = ManagedLite.Schema.Generated.SchemaLayout.Slots;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SqueezeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SqueezeOptions : IBuiltinOptions<SqueezeOptions>
{
    public int[] SqueezeDims { get; init; } = [];

    public static SqueezeOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SqueezeOptions>(G.BuiltinOptions.SqueezeOptions) is not G.SqueezeOptions)
            return new();
        return new()
        {
            SqueezeDims = table.Ints(S.SqueezeOptions.SqueezeDims, "SqueezeOptions", "squeeze_dims"),
        };
    }
}
