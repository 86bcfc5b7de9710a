namespace ManagedLite.Schema;

/// <summary>TFLite <c>GeluOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record GeluOptions : IBuiltinOptions<GeluOptions>
{
    public bool Approximate { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static GeluOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("GeluOptions.Parse") : new();
}
