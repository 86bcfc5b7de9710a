namespace ManagedLite.Schema;

/// <summary>TFLite <c>DepthToSpaceOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record DepthToSpaceOptions : IBuiltinOptions<DepthToSpaceOptions>
{
    public int BlockSize { get; init; } = 0;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static DepthToSpaceOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("DepthToSpaceOptions.Parse") : new();
}
