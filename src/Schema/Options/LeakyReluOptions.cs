namespace ManagedLite.Schema;

/// <summary>TFLite <c>LeakyReluOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record LeakyReluOptions : IBuiltinOptions<LeakyReluOptions>
{
    public float Alpha { get; init; } = 0f;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static LeakyReluOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("LeakyReluOptions.Parse") : new();
}
