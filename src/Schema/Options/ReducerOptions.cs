namespace ManagedLite.Schema;

/// <summary>TFLite <c>ReducerOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ReducerOptions : IBuiltinOptions<ReducerOptions>
{
    public bool KeepDims { get; init; } = false;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static ReducerOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("ReducerOptions.Parse") : new();
}
