using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>SpaceToDepthOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SpaceToDepthOptions : IBuiltinOptions<SpaceToDepthOptions>
{
    public int BlockSize { get; init; } = 0;

    public static SpaceToDepthOptions Parse(OptionsTable table)
    {
        if (table.Get<G.SpaceToDepthOptions>(G.BuiltinOptions.SpaceToDepthOptions) is not G.SpaceToDepthOptions o)
            return new();
        return new()
        {
            BlockSize = o.BlockSize,
        };
    }
}
