namespace ManagedLite.Schema;

/// <summary>TFLite <c>AddOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record AddOptions : IBuiltinOptions<AddOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool PotScaleInt16 { get; init; } = true;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static AddOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("AddOptions.Parse") : new();
}
