using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>DepthToSpaceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DepthToSpaceOptions : IBuiltinOptions<DepthToSpaceOptions>
{
    public int BlockSize { get; init; } = 0;

    public static DepthToSpaceOptions Parse(OptionsTable table)
    {
        if (table.Get<G.DepthToSpaceOptions>(G.BuiltinOptions.DepthToSpaceOptions) is not G.DepthToSpaceOptions o)
            return new();
        return new()
        {
            BlockSize = o.BlockSize,
        };
    }
}
