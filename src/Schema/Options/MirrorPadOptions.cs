namespace ManagedLite.Schema;

/// <summary>TFLite <c>MirrorPadOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record MirrorPadOptions : IBuiltinOptions<MirrorPadOptions>
{
    public MirrorPadMode Mode { get; init; } = MirrorPadMode.Reflect;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static MirrorPadOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("MirrorPadOptions.Parse") : new();
}
