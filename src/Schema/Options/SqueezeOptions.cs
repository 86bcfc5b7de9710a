namespace ManagedLite.Schema;

/// <summary>TFLite <c>SqueezeOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SqueezeOptions : IBuiltinOptions<SqueezeOptions>
{
    public int[] SqueezeDims { get; init; } = System.Array.Empty<int>();

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SqueezeOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SqueezeOptions.Parse") : new();
}
