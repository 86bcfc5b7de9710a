namespace ManagedLite.Schema;

/// <summary>TFLite <c>SubOptions</c>; property defaults are the schema's defaults.</summary>
public sealed record SubOptions : IBuiltinOptions<SubOptions>
{
    public ActivationFunctionType FusedActivation { get; init; } = ActivationFunctionType.None;
    public bool PotScaleInt16 { get; init; } = true;

    // SKELETON: the schema work replaces this body with a real parse of the table.
    public static SubOptions Parse(OptionsTable table) => table.IsPresent ? throw new NotImplementedException("SubOptions.Parse") : new();
}
