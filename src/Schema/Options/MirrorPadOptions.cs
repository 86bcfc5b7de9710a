using G = ManagedLite.Schema.Generated;

namespace ManagedLite.Schema;

/// <summary>TFLite <c>MirrorPadOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record MirrorPadOptions : IBuiltinOptions<MirrorPadOptions>
{
    public MirrorPadMode Mode { get; init; } = MirrorPadMode.Reflect;

    public static MirrorPadOptions Parse(OptionsTable table)
    {
        if (table.Get<G.MirrorPadOptions>(G.BuiltinOptions.MirrorPadOptions) is not G.MirrorPadOptions o)
            return new();
        return new()
        {
            Mode = table.ToMirrorPadMode(o.Mode, "MirrorPadOptions"),
        };
    }
}
