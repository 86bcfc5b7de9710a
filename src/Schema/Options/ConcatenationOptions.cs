namespace ManagedLite.Schema;

/// <summary>TFLite <c>ConcatenationOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record ConcatenationOptions : IBuiltinOptions<ConcatenationOptions>
{
    public int Axis { get; init; } = 0;
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static ConcatenationOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("ConcatenationOptions.Parse") : new();
}
