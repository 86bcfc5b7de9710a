namespace ManagedLite.Schema;

/// <summary>TFLite <c>SpaceToDepthOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SpaceToDepthOptions : IBuiltinOptions<SpaceToDepthOptions>
{
    public int BlockSize { get; init; } = 0;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SpaceToDepthOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SpaceToDepthOptions.Parse") : new();
}
