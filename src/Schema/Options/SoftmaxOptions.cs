namespace ManagedLite.Schema;

/// <summary>TFLite <c>SoftmaxOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SoftmaxOptions : IBuiltinOptions<SoftmaxOptions>
{
    public float Beta { get; init; } = 0f;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SoftmaxOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SoftmaxOptions.Parse") : new();
}
